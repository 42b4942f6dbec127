"""Deadlines for senders' systems: the "no reaction" signal when one passes, and moving one.

`passed(now)` (run with the follow-up, every 5 minutes and by `portal followup run`) writes one
`deadline_passed` event per message and deadline, on the first run on or after the deadline day (a deadline
is the letter's "before this date", so on that day the last day to act is over), while the message is not
done and not deleted; its detail is the state at that moment (`unopened` or `opened_not_done`) and the date.
Messages whose deadline passed more than WINDOW days ago are not looked at (a worker down for longer loses
the signal for them). Test messages get it too, for test subscriptions.

`change(message, …)` moves a deadline: a DeadlineChange row (the citizen sees "was: …" and the reason), the
message's new date, a `deadline_changed` event, and the follow-up steps that count from the deadline set free
to fire again, counted from the new date.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from peewee import fn

from portal.clock import local_today
from portal.db import Prepared, database, slot, write_transaction
from portal.errors_domain import ValidationFailed
from portal.inbox.services import nothing_of
from portal.models import ApiKey, Event, Message, Organisation
from portal.webhooks.models import DeadlineChange

WINDOW = 7
REASON_MAX = 500
MAX_YEARS = 5
DEADLINE_STEPS = ("remind_days_before_deadline", "paper_days_before_deadline")


def passed(now: datetime) -> int:
    """Write the `deadline_passed` events that are due. Returns how many."""
    today = local_today(now)
    written = 0
    for organisation in Organisation.select(Organisation.id):
        candidates = list(Message.select(Message.id, Message.recipient, Message.deadline, Message.first_opened_at)
                          .where(Message.organisation == organisation.id, Message.deadline <= today,
                                 Message.deadline >= today - timedelta(days=WINDOW), Message.done_at.is_null(),
                                 Message.deleted_at.is_null()))
        if not candidates:
            continue
        seen = _already([m.id for m in candidates])
        for message in candidates:
            if (message.id, message.deadline.isoformat()) not in seen:
                written += _write(message, now)
    return written


def _already(message_ids: list[int]) -> set[tuple[int, str]]:
    found = set()
    for start in range(0, len(message_ids), 500):
        rows = Event.select(Event.message, Event.detail).where(
            Event.message.in_(message_ids[start:start + 500]), Event.kind == "deadline_passed")
        found |= {(row.message_id, row.detail.rpartition(" ")[2]) for row in rows}
    return found


def _write(candidate: Message, now: datetime) -> int:
    with write_transaction():  # checked again under the write lock: two runs write it once
        message = Message.get_or_none(Message.id == candidate.id)
        if message is None or message.done_at or message.deleted_at or message.deadline != candidate.deadline:
            return 0
        day = message.deadline.isoformat()
        if Event.select().where(Event.message == message.id, Event.kind == "deadline_passed",
                                Event.detail.endswith(f" {day}")).exists():
            return 0
        state = "unopened" if message.first_opened_at is None else "opened_not_done"
        Event.create(message=message, citizen=message.recipient_id, actor=None, kind="deadline_passed", at=now,
                     detail=f"{state} {day}")
    return 1


def check(message: Message, deadline: date | None, reason: str, *, today: date) -> dict[str, str]:
    """Problem codes per field: deadline ("missing", "no_deadline", "past", "far", "same"), reason
    ("missing", "too_long")."""
    errors = {}
    if message.deadline is None:
        errors["deadline"] = "no_deadline"
    elif deadline is None:
        errors["deadline"] = "missing"
    elif deadline <= today:
        errors["deadline"] = "past"
    elif deadline > today + timedelta(days=366 * MAX_YEARS):
        errors["deadline"] = "far"
    elif deadline == message.deadline:
        errors["deadline"] = "same"
    if not reason.strip():
        errors["reason"] = "missing"
    elif len(reason) > REASON_MAX:
        errors["reason"] = "too_long"
    return errors


def change(message: Message, *, deadline: date, reason: str, api_key: ApiKey | None, now: datetime) -> DeadlineChange:
    """Move the deadline (inside the caller's transaction, or its own). Raises ValidationFailed with codes."""
    errors = check(message, deadline, reason, today=local_today(now))
    if errors:
        raise ValidationFailed(errors)
    previous = message.deadline
    with database.atomic():
        record = DeadlineChange.create(message=message, previous=previous, deadline=deadline,
                                       reason=reason.strip(), api_key=api_key, changed_at=now)
        Message.update(deadline=deadline).where(Message.id == message.id).execute()
        message.deadline = deadline
        _count_again(message, record)
        Event.create(message=message, citizen=message.recipient_id, actor=None, kind="deadline_changed", at=now,
                     detail=f"{previous.isoformat()} {deadline.isoformat()}")
    return record


def _count_again(message: Message, record: DeadlineChange) -> None:
    """Steps counted from the deadline (a reminder N days before, print-if-unread, the helper alert after it)
    get a new chance: their outbox rows keep their history under another key, the waiting ones cancelled."""
    from portal.followup.models import Outbox

    keys = [f"reminder:{message.id}:{step}" for step in DEADLINE_STEPS] + \
        [f"paper:{message.id}:{step}" for step in DEADLINE_STEPS] + [f"helper_alert:{message.id}"]
    rows = Outbox.select().where(Outbox.message == message.id, Outbox.key.in_(keys))
    for row in rows:
        status = "cancelled" if row.status == "pending" else row.status
        Outbox.update(key=f"{row.key}@{record.id}", status=status,
                      last_error="deadline moved" if status != row.status else row.last_error).where(
            Outbox.id == row.id).execute()


def latest_change(message: Message) -> DeadlineChange | None:
    """The last move of this message's deadline (for the citizen's message page), or None."""
    return None if nothing_of(message, "deadline_moved") else _LATEST_CHANGE.first(message=message.id)


def deadline_moved():
    """The message page's flag (portal/inbox/services.py page_flag): was this deadline ever moved?"""
    return fn.EXISTS(DeadlineChange.select(DeadlineChange.id).where(DeadlineChange.message == Message.id))


_LATEST_CHANGE = Prepared(lambda: (
    DeadlineChange.select().where(DeadlineChange.message == slot("message")).order_by(DeadlineChange.id.desc())
    .limit(1)))
