"""Building a citizen's take-out ZIP: one tagged PDF letter per message (the same letter as "Download as
PDF"), its attachments, and index.csv listing every message. Small inboxes (at most SMALL messages) are built
in the request; larger ones by the worker (portal/takeout/tasks.py), which reports progress in the job row.
A finished ZIP is kept 24 hours (KEEP), then removed by remove_expired().
A letter whose PDF cannot be made (over its time limit) goes in as a text file with its whole text, and
index.csv says so in its `note` column; the rest of the ZIP goes on. In a request the whole ZIP has
PDF_TIMEOUT seconds: a ZIP that needs longer is handed to the worker (the job is `queued` again).

Raises NotFound for a job that is not this citizen's, not ready or expired.
"""

from __future__ import annotations

import csv
import io
import logging
import os
import re
import secrets
import time
import zipfile
from datetime import datetime, timedelta
from pathlib import Path

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from portal.clock import utcnow
from portal.db import database
from portal.errors_domain import NotFound
from portal.models import Account, Attachment, Citizen, Event, Message, Organisation
from portal.paper import letters
from portal.paper.addresses import address_of
from portal.pdf import PdfFailed
from portal.takeout.models import TakeoutJob

SMALL = 10  # messages: up to this many the ZIP is made at once (about a second); more go to the worker
KEEP = timedelta(hours=24)
OPEN_STATES = ("queued", "running")
log = logging.getLogger(__name__)


class OutOfTime(Exception):
    """The ZIP could not be finished within the request's time: the worker makes it."""


def messages_for(citizen: Citizen):
    return (Message.select(Message, Organisation).join(Organisation)
            .where(Message.recipient == citizen, Message.deleted_at.is_null(), Message.not_test())
            .order_by(Message.delivered_at, Message.id))


def request_takeout(citizen: Citizen, *, actor: Account, now: datetime) -> TakeoutJob:
    """A new take-out job, or the one still being made (a second click makes no second job)."""
    with database.atomic():
        running = (TakeoutJob.select().where(TakeoutJob.citizen == citizen, TakeoutJob.status.in_(OPEN_STATES))
                   .order_by(TakeoutJob.id.desc()).first())
        if running is not None:
            return running
        job = TakeoutJob.create(public_id=secrets.token_hex(16), citizen=citizen, requested_by=actor,
                                total=messages_for(citizen).count(), created_at=now, expires_at=now + KEEP)
        Event.create(citizen=citizen, actor=actor, kind="takeout_requested", at=now)
    return job


def is_small(job: TakeoutJob) -> bool:
    return job.total <= SMALL


def latest(citizen: Citizen, *, now: datetime) -> TakeoutJob | None:
    return (TakeoutJob.select().where(TakeoutJob.citizen == citizen, TakeoutJob.expires_at > now,
                                      TakeoutJob.status != "expired")
            .order_by(TakeoutJob.id.desc()).first())


def get_job(citizen: Citizen, public_id: str) -> TakeoutJob:
    job = TakeoutJob.get_or_none(TakeoutJob.public_id == public_id, TakeoutJob.citizen == citizen)
    if job is None:
        raise NotFound
    return job


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:50] or "bericht"


def build(job_id: int, directory: Path, *, now=utcnow, seconds: float | None = None) -> TakeoutJob:
    """Make the ZIP for a job (queued or failed before); progress in `done`. Safe to run twice.

    `seconds`: the time the whole ZIP may take (in a request); when it runs out the job is `queued` again,
    for the worker. Without it each letter has PDF_BATCH_TIMEOUT."""
    claimed = (TakeoutJob.update(status="running", done=0)
               .where(TakeoutJob.id == job_id, TakeoutJob.status.in_(("queued", "failed"))).execute())
    job = TakeoutJob.get_by_id(job_id)
    if not claimed:
        return job
    try:
        path = _write_zip(job, Path(directory), deadline=None if seconds is None else time.monotonic() + seconds)
    except OutOfTime:
        TakeoutJob.update(status="queued", done=0).where(TakeoutJob.id == job.id).execute()
        return TakeoutJob.get_by_id(job.id)
    except Exception:
        log.exception("take-out %s failed", job.id)
        TakeoutJob.update(status="failed").where(TakeoutJob.id == job.id).execute()
        return TakeoutJob.get_by_id(job.id)
    finished = now()
    TakeoutJob.update(status="ready", path=str(path), size=path.stat().st_size, finished_at=finished,
                      expires_at=finished + KEEP).where(TakeoutJob.id == job.id).execute()
    return TakeoutJob.get_by_id(job.id)


def _write_zip(job: TakeoutJob, directory: Path, *, deadline: float | None) -> Path:
    citizen = Citizen.get_by_id(job.citizen_id)
    address = address_of(citizen)
    directory.mkdir(parents=True, exist_ok=True)
    final = directory / f"{job.public_id}.zip"
    partial = directory / f"{job.public_id}.zip.part"
    index = io.StringIO()
    writer = csv.writer(index)
    writer.writerow(["file", "organisation", "subject", "received", "reference", "deadline", "done", "archived",
                     "attachments", "note"])
    messages = list(messages_for(citizen))
    TakeoutJob.update(total=len(messages)).where(TakeoutJob.id == job.id).execute()
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for number, message in enumerate(messages, start=1):
            lang = letters.letter_language(message, citizen)
            stem = f"{number:03d}-{message.delivered_at:%Y-%m-%d}-{_slug(message.text('subject', lang))}"
            letter, note = _letter(message, address, lang, stem, deadline)
            archive.writestr(letter[0], letter[1])
            names = []
            for attachment in Attachment.select().where(Attachment.message == message).order_by(Attachment.id):
                name = f"{stem}/{Path(attachment.filename).name}"
                archive.writestr(name, bytes(attachment.data))
                names.append(name)
            writer.writerow([letter[0], message.organisation.name(lang), message.text("subject", lang),
                             message.delivered_at.isoformat(timespec="minutes"), message.reference,
                             message.deadline.isoformat() if message.deadline else "",
                             "yes" if message.done_at else "no", "yes" if message.archived_at else "no",
                             " ".join(names), note])
            TakeoutJob.update(done=number).where(TakeoutJob.id == job.id).execute()
        archive.writestr("index.csv", "\ufeff" + index.getvalue())
    os.replace(partial, final)
    return final


def _letter(message: Message, address, lang: str, stem: str, deadline: float | None):
    """((file name, bytes), note): the PDF letter, or its text when the PDF cannot be made in time."""
    limit = current_app.config["PDF_BATCH_TIMEOUT"]
    left = None if deadline is None else deadline - time.monotonic()
    if left is not None and left <= 0:
        raise OutOfTime
    try:
        pdf = letters.render_letter(message, address=address, lang=lang, timeout=min(limit, left or limit))
    except PdfFailed as failed:
        if left is not None and left < limit and failed.timed_out:
            raise OutOfTime from failed
        log.warning("take-out: letter of message %s as text: %s", message.id, failed)
        with force_locale(lang):
            note = _("We could not make a PDF of this letter. Its whole text is in this file.")
        text = f"{message.text('subject', lang)}\n\n{message.text('summary', lang)}\n\n{message.text('body', lang)}\n"
        return (f"{stem}.txt", text.encode("utf-8")), note
    return (f"{stem}.pdf", pdf), ""


def open_download(citizen: Citizen, public_id: str, *, actor: Account, now: datetime) -> Path:
    """The ready ZIP's path, after logging the download (no log, no file)."""
    with database.atomic():
        job = get_job(citizen, public_id)
        if job.status != "ready" or job.expires_at <= now or not Path(job.path).exists():
            raise NotFound
        Event.create(citizen=citizen, actor=actor, kind="takeout_downloaded", at=now)
    return Path(job.path)


def remove_expired(*, now: datetime) -> int:
    """Delete the files of jobs older than 24 hours; returns how many."""
    removed = 0
    for job in TakeoutJob.select().where(TakeoutJob.expires_at <= now, TakeoutJob.status != "expired"):
        for candidate in (job.path, f"{job.path}.part") if job.path else ():
            Path(candidate).unlink(missing_ok=True)
        TakeoutJob.update(status="expired", path="").where(TakeoutJob.id == job.id).execute()
        removed += 1
    return removed
