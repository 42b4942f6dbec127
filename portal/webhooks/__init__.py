"""Webhooks: senders' systems get signed Standard Webhooks events (opened, paper, deadline passed, …) through
an outbox the worker sends at least once; senders move deadlines through the API (docs/webhooks.md)."""

from __future__ import annotations

from flask import Flask

from portal.deadlines import before
from portal.models import EVENT_LISTENERS
from portal.webhooks import deadlines, events


def init_app(app: Flask) -> None:
    from portal.webhooks import cli, views

    if events.on_event not in EVENT_LISTENERS:
        EVENT_LISTENERS.append(events.on_event)
    app.register_blueprint(views.bp)
    app.add_template_global(deadlines.latest_change, "deadline_change")
    app.add_template_global(before, "deadline_before")
    from portal.cli import portal_cli

    for command in (cli.create_webhook, cli.list_webhooks, cli.delete_webhook):
        portal_cli.add_command(command)

    @app.teardown_appcontext
    def _ask_worker(_exc: BaseException | None) -> None:
        if events.take_kick():
            from portal.webhooks import tasks

            tasks.queue()
