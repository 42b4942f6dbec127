"""The daily roll-up: count the live messages of each organisation, message type and Dutch delivery day into
StatisticsDay. Test messages (sent with a test key) never count.

A run recomputes whole days, from `since` to today, in one transaction (one organisation's month read at a
time, through the index on organisation and delivery time): it deletes those days' rows and
writes them again, so running it twice gives the same table, and an event that came later (an opening after
midnight for yesterday's letter) lands on the day the letter was delivered. The worker's daily run starts at
the first day of the previous month (`default_since`): a month's figures are final once the month after it
is over, and never change after that. `flask --app wsgi portal statistics rollup --since DATE` back-fills.
"""

from __future__ import annotations

import secrets
from collections import defaultdict
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache

from portal.clock import TIMEZONE, local_today
from portal.config import PORTAL_SENDER_SLUG
from portal.db import database, insert_rows
from portal.models import Message, Organisation
from portal.paper.models import PaperRequest
from portal.statistics.models import COUNTS, OPEN_BUCKETS, StatisticsDay, StatisticsRun

OPENED_SOON = timedelta(days=3)
# Who may ask for paper, each a column `paper_<who>`: the four of portal/paper/models.py and the portal's safety
# net ("safety_net"), counted whether or not the paper package knows that name yet.
REQUESTERS = ("citizen", "helper", "sender", "policy", "safety_net")
BATCH = 2000  # rows written per INSERT


def utc_start(day: date) -> datetime:
    """The naive-UTC moment a Dutch calendar day begins."""
    return datetime.combine(day, time(), tzinfo=TIMEZONE).astimezone(UTC).replace(tzinfo=None)


def dutch_day(moment: datetime) -> date:
    """local_today(moment), looked up per UTC hour: the roll-up asks for every message, up to twice (a time-zone
    conversion each was a third of its counting)."""
    day = _day_of_hour(moment.replace(minute=0, second=0, microsecond=0))
    return day if day is not None else local_today(moment)


_TO_END_OF_HOUR = timedelta(hours=1) - timedelta(microseconds=1)


@lru_cache(maxsize=65536)  # 7 years of hours
def _day_of_hour(hour: datetime) -> date | None:
    """The Dutch date of every moment of the UTC hour that begins at `hour`, or None when they are not all one
    date: the offset changes within the hour, or the Dutch midnight falls within it (neither happens in
    Europe/Amsterdam's hours since 1940, but that is the time-zone database's to say, not ours)."""
    first = hour.replace(tzinfo=UTC).astimezone(TIMEZONE)
    last = (hour + _TO_END_OF_HOUR).replace(tzinfo=UTC).astimezone(TIMEZONE)
    return first.date() if first.utcoffset() == last.utcoffset() and first.date() == last.date() else None


def default_since(now: datetime) -> date:
    """The first day of the previous Dutch calendar month: the days the daily run recomputes."""
    first = local_today(now).replace(day=1)
    return (first - timedelta(days=1)).replace(day=1)


def month_is_final(month: str, now: datetime) -> bool:
    """Whether a month ("2027-01") is before the months the daily run still recomputes."""
    return month < default_since(now).isoformat()[:7]


def _first_requesters(organisation_id: int, start: datetime, end: datetime) -> dict[int, str]:
    """Who asked first for paper (cancelled requests not counted), per message of the organisation delivered in
    [start, end)."""
    rows = (PaperRequest.select(PaperRequest.message, PaperRequest.requested_by)
            .join(Message)
            .where(Message.organisation == organisation_id, Message.delivered_at >= start,
                   Message.delivered_at < end, Message.not_test(), PaperRequest.status != "cancelled")
            .order_by(PaperRequest.id).tuples())
    first: dict[int, str] = {}
    for message_id, requested_by in rows:
        first.setdefault(message_id, requested_by)
    return first


_BOUNDS = tuple((name, timedelta(hours=hours)) for name, hours in OPEN_BUCKETS)
_PAPER_COLUMNS = {who: f"paper_{who}" for who in REQUESTERS}


def _bucket(waited: timedelta) -> str:
    for name, bound in _BOUNDS:
        if waited <= bound:
            return name
    return "open_later"


def count(row, today: date, paper_by: str | None, into: dict[str, int]) -> None:
    """Add one message (a named tuple of Message columns) to a day's counts."""
    into["delivered"] += 1
    opened, deadline = row.first_opened_at, row.deadline
    if opened is not None:
        waited = opened - row.delivered_at
        into["opened_soon"] += waited <= OPENED_SOON
        into[_bucket(waited)] += 1
    if deadline is not None:
        before = opened is not None and dutch_day(opened) < deadline
        into["with_deadline"] += 1
        into["opened_before_deadline"] += before
        if today >= deadline:
            into["deadline_passed"] += 1
            into["unopened_at_deadline"] += not before
    if paper_by in _PAPER_COLUMNS:
        into[_PAPER_COLUMNS[paper_by]] += 1


COLUMNS = COUNTS + tuple(name for name, _ in OPEN_BUCKETS) + ("open_later",)


def _windows(since: date, today: date) -> list[tuple[datetime, datetime]]:
    """[start, end) in naive UTC for each Dutch calendar month from `since` to today (the first and the last
    cut at those days): the roll-up reads one organisation's month at a time."""
    windows, first = [], since
    while first <= today:
        following = (first.replace(day=1) + timedelta(days=32)).replace(day=1)
        last = min(following, today + timedelta(days=1))
        windows.append((utc_start(first), utc_start(last)))
        first = following
    return windows


def _count_window(organisation_id: int, start: datetime, end: datetime, today: date) -> list[dict]:
    """The day rows of one organisation's messages delivered in [start, end), through the index on
    (organisation, delivered_at), which on PostgreSQL holds every column read here (m0071)."""
    m = Message
    messages = (m.select(m.id, m.message_type, m.delivered_at, m.first_opened_at, m.deadline)
                .where(m.organisation == organisation_id, m.delivered_at >= start, m.delivered_at < end,
                       m.not_test()).namedtuples())
    paper_by = _first_requesters(organisation_id, start, end)
    days: dict[tuple, dict[str, int]] = defaultdict(lambda: dict.fromkeys(COLUMNS, 0))
    for row in messages.iterator():
        count(row, today, paper_by.get(row.id), days[(row.message_type, dutch_day(row.delivered_at))])
    return [{"organisation": organisation_id, "message_type": kind, "day": day, "month": day.isoformat()[:7],
             **counts} for (kind, day), counts in sorted(days.items())]


def rollup(*, now: datetime, since: date | None = None) -> int:
    """Recompute the days from `since` (default: the first day of the previous month) to today, one
    organisation's month at a time (memory stays that of one such month, whatever the size of the message
    table), all in one transaction. Returns the number of rows written."""
    since = since or default_since(now)
    today = local_today(now)
    written = 0
    with database.atomic():
        StatisticsDay.delete().where(StatisticsDay.day >= since, StatisticsDay.day <= today).execute()
        senders = Organisation.select(Organisation.id).where(Organisation.slug != PORTAL_SENDER_SLUG)
        for organisation_id in [o.id for o in senders.order_by(Organisation.id)]:
            for start, end in _windows(since, today):
                written += insert_rows(StatisticsDay, _count_window(organisation_id, start, end, today), batch=BATCH)
        StatisticsRun.create(ran_at=now, since=since, rows=written, token=secrets.token_hex(16))
    return written
