"""`portal worker` (the job queue consumer) and `portal followup …` (run the follow-up now, for the demo)."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext


@click.command("worker")
@with_appcontext
@click.option("--workers", default=2, show_default=True, help="Worker threads.")
@click.option("--no-periodic", is_flag=True, help="Do not run the periodic tasks (another worker does).")
def worker(workers: int, no_periodic: bool) -> None:
    """Run the background worker: sends the outbox, applies follow-up policies, removes expired mail.

    Storage for the queue: SQLite in the instance folder, or Redis when HUEY_URL=redis://… is set.
    Stop it with Ctrl+C (or SIGTERM); a killed worker resumes where it was when started again."""
    from portal import worker as queue

    queue.run_consumer(current_app._get_current_object(), workers=workers, periodic=not no_periodic)


def register(group) -> None:
    group.add_command(worker)
