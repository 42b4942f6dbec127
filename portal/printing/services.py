"""Print batches: every open paper request goes into one batch, rendered as one print-ready PDF plus a manifest.

A run has three steps, each safe to repeat:
1. claim: in one transaction, every `requested` request of a live message becomes `batched` in a new batch,
   in postcode order (the order of the manifest and the PDF). A request is claimed once: the update is
   conditional on `status = 'requested'`, so a request is never in two batches.
2. render: each letter is written to `letters/<position>-<request id>.pdf` (a temporary file renamed when
   complete). A resumed run renders only the letters that are not there yet: none is printed twice.
   A letter that cannot be rendered (over its time limit, a broken attachment) leaves the batch and waits
   again as `requested`; the run reports it (on_failure) and goes on with the rest.
3. combine: the letters in manifest order become `batch-<id>.pdf`, and `manifest.csv` lists each letter's
   page range; the batch is then `ready`. `mark_posted` makes it `posted`, with an event per letter.

Only the print operator's command line calls these (portal/printing/cli.py).
"""

from __future__ import annotations

import csv
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from portal.db import database
from portal.errors_domain import NotFound
from portal.models import Event, Message, Organisation
from portal.paper import timing
from portal.paper.addresses import address_from_columns
from portal.paper.models import PaperRequest, PrintBatch

MANIFEST_COLUMNS = ("letter_id", "position", "pages", "first_page", "last_page", "page_count", "name",
                    "address_line_1", "address_line_2", "postcode", "city", "organisation", "reference")


log = logging.getLogger(__name__)


@dataclass(frozen=True)
class LetterFailed:
    """One letter a run could not render: reported to the operator; its request waits for the next batch."""

    request_id: int
    message_id: int
    reference: str
    reason: str


class BatchNotReady(Exception):
    """The batch still has letters to render: run print-batch again first."""


@dataclass(frozen=True)
class BatchFiles:
    batch: PrintBatch | None  # None when every letter failed (then no batch is made)
    pdf: Path | None
    manifest: Path | None
    rendered_now: int  # letters rendered by this run (the rest were already there)
    failed: tuple[LetterFailed, ...] = ()  # letters left out of this batch


def unfinished_batch() -> PrintBatch | None:
    """A batch that a previous run started but did not finish."""
    return PrintBatch.select().where(PrintBatch.status == "printing").order_by(PrintBatch.id).first()


def waiting_count() -> int:
    """Open requests of live messages that the next batch will take."""
    return (PaperRequest.select().join(Message)
            .where(PaperRequest.status == "requested", Message.not_test()).count())


def claim_batch(out_dir: Path, *, now: datetime) -> PrintBatch | None:
    """Make a new batch of every waiting request (postcode order). None when nothing waits."""
    with database.atomic():
        # Written first, so on SQLite this transaction holds the write lock before it reads anything.
        batch = PrintBatch.create(status="printing", created_at=now)
        _cancel_test_requests(now)
        waiting = (PaperRequest.select(PaperRequest.id, PaperRequest.message, PaperRequest.citizen)
                   .join(Message).where(PaperRequest.status == "requested", Message.not_test())
                   .order_by(PaperRequest.address_postcode, PaperRequest.id))
        claimed = 0
        for request in waiting:
            changed = (PaperRequest.update(status="batched", batch=batch, batch_position=claimed + 1, batched_at=now)
                       .where(PaperRequest.id == request.id, PaperRequest.status == "requested").execute())
            if changed:
                claimed += 1
                Event.create(message=request.message_id, citizen=request.citizen_id, actor=None, kind="paper_batched",
                             at=now, detail=f"batch {batch.id}")
        if not claimed:
            batch.delete_instance()
            return None
        batch.letter_count = claimed
        batch.directory = str(Path(out_dir).resolve() / f"batch-{batch.id:05d}")
        batch.save()
    return batch


def _cancel_test_requests(now: datetime) -> None:
    """Test messages are never printed; a request that slipped in for one is cancelled, with an event."""
    slipped = list(PaperRequest.select().join(Message).where(PaperRequest.status == "requested",
                                                            Message.is_test == True))  # noqa: E712
    for request in slipped:
        PaperRequest.update(status="cancelled", cancelled_at=now).where(PaperRequest.id == request.id).execute()
        Event.create(message=request.message_id, citizen=request.citizen_id, actor=None, kind="paper_cancelled",
                     at=now, detail="test message: never printed")


def letters_of(batch: PrintBatch) -> list[PaperRequest]:
    return list(PaperRequest.select().where(PaperRequest.batch == batch).order_by(PaperRequest.batch_position))


def letter_path(batch: PrintBatch, request: PaperRequest) -> Path:
    return Path(batch.directory) / "letters" / f"{request.batch_position:05d}-{request.id}.pdf"


def render_letters(batch: PrintBatch, render: Callable[[PaperRequest], bytes],
                   progress: Callable[[int], None] | None = None) -> tuple[int, list[LetterFailed]]:
    """Render the letters of the batch that are not on disk yet. Returns how many were rendered now and the
    letters that could not be (taken out of the batch, back to `requested`)."""
    rendered, failed = 0, []
    for request in letters_of(batch):
        path = letter_path(batch, request)
        if not path.exists():
            try:
                data = render(request)
            except Exception as error:  # one bad letter must not stop the batch: it is reported instead
                failed.append(_leave_batch(request, error))
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                partial = path.with_suffix(".part")
                partial.write_bytes(data)
                os.replace(partial, path)  # a letter file exists only when complete
                rendered += 1
        if progress:
            progress(1)
    return rendered, failed


def _leave_batch(request: PaperRequest, error: Exception) -> LetterFailed:
    log.warning("paper request %s (message %s) left out of its batch: %s", request.id, request.message_id, error)
    PaperRequest.update(status="requested", batch=None, batch_position=None, batched_at=None).where(
        PaperRequest.id == request.id, PaperRequest.status == "batched").execute()
    message = Message.get_by_id(request.message_id)
    return LetterFailed(request.id, request.message_id, message.reference, str(error) or type(error).__name__)


def combine(batch: PrintBatch, *, now: datetime) -> tuple[Path, Path]:
    """Write the combined PDF and the manifest from the rendered letters; the batch becomes `ready`."""
    from pypdf import PdfReader

    from portal.pdftags import join

    directory = Path(batch.directory)
    letters = letters_of(batch)
    missing = [r.id for r in letters if not letter_path(batch, r).exists()]
    if missing:
        raise BatchNotReady(f"batch {batch.id}: {len(missing)} letter(s) not rendered yet")
    organisations = {o.id: o for o in Organisation.select()}
    messages = {m.id: m for m in Message.select(Message.id, Message.reference, Message.organisation)
                .where(Message.id.in_([r.message_id for r in letters]))}
    rows, page = [], 1
    for request in letters:
        count = len(PdfReader(letter_path(batch, request)).pages)
        message = messages[request.message_id]
        rows.append(_manifest_row(request, message, organisations[message.organisation_id], page, count))
        page += count
    pdf, manifest = directory / f"batch-{batch.id:05d}.pdf", directory / "manifest.csv"
    # Joined with their tags (PDF/UA), so the print house's file is as accessible as each letter.
    parts = [(letter_path(batch, r), _untagged_page(r)) for r in letters]
    _write_atomically(pdf, lambda handle: join(parts, handle, lang="nl"))
    _write_atomically(manifest, lambda f: _write_manifest(f, rows), text=True)
    PrintBatch.update(status="ready", ready_at=now, page_count=page - 1, letter_count=len(letters)).where(
        PrintBatch.id == batch.id).execute()
    batch.status, batch.ready_at, batch.page_count = "ready", now, page - 1
    return pdf, manifest


def _untagged_page(request: PaperRequest) -> Callable[[int], str]:
    """The text alternative of a page of a letter that came without tags (ours always have them)."""
    from flask_babel import gettext as _

    return lambda page: _("Page %(page)d of letter %(number)d", page=page, number=request.batch_position)


def _manifest_row(request: PaperRequest, message: Message, organisation: Organisation, first: int,
                  count: int) -> dict:
    address = address_from_columns(request)
    last = first + count - 1
    return {
        "letter_id": request.id, "position": request.batch_position, "pages": f"{first}-{last}",
        "first_page": first, "last_page": last, "page_count": count, "name": address.name,
        "address_line_1": address.street_line, "address_line_2": address.town_line, "postcode": address.postcode,
        "city": address.city, "organisation": organisation.slug, "reference": message.reference,
    }


def _write_manifest(handle, rows: list[dict]) -> None:
    writer = csv.DictWriter(handle, fieldnames=MANIFEST_COLUMNS)
    writer.writeheader()
    writer.writerows(rows)


def _write_atomically(path: Path, write: Callable, *, text: bool = False) -> None:
    partial = path.with_suffix(path.suffix + ".part")
    with open(partial, "w", newline="", encoding="utf-8") if text else open(partial, "wb") as handle:
        write(handle)
    os.replace(partial, path)


def produce(out_dir: Path, *, now: datetime, render: Callable[[PaperRequest], bytes],
            progress_factory: Callable[[int], object] | None = None) -> BatchFiles | None:
    """Finish an interrupted batch, or make a new one of every waiting request. None when nothing waits;
    `failed` lists the letters that could not be rendered (they wait for the next run).

    `progress_factory(total)` may return a context manager with `update(n)` (a click progress bar).
    """
    batch = unfinished_batch() or claim_batch(out_dir, now=now)
    if batch is None:
        return None
    if progress_factory:
        with progress_factory(batch.letter_count) as bar:
            rendered, failed = render_letters(batch, render, bar.update)
    else:
        rendered, failed = render_letters(batch, render)
    if not letters_of(batch):  # every letter failed: no empty batch for the printer
        batch.delete_instance()
        return BatchFiles(None, None, None, 0, tuple(failed))
    pdf, manifest = combine(batch, now=now)
    return BatchFiles(batch, pdf, manifest, rendered, tuple(failed))


def mark_posted(batch_id: int, *, now: datetime) -> tuple[PrintBatch, bool]:
    """The batch went to the post: every letter in it becomes `posted`, with an event each.

    Returns (batch, changed); changed is False when it was already posted. Raises NotFound for an unknown
    batch, BatchNotReady when it is still being printed.
    """
    batch = PrintBatch.get_or_none(PrintBatch.id == batch_id)
    if batch is None:
        raise NotFound
    if batch.status == "printing":
        raise BatchNotReady(f"batch {batch_id} is not finished: run print-batch first")
    with database.atomic():
        changed = (PrintBatch.update(status="posted", posted_at=now)
                   .where(PrintBatch.id == batch_id, PrintBatch.status == "ready").execute())
        if changed:
            letters = list(PaperRequest.select(PaperRequest, Message).join(Message).where(
                PaperRequest.batch == batch_id, PaperRequest.status == "batched"))
            PaperRequest.update(status="posted", posted_at=now).where(
                PaperRequest.batch == batch_id, PaperRequest.status == "batched").execute()
            for request in letters:
                Event.create(message=request.message_id, citizen=request.citizen_id, actor=None, kind="paper_posted",
                             at=now, detail=f"batch {batch_id}")
                request.status, request.posted_at = "posted", now
                timing.record_if_late(request.message, request, now=now)  # posted later than it said: tell the sender
    return PrintBatch.get_by_id(batch_id), bool(changed)


def recent_batches(limit: int = 50) -> list[PrintBatch]:
    return list(PrintBatch.select().order_by(PrintBatch.id.desc()).limit(limit))
