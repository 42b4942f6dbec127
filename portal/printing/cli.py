"""The print operator's commands: `portal print-batch [--out DIR]` and `portal mark-posted BATCH_ID`."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from portal.cli import fail
from portal.clock import utcnow
from portal.errors_domain import NotFound
from portal.paper.letters import render_print_letter
from portal.printing import services


@click.command("print-batch")
@with_appcontext
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder for the batch files (default: the instance folder's print/).")
def print_batch(out_dir: Path | None) -> None:
    """Collect every open paper request into one batch: a print-ready PDF and a manifest CSV.

    An interrupted run is finished first; its letters already rendered are not rendered (or printed) again.
    """
    out_dir = out_dir or Path(current_app.config["INSTANCE_DIR"]) / "print"
    resumed = services.unfinished_batch()
    if resumed:
        click.echo(f"Finishing batch {resumed.id} that an earlier run started ({resumed.letter_count} letters).")

    def bar(total: int):
        return click.progressbar(length=total, label="Rendering letters", show_pos=True, show_eta=True)

    files = services.produce(out_dir, now=utcnow(), render=render_print_letter, progress_factory=bar)
    if files is None:
        click.echo("Nothing to print: there are no open paper requests.")
        return
    for failed in files.failed:
        click.echo(f"Letter {failed.request_id} (message {failed.message_id}, reference {failed.reference or '-'}) "
                   f"could not be rendered: {failed.reason}. It is not in this batch and waits for the next run.",
                   err=True)
    batch = files.batch
    if batch is None:
        fail(f"no batch made: all {len(files.failed)} letter(s) failed.")
    click.echo(f"Batch {batch.id}: {batch.letter_count} letters, {batch.page_count} pages "
               f"({files.rendered_now} rendered by this run).")
    click.echo(f"PDF:      {files.pdf}")
    click.echo(f"Manifest: {files.manifest}")
    click.echo(f"After posting, run: flask --app wsgi portal mark-posted {batch.id}")


@click.command("mark-posted")
@with_appcontext
@click.argument("batch_id", type=int)
def mark_posted(batch_id: int) -> None:
    """Record that a batch went to the post: every letter in it becomes posted."""
    try:
        batch, changed = services.mark_posted(batch_id, now=utcnow())
    except NotFound:
        fail(f"there is no batch {batch_id}.")
    except services.BatchNotReady as error:
        fail(f"{error}.")
    if changed:
        click.echo(f"Batch {batch.id} is posted: {batch.letter_count} letters.")
    else:
        click.echo(f"Batch {batch.id} was already marked posted on {batch.posted_at:%Y-%m-%d %H:%M} UTC.")


COMMANDS = (print_batch, mark_posted)
