"""The outbox: every e-mail and follow-up step as a row, carried out by the worker exactly once where it can be.

Life of a row: `pending` (due at `due_at`) -> `sending` (claimed: `attempts` + 1, `claimed_at`) -> `sent`;
or back to `pending` with a later `due_at` after a temporary failure (back-off below), `failed` after the last
attempt or at once when the receiving server refuses the address for good (a bounce), `cancelled` when the
row no longer applies (the message was opened or done, alerts were turned off, no address).

Exactly once, and where that stops:
- A follow-up step that only changes the database (a paper request by policy) is claimed, carried out and
  marked `sent` in ONE transaction: a crash rolls all of it back, and the unique `key` plus the paper
  request's "one open per message" index mean a second run makes nothing new.
- An e-mail cannot share a transaction with an SMTP server. So: mark `sending` and commit; send; mark `sent`
  and commit. A worker killed *before* the server accepted the e-mail (before its "250 OK" to the end of
  DATA) leaves the row in `sending` and the server discards the unfinished e-mail; the sweeper puts the row
  back to `pending` once it has been `sending` longer than STUCK_AFTER (default 10 minutes, far longer than
  one SMTP exchange, so a live worker's row is never taken), and the next run sends it: once.
  A worker killed in the moment *between* the server's "250 OK" and our commit of `sent` (microseconds)
  leaves a row that will be sent again: the one window for a duplicate. The repeat carries the same
  Message-ID (`mail_id`), so mail servers and clients that deduplicate on it show it once. With no SMTP_URL
  the e-mail is a file named after that Message-ID, which a repeat overwrites: exactly once.
- Two workers never take the same row: on PostgreSQL the claim is SELECT … FOR UPDATE SKIP LOCKED, on SQLite
  the claiming transaction holds the write lock from its start (BEGIN IMMEDIATE).
"""

from __future__ import annotations

import logging
import os
import secrets
import smtplib
import socket
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from peewee import Case, fn

from portal.config import setting
from portal.db import Prepared, database, is_postgres, slot, write_transaction
from portal.followup.models import MAIL_KINDS, Outbox

log = logging.getLogger(__name__)

# Seconds to wait after attempt 1, 2, 3, 4 failed; attempt 5 is the last (then `failed`).
RETRY_DELAYS = (60, 5 * 60, 30 * 60, 2 * 60 * 60)
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1
BATCH = 50  # rows claimed at a time


def stuck_after() -> timedelta:
    """How long a row may stay `sending` before the sweeper re-queues it (OUTBOX_STUCK_SECONDS)."""
    return timedelta(seconds=setting("OUTBOX_STUCK_SECONDS"))


def new_mail_id() -> str:
    return f"<outbox.{secrets.token_hex(12)}@portal.example>"


def add(key: str, kind: str, *, due_at: datetime, now: datetime, message=None, citizen=None,
        detail: str = "") -> bool:
    """Write an outbox row unless one with this key exists. Call inside the transaction of the change that
    causes it. Returns False when the row was already there, or a concurrent twin wrote it (the unique key)."""
    written = Outbox.insert(
        key=key, kind=kind, message=message, citizen=citizen, detail=detail, status="pending", due_at=due_at,
        created_at=now, mail_id=new_mail_id() if kind in MAIL_KINDS else "",
    ).on_conflict_ignore().as_rowcount().execute()
    return bool(written)


def add_joining(key: str, kind: str, *, due_at: datetime, now: datetime, message_id: int, citizen_id: int) -> bool:
    """add() for a row that joins the citizen's row of this kind already waiting, so that they leave as one
    e-mail: due when that one is, unless its time has passed (then at `due_at`). The INSERT reads the waiting
    row's time itself, one statement instead of a query and then a write."""
    return bool(_JOINING.rowcount(
        key=key, kind=kind, message=message_id, citizen=citizen_id, now=Outbox.due_at.db_value(now),
        due_at=Outbox.due_at.db_value(due_at), mail_id=new_mail_id() if kind in MAIL_KINDS else ""))


def _joining():
    waiting = Outbox.alias("waiting")
    return Outbox.insert(
        key=slot("key"), kind=slot("kind"), message=slot("message"), citizen=slot("citizen"), detail="",
        status="pending", created_at=slot("now"), mail_id=slot("mail_id"),
        due_at=fn.COALESCE(  # the first waiting row's time if it is still ahead, else the new one's own
            waiting.select(Case(None, [(waiting.due_at >= slot("now"), waiting.due_at)]))
            .where(waiting.citizen == slot("citizen"), waiting.kind == slot("kind"), waiting.status == "pending")
            .order_by(waiting.due_at).limit(1), slot("due_at")),
    ).on_conflict_ignore().returning()  # no RETURNING: the row count says whether it was written


_JOINING = Prepared(_joining)


def worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident() % 100000}"


# Claiming -------------------------------------------------------------------------------------------------


def _due(now: datetime, kinds: Iterable[str]):
    return (Outbox.status == "pending") & (Outbox.due_at <= now) & (Outbox.kind.in_(list(kinds)))


def claim(now: datetime, kinds: Iterable[str], *, limit: int = BATCH) -> list[Outbox]:
    """Take up to `limit` due rows of these kinds, together with every other due row of the same citizen and
    kind (so one e-mail can carry them all): `sending`, attempts + 1. Committed before anything is sent."""
    kinds = list(kinds)
    me = worker_id()
    with write_transaction():
        query = Outbox.select(Outbox.id, Outbox.citizen, Outbox.kind).where(_due(now, kinds)).order_by(
            Outbox.due_at, Outbox.id).limit(limit)
        if is_postgres():
            query = query.for_update("FOR UPDATE SKIP LOCKED")
        first = list(query)
        if not first:
            return []
        ids = {row.id for row in first}
        grouped = [row for row in first if row.kind in ("alert", "retention_notice") and row.citizen_id]
        if grouped:
            more = Outbox.select(Outbox.id).where(
                _due(now, kinds), Outbox.citizen.in_({row.citizen_id for row in grouped}),
                Outbox.kind.in_({row.kind for row in grouped}))
            if is_postgres():
                more = more.for_update("FOR UPDATE SKIP LOCKED")
            ids |= {row.id for row in more}
        Outbox.update(status="sending", claimed_at=now, claimed_by=me, attempts=Outbox.attempts + 1).where(
            Outbox.id.in_(list(ids)), Outbox.status == "pending").execute()
    return list(Outbox.select().where(Outbox.id.in_(list(ids)), Outbox.claimed_by == me,
                                      Outbox.status == "sending").order_by(Outbox.id))


def sweep(now: datetime) -> int:
    """Put rows that have been `sending` longer than stuck_after() back to `pending` (their worker died).
    Returns how many."""
    with database.atomic():
        return (Outbox.update(status="pending", claimed_by="", last_error="re-queued by the sweeper")
                .where(Outbox.status == "sending", Outbox.claimed_at <= now - stuck_after()).execute())


# Finishing ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Failure:
    error: str
    permanent: bool  # the address is refused for good (a bounce): no more attempts


def classify(error: Exception) -> Failure:
    """A temporary failure is tried again later; a permanent one (5xx for the recipient) is not."""
    text = f"{type(error).__name__}: {error}"[:200]
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in error.recipients.values()]
        return Failure(text, permanent=bool(codes) and all(500 <= code < 600 for code in codes))
    if isinstance(error, smtplib.SMTPResponseException):
        return Failure(text, permanent=500 <= error.smtp_code < 600 and error.smtp_code != 554)
    return Failure(text, permanent=False)


def mark_sent(rows: list[Outbox], now: datetime) -> None:
    lead = rows[0].id
    Outbox.update(status="sent", done_at=now, last_error="", sent_with=lead).where(
        Outbox.id.in_([r.id for r in rows]), Outbox.status == "sending").execute()


def mark_cancelled(rows: list[Outbox], now: datetime, why: str) -> None:
    Outbox.update(status="cancelled", done_at=now, last_error=why[:200]).where(
        Outbox.id.in_([r.id for r in rows]), Outbox.status.in_(("sending", "pending"))).execute()


def mark_failed_or_retry(rows: list[Outbox], now: datetime, failure: Failure) -> list[Outbox]:
    """Back to `pending` with the next back-off, or `failed`. Returns the rows that failed for good."""
    failed = []
    for row in rows:
        if failure.permanent or row.attempts >= MAX_ATTEMPTS:
            Outbox.update(status="failed", done_at=now, last_error=failure.error).where(Outbox.id == row.id).execute()
            failed.append(row)
        else:
            delay = timedelta(seconds=RETRY_DELAYS[row.attempts - 1])
            Outbox.update(status="pending", due_at=now + delay, last_error=failure.error, claimed_by="").where(
                Outbox.id == row.id).execute()
    return failed


def counts() -> dict[str, int]:
    """Rows per status, for the CLI and the tests."""
    return {row.status: row.n for row in Outbox.select(Outbox.status, fn.COUNT(Outbox.id).alias("n"))
            .group_by(Outbox.status)}
