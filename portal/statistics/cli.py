"""`flask --app wsgi portal statistics rollup [--since DATE]`: fill the public statistics' aggregate now."""

from __future__ import annotations

from datetime import date

import click
from flask.cli import AppGroup

statistics_cli = AppGroup("statistics", help="Open statistics: the daily roll-up.")


@statistics_cli.command("rollup")
@click.option("--since", default=None, metavar="YYYY-MM-DD",
              help="Recompute from this Dutch calendar day (back-fill history). Default: the first day of the "
                   "previous month, as the worker's daily run does.")
def rollup_command(since: str | None) -> None:
    """Recompute the statistics' daily counts from the messages, as the worker does every night."""
    from portal.clock import utcnow
    from portal.statistics.rollup import rollup

    try:
        first = date.fromisoformat(since) if since else None
    except ValueError as error:
        raise click.BadParameter("use a date like 2027-01-31", param_hint="--since") from error
    now = utcnow()
    if first and first.year < 1900:
        raise click.BadParameter("use a date after 1900", param_hint="--since")
    rows = rollup(now=now, since=first)
    click.echo(f"Statistics: {rows} day row(s) written.")
