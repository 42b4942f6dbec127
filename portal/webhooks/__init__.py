"""Webhooks: senders' systems get signed Standard Webhooks events (opened, paper, deadline passed, …) through
an outbox the worker sends at least once; senders move deadlines through the API (docs/webhooks.md)."""

from __future__ import annotations

from datetime import datetime

from flask import Flask

from portal.deadlines import before
from portal.models import EVENT_LISTENERS
from portal.webhooks import deadlines, events


def init_app(app: Flask) -> None:
    """Runs before the API's init_app: its API routes join the API's blueprint before that is registered."""
    from portal import cli, followup, worker
    from portal.api import openapi
    from portal.inbox import services as inbox
    from portal.webhooks import (
        api,  # noqa: F401 -- adds PATCH /messages/<id> and /webhooks to the API blueprint
        views,
    )
    from portal.webhooks import cli as webhook_cli
    from portal.webhooks import openapi as webhook_openapi

    if events.on_event not in EVENT_LISTENERS:
        EVENT_LISTENERS.append(events.on_event)
    app.register_blueprint(views.bp)
    app.add_template_global(deadlines.latest_change, "deadline_change")
    inbox.page_flag("deadline_moved", deadlines.deadline_moved)
    app.add_template_global(before, "deadline_before")
    cli.add_commands(webhook_cli.create_webhook, webhook_cli.list_webhooks, webhook_cli.delete_webhook)
    worker.add_task_module("portal.webhooks.tasks")
    followup.add_run_step(_followup_step)
    openapi.add_part(openapi.Part(webhook_openapi.document_paths, webhook_openapi.webhooks, webhook_openapi.schemas))

    @app.teardown_appcontext
    def _ask_worker(_exc: BaseException | None) -> None:
        if events.take_kick():
            from portal.webhooks import tasks

            tasks.queue()


def _followup_step(now: datetime, *, synchronous: bool) -> str:
    """With every follow-up run: the "no reaction" signal for deadlines that passed; in `portal followup run`
    also the deliveries, at once."""
    from portal.webhooks import delivery

    passed = deadlines.passed(now)
    if not synchronous:
        return ""
    hooks = delivery.drain(now=now)
    if not (passed or hooks.delivered or hooks.retried or hooks.failed):
        return ""
    return (f"Webhooks: {passed} deadline(s) passed, {hooks.delivered} delivered, {hooks.retried} to retry, "
            f"{hooks.failed} failed.")
