"""What a sending organisation sees about its own messages: statistics per message type and period, and the
unopened messages whose deadline is still open. Test-key messages are never counted.

Definitions (also on the dashboard):
- delivered: messages delivered in the period
- opened within 3 days: first opened at most 72 hours after delivery
- opened before the deadline: of the messages with a deadline, those first opened on a Dutch calendar day
  before the deadline date (the letter says "before <date>")
- never opened: not opened (yet)
- paper requested: messages with a paper request in the period's messages (cancelled ones not counted), split
  by who asked first: the citizen, a helper, the sender, the follow-up policy, or the safety net (the
  portal itself, for a citizen who has gone quiet: docs/safetynet.md)
- done: marked done by the citizen
- median time to open: the middle value of (first opened - delivered) over the opened messages
- paper that may be late: messages whose paper copy may arrive on or after the citizen's last day to act
"""

from __future__ import annotations

import math
import re
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from portal.api import paper_link
from portal.clock import TIMEZONE, local_today
from portal.deadlines import last_day_to_act
from portal.errors_domain import NotFound
from portal.models import Event, Message, Organisation
from portal.params import FIRST_YEAR, LAST_YEAR

OPENED_SOON = timedelta(days=3)
REQUESTERS = ("citizen", "helper", "sender", "policy", "safety_net")
PRESETS = ("30d", "90d", "12m", "all")
MONTH = re.compile(r"([0-9]{4})-([0-9]{2})")
UNOPENED_PAGE = 50


@dataclass(frozen=True)
class Period:
    key: str
    start: datetime | None  # naive UTC, inclusive
    end: datetime | None  # naive UTC, exclusive

    @classmethod
    def parse(cls, key: str | None, *, now: datetime) -> Period:
        """A preset (30d, 90d, 12m, all) or a calendar month (2027-01, years FIRST_YEAR..LAST_YEAR of
        portal.params) in Dutch time; anything else: 90d."""
        key = key or "90d"
        if key in ("30d", "90d"):
            return cls(key, now - timedelta(days=int(key[:-1])), None)
        if key == "12m":
            return cls(key, now - timedelta(days=365), None)
        if key == "all":
            return cls(key, None, None)
        match = MONTH.fullmatch(key)
        year, month = (int(part) for part in match.groups()) if match else (0, 0)
        if not (FIRST_YEAR <= year <= LAST_YEAR and 1 <= month <= 12):
            return cls.parse("90d", now=now)
        following = date(year + month // 12, month % 12 + 1, 1)
        return cls(key, _utc_midnight(date(year, month, 1)), _utc_midnight(following))


def _utc_midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=TIMEZONE).astimezone(UTC).replace(tzinfo=None)


def recent_months(now: datetime, count: int = 12) -> list[str]:
    """The last `count` calendar months, newest first, as 2027-01."""
    today = local_today(now)
    months, year, month = [], today.year, today.month
    for _ in range(count):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return months


@dataclass
class TypeStats:
    message_type: str
    delivered: int = 0
    opened: int = 0
    opened_soon: int = 0
    with_deadline: int = 0
    opened_before_deadline: int = 0
    done: int = 0
    paper: dict[str, int] = field(default_factory=lambda: dict.fromkeys(REQUESTERS, 0))
    open_times: list[timedelta] = field(default_factory=list)
    readability: list[float] = field(default_factory=list)

    @property
    def never_opened(self) -> int:
        return self.delivered - self.opened

    @property
    def paper_total(self) -> int:
        return sum(self.paper.values())

    @property
    def median_to_open(self) -> timedelta | None:
        return statistics.median(self.open_times) if self.open_times else None

    @property
    def median_readability(self) -> float | None:
        return round(statistics.median(self.readability), 1) if self.readability else None

    def share(self, count: int, of: int | None = None) -> int | None:
        """A whole percentage of `of` (default: delivered), or None when there is nothing to divide by."""
        whole = self.delivered if of is None else of
        return math.floor(100 * count / whole + 0.5) if whole else None

    def add(self, row, paper_by: str | None) -> None:
        self.delivered += 1
        if row.first_opened_at:
            self.opened += 1
            waited = row.first_opened_at - row.delivered_at
            self.open_times.append(waited)
            self.opened_soon += waited <= OPENED_SOON
        if row.deadline:
            self.with_deadline += 1
            opened_day = row.first_opened_at and row.first_opened_at.replace(tzinfo=UTC).astimezone(TIMEZONE).date()
            self.opened_before_deadline += bool(opened_day and opened_day < row.deadline)
        self.done += row.done_at is not None
        if paper_by in self.paper:
            self.paper[paper_by] += 1
        if row.readability_nl is not None:  # scores stored before they were clamped may lie outside 0-100
            self.readability.append(min(100.0, max(0.0, row.readability_nl)))


@dataclass
class Statistics:
    period: Period
    rows: list[TypeStats]
    total: TypeStats


def statistics_for(organisation: Organisation, period: Period) -> Statistics:
    """Per message type (alphabetical) and in total, for the organisation's live messages in the period."""
    m = Message
    where = [m.organisation == organisation, m.not_test()]
    if period.start:
        where.append(m.delivered_at >= period.start)
    if period.end:
        where.append(m.delivered_at < period.end)
    rows = list(
        m.select(m.id, m.message_type, m.delivered_at, m.first_opened_at, m.deadline, m.done_at, m.readability_nl)
        .where(*where).order_by(m.id).namedtuples()  # plain rows: several times faster than model instances
    )
    paper_by = paper_link.first_requesters([row.id for row in rows])
    by_type: dict[str, TypeStats] = defaultdict(lambda: TypeStats(""))
    total = TypeStats("")
    for row in rows:
        stats = by_type[row.message_type]
        stats.message_type = row.message_type
        stats.add(row, paper_by.get(row.id))
        total.add(row, paper_by.get(row.id))
    return Statistics(period, [by_type[name] for name in sorted(by_type)], total)


def hard_to_read(organisation: Organisation, period: Period, *, threshold: float, limit: int = 10) -> list[Message]:
    """The period's newest live messages whose Dutch summary scores below the threshold."""
    m = Message
    where = [m.organisation == organisation, m.not_test(), m.readability_nl < threshold]
    if period.start:
        where.append(m.delivered_at >= period.start)
    if period.end:
        where.append(m.delivered_at < period.end)
    return list(m.select().where(*where).order_by(m.delivered_at.desc(), m.id.desc()).limit(limit))


@dataclass(frozen=True)
class LatePaper:
    message: Message
    noticed_at: datetime  # when the paper copy turned out to be late (asked for, or posted later than planned)
    arrive_by: date
    last_day: date


def late_paper(organisation: Organisation, period: Period, *, limit: int = 20) -> tuple[list[LatePaper], int]:
    """The period's live messages whose paper copy may arrive on or after the citizen's last day to act (their
    `paper_late` events, portal/paper/timing.py), newest first: at most `limit`, and how many there are."""
    where = [Message.organisation == organisation, Message.not_test(), Event.kind == "paper_late"]
    if period.start:
        where.append(Message.delivered_at >= period.start)
    if period.end:
        where.append(Message.delivered_at < period.end)
    query = Event.select(Event, Message).join(Message).where(*where)
    rows = query.order_by(Event.at.desc(), Event.id.desc()).limit(limit)
    items = [LatePaper(row.message, row.at, date.fromisoformat(row.detail), last_day_to_act(row.message.deadline))
             for row in rows]
    return items, query.count()


@dataclass(frozen=True)
class Unopened:
    message: Message
    days_left: int
    paper: dict | None
    late: object | None = None  # paper asked today may arrive too late (paper_link.late_if_asked), if none asked yet


def _unopened(organisation: Organisation, today: date):
    m = Message
    return m.select().where(
        m.organisation == organisation, m.not_test(), m.first_opened_at.is_null(), m.done_at.is_null(),
        m.deadline > today,
    )


def unopened_count(organisation: Organisation, *, now: datetime) -> int:
    return _unopened(organisation, local_today(now)).count()


def unopened_with_open_deadline(organisation: Organisation, *, now: datetime, page: int = 1
                                ) -> tuple[list[Unopened], int]:
    """Live messages not opened, not done, whose deadline has not passed: nearest deadline first.
    Returns one page and the number of pages. Raises NotFound for a page past the end."""
    today = local_today(now)
    m = Message
    query = _unopened(organisation, today)
    total = query.count()
    pages = max(1, math.ceil(total / UNOPENED_PAGE))
    if page > pages:
        raise NotFound
    rows = list(query.order_by(m.deadline, m.delivered_at, m.id).paginate(page, UNOPENED_PAGE))
    states = paper_link.states_of(rows)
    return [Unopened(row, (row.deadline - today).days, states.get(row.id),
                     None if states.get(row.id) else paper_link.late_if_asked(row, today=today)) for row in rows], pages


def sender_message(organisation: Organisation, public_id: str) -> Message:
    message = Message.get_or_none(Message.public_id == public_id, Message.organisation == organisation,
                                  Message.not_test())
    if message is None:
        raise NotFound
    return message


def hours(value: timedelta | None) -> float | None:
    return round(value.total_seconds() / 3600, 1) if value is not None else None


CSV_HEADER = ("message_type", "delivered", "opened_within_3_days", "with_deadline", "opened_before_deadline",
              "never_opened", "paper_by_citizen", "paper_by_helper", "paper_by_sender", "paper_by_policy",
              "paper_by_safety_net", "done",
              "median_hours_to_open", "median_readability_nl")


def csv_rows(stats: Statistics) -> list[tuple]:
    """The statistics as CSV rows (a header, one row per type, and a total)."""
    out = [CSV_HEADER]
    for row in [*stats.rows, stats.total]:
        out.append((
            row.message_type or "total", row.delivered, row.opened_soon, row.with_deadline,
            row.opened_before_deadline, row.never_opened, *(row.paper[r] for r in REQUESTERS), row.done,
            "" if row.median_to_open is None else hours(row.median_to_open),
            "" if row.median_readability is None else row.median_readability,
        ))
    return out
