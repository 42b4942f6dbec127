"""Retention: how long messages are kept, the notice 30 days before, and the removal job.

Messages with a legal effect (a deadline: a demand, a decision to object to, a request for documents) are
kept RETENTION_LEGAL_MONTHS (default 84: 7 years), others RETENTION_OTHER_MONTHS (default 18), counted from
delivery on the Dutch calendar. NOTICE_DAYS before that day the citizen is told in the inbox and by e-mail
(one e-mail listing how many), and can download them. A message is removed only once the notice is at least
NOTICE_DAYS old, so nobody loses mail without warning even when the worker was down; a message the citizen
already deleted goes without notice. Removal is logged: a log line and a `retention_removed` event per
citizen (kept without the message), with the number removed.
"""

from __future__ import annotations

import calendar
import logging
from datetime import date, datetime, timedelta

from portal.clock import local_today
from portal.config import setting
from portal.db import database
from portal.followup import outbox
from portal.followup.models import Outbox
from portal.followup.timing import local, next_send_time
from portal.models import Event, Message

log = logging.getLogger(__name__)

NOTICE_DAYS = 30


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def has_legal_effect(message: Message) -> bool:
    return message.deadline is not None


def removal_date(message: Message) -> date:
    months = setting("RETENTION_LEGAL_MONTHS" if has_legal_effect(message) else "RETENTION_OTHER_MONTHS")
    return add_months(local(message.delivered_at).date(), months)


def _older_than(now: datetime, extra_days: int):
    """Messages whose removal day is on or before today + extra_days (a coarse filter on delivered_at)."""
    horizon = now + timedelta(days=extra_days + 1)
    legal = datetime.combine(add_months(horizon.date(), -setting("RETENTION_LEGAL_MONTHS")), horizon.time())
    other = datetime.combine(add_months(horizon.date(), -setting("RETENTION_OTHER_MONTHS")), horizon.time())
    return ((Message.deadline.is_null(False) & (Message.delivered_at <= legal))
            | (Message.deadline.is_null() & (Message.delivered_at <= other)))


def soon_removed(citizen, now: datetime) -> list[tuple[Message, date]]:
    """The citizen's messages that will be removed within NOTICE_DAYS, with their day, soonest first."""
    today = local_today(now)
    rows = Message.visible_to(citizen).where(_older_than(now, NOTICE_DAYS))
    found = [(m, removal_date(m)) for m in rows]
    return sorted([(m, d) for m, d in found if d <= today + timedelta(days=NOTICE_DAYS)], key=lambda x: x[1])


def write_notices(now: datetime) -> int:
    """An outbox row (e-mail) for every message that reaches its notice day. Returns how many were written."""
    today = local_today(now)
    written = 0
    for message in Message.select().where(_older_than(now, NOTICE_DAYS), Message.not_test(),
                                          Message.deleted_at.is_null()):
        if removal_date(message) - timedelta(days=NOTICE_DAYS) <= today:
            with database.atomic():
                written += int(outbox.add(f"retention_notice:{message.id}", "retention_notice",
                                          due_at=next_send_time(now), now=now, message=message,
                                          citizen=message.recipient_id))
    return written


def remove_expired(now: datetime) -> int:
    """Remove messages past their day whose notice is NOTICE_DAYS old (or that the citizen deleted)."""
    today = local_today(now)
    noticed = {row.message_id: row.created_at for row in Outbox.select(Outbox.message, Outbox.created_at).where(
        Outbox.kind == "retention_notice")}
    removed: dict[int, int] = {}
    for message in Message.select().where(_older_than(now, 0)):
        told = noticed.get(message.id)
        if removal_date(message) > today:
            continue
        if message.deleted_at is None and not message.is_test and (
                told is None or told > now - timedelta(days=NOTICE_DAYS)):
            continue
        with database.atomic():
            # The event is removed with the message (cascade); what it tells senders' systems stays (webhooks).
            Event.create(message=message, citizen=message.recipient_id, actor=None, kind="removed", at=now,
                         detail="retention")
            Message.delete().where(Message.id == message.id).execute()
        removed[message.recipient_id] = removed.get(message.recipient_id, 0) + 1
    for citizen_id, count in removed.items():
        Event.create(message=None, citizen=citizen_id, actor=None, kind="retention_removed", at=now,
                     detail=str(count))
        log.info("retention: removed %d message(s) of citizen %d", count, citizen_id)
    return sum(removed.values())
