"""`Idempotency-Key`: a retried POST gets the first answer and changes nothing.

How a POST goes:
1. `claim()` inserts an `in-progress` record for (organisation, key) and commits it at once. The unique
   index decides between two concurrent first requests: exactly one insert succeeds.
2. The winner does the work and calls `complete()` inside the same transaction that stores the message, so
   "message stored" and "answer stored" commit together or not at all. If the work fails, `release()` deletes
   the record, so the client may retry with the same key (a refused request changes nothing).
3. Anyone else finds the record: another body → 422; still in progress → 409; done → the stored answer.

Records are kept 24 hours; an `in-progress` record older than STALE belongs to a process that died before
committing anything, and the next request with that key takes it over.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from dataclasses import dataclass
from datetime import datetime, timedelta

import peewee

from portal.api.models import IdempotencyRecord
from portal.db import Prepared, PreparedInsert, database, slot
from portal.models import Organisation

IN_PROGRESS, DONE = "in-progress", "done"
KEEP = timedelta(hours=24)
STALE = timedelta(minutes=2)
MAX_KEY_LENGTH = 255


@dataclass(frozen=True)
class Claim:
    """Exactly one of: record (ours to complete), replay (status, body) or conflict ("busy" | "mismatch")."""

    record: IdempotencyRecord | None = None
    replay: tuple[int, str] | None = None
    conflict: str | None = None


def request_hash(method: str, path: str, body: object) -> str:
    canonical = json.dumps([method, path, body], sort_keys=True, separators=(",", ":"))  # ASCII: any string hashes
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def key_problem(key: str | None) -> str | None:
    if not key:
        return "Send an Idempotency-Key header with a unique value for this message, like a UUID."
    if len(key) > MAX_KEY_LENGTH or not key.isprintable() or not key.isascii():
        return f"The Idempotency-Key must be 1 to {MAX_KEY_LENGTH} printable ASCII characters."
    return None


def claim(organisation: Organisation, key: str, hashed: str, *, now: datetime) -> Claim:
    r = IdempotencyRecord
    for _ in range(3):  # a record can expire or be released between our insert and our read
        # A lone INSERT is atomic by itself (a transaction around it would be two more round trips); inside an
        # open transaction a savepoint keeps a refused insert from aborting it.
        guard = database.atomic() if database.in_transaction() else contextlib.nullcontext()
        try:
            with guard:
                record = r(organisation=organisation, key=key, request_hash=hashed, status=IN_PROGRESS,
                           created_at=now)
                _NEW_RECORD.save(record)
            return Claim(record=record)
        except peewee.IntegrityError:
            pass
        existing = r.get_or_none(r.organisation == organisation, r.key == key)
        if existing is None:
            continue
        if existing.created_at < now - KEEP:  # expired (housekeeping removes the rest): the key is free again
            r.delete().where(r.id == existing.id, r.created_at == existing.created_at).execute()
            continue
        if existing.request_hash != hashed:
            return Claim(conflict="mismatch")
        if existing.status == DONE:
            return Claim(replay=(existing.response_status, existing.response_body))
        taken = (
            r.update(created_at=now)
            .where(r.id == existing.id, r.status == IN_PROGRESS, r.created_at < now - STALE)
            .execute()
        )
        if taken:
            existing.created_at = now
            return Claim(record=existing)
        return Claim(conflict="busy")
    return Claim(conflict="busy")


_NEW_RECORD = PreparedInsert(IdempotencyRecord)  # every POST writes one


class LostClaim(Exception):
    """Another request took this key over (ours looked dead): roll back the work."""


def complete(record: IdempotencyRecord, status: int, body: str) -> None:
    """Store the answer. Call inside the transaction that does the work; raises LostClaim (so that the
    transaction rolls back) when the record is no longer ours."""
    stored = _COMPLETE.rowcount(status=status, body=body, id=record.id,
                                created_at=IdempotencyRecord.created_at.db_value(record.created_at))
    if not stored:
        raise LostClaim


_COMPLETE = Prepared(lambda: (
    IdempotencyRecord.update(status=DONE, response_status=slot("status"), response_body=slot("body"))
    .where(IdempotencyRecord.id == slot("id"), IdempotencyRecord.status == IN_PROGRESS,
           IdempotencyRecord.created_at == slot("created_at"))))


def release(record: IdempotencyRecord) -> None:
    IdempotencyRecord.delete().where(
        IdempotencyRecord.id == record.id, IdempotencyRecord.status == IN_PROGRESS
    ).execute()
