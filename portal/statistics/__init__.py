"""Open statistics: per organisation, message type and month, what was delivered, opened in time or never,
and sent on paper, public for everyone (docs/statistics.md). A daily roll-up fills a small aggregate table;
the pages and the open data read only that."""

from __future__ import annotations

from flask import Flask

from portal.statistics import models  # noqa: F401 -- its table, defined when portal is imported (db.table_models())


def init_app(app: Flask) -> None:
    """/statistics and its open data; `portal statistics rollup`; the daily roll-up task; the tables' words."""
    from portal import cli, worker
    from portal.statistics.cli import statistics_cli
    from portal.statistics.views import bp
    from portal.statistics.words import words

    app.register_blueprint(bp)
    app.add_template_global(words, "statistics_words")
    cli.add_commands(statistics_cli)
    worker.add_task_module("portal.statistics.tasks")
