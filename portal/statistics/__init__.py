"""Open statistics: per organisation, message type and month, what was delivered, opened in time or never,
and sent on paper, public for everyone (docs/statistics.md). A daily roll-up fills a small aggregate table;
the pages and the open data read only that."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from portal.cli import portal_cli
    from portal.statistics import models  # noqa: F401 -- the table, for db.table_models()
    from portal.statistics.cli import statistics_cli
    from portal.statistics.views import bp

    app.register_blueprint(bp)
    if "statistics" not in portal_cli.commands:
        portal_cli.add_command(statistics_cli)
