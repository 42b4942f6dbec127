"""The published figures: the aggregate table summed per month, organisation and message type, with the
national totals on top, and the privacy rule applied to every cell.

Privacy (docs/statistics.md):
- primary suppression: a count below THRESHOLD (0 included) is not shown ("fewer than 10");
- complementary suppression: in every sum the page or the data show (a total and its parts: an organisation
  and its message types, the country and its organisations, paper copies and who asked), a hidden cell never
  stands alone, and the hidden cells never add up to 0 while their total is shown; and because the sums
  overlap, more cells are hidden until no hidden figure follows from any combination of them (determined()).
  The extra cells are the smallest shown ones ("hidden").
Only this module reads StatisticsDay for the pages, never the message table.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property

from peewee import fn

from portal.clock import local_today
from portal.models import Organisation
from portal.statistics import audit
from portal.statistics.models import COUNTS, OPEN_BUCKETS, StatisticsDay, StatisticsRun
from portal.statistics.rollup import REQUESTERS, month_is_final

THRESHOLD = 10
PAPER = tuple(f"paper_{who}" for who in REQUESTERS)
# The published columns, in the order of the table, the CSV and the JSON.
PUBLISHED = ("delivered", "opened_soon", "with_deadline", "opened_before_deadline", "deadline_passed",
             "unopened_at_deadline", "paper_total", *PAPER)
BUCKETS = tuple(name for name, _ in OPEN_BUCKETS) + ("open_later",)
SMALL, COMPLEMENT = "fewer-than-10", "hidden"


@dataclass
class Cell:
    value: int
    hidden: str | None = None  # None | SMALL | COMPLEMENT

    @property
    def shown(self) -> int | None:
        return None if self.hidden else self.value


@dataclass
class Row:
    month: str
    organisation: Organisation | None  # None: the whole country
    message_type: str | None  # None: all message types
    cells: dict[str, Cell]
    buckets: dict[str, int] = field(default_factory=dict)

    def share(self, column: str, of: str = "delivered") -> int | None:
        """A whole percentage, only when both figures are shown."""
        part, whole = self.cells[column].shown, self.cells[of].shown
        return None if part is None or not whole else (200 * part + whole) // (2 * whole)

    @property
    def median_bucket(self) -> str | None:
        """The bucket of time to the first opening that holds the median, or None (fewer than 10 opened, or
        delivered hidden)."""
        opened = sum(self.buckets.values())
        if opened < THRESHOLD or self.cells["delivered"].hidden:
            return None
        seen = 0
        for name in BUCKETS:
            seen += self.buckets.get(name, 0)
            if 2 * seen >= opened:
                return name
        return None

    def key(self) -> tuple:
        return (self.organisation.id if self.organisation else None, self.message_type)


@dataclass
class Month:
    month: str
    final: bool
    national: Row
    organisations: list[tuple[Row, list[Row]]]  # (the organisation's total, its types), by name

    def of(self, organisation_id: int) -> tuple[Row, list[Row]] | None:
        """One organisation's (total, types) this month, or None."""
        return self._by_organisation.get(organisation_id)

    @cached_property
    def _by_organisation(self) -> dict[int, tuple[Row, list[Row]]]:
        # A month is kept between requests (_CACHE) and never changed after suppress(): indexed once.
        return {pair[0].organisation.id: pair for pair in self.organisations}

    def rows(self) -> list[Row]:
        out = [self.national]
        for total, types in self.organisations:
            out += [total, *types]
        return out


def available_months(organisation: Organisation | None = None) -> list[str]:
    """The months with figures, newest first; kept per roll-up (a DISTINCT over the aggregate reads all of it)."""
    run = StatisticsRun.latest()
    key = (run, organisation.id if organisation is not None else None)
    with _LOCK:
        if run is not None and key in _AVAILABLE:
            return list(_AVAILABLE[key])
    query = StatisticsDay.select(StatisticsDay.month).distinct()
    if organisation is not None:
        query = query.where(StatisticsDay.organisation == organisation)
    found = sorted((row.month for row in query), reverse=True)
    with _LOCK:
        if run is not None:
            if len(_AVAILABLE) > 4 * CACHE_MONTHS:
                _AVAILABLE.clear()
            _AVAILABLE[key] = found
    return list(found)


def _sums(months: list[str]):
    s = StatisticsDay
    columns = [fn.SUM(getattr(s, name)).alias(name) for name in COUNTS + BUCKETS]
    return (s.select(s.month, s.organisation, s.message_type, *columns).where(s.month.in_(months))
            .group_by(s.month, s.organisation, s.message_type).dicts())


def _row(month: str, organisation, message_type, counts: dict[str, int]) -> Row:
    values = {name: int(counts.get(name) or 0) for name in COUNTS}
    values["paper_total"] = sum(values[name] for name in PAPER)
    return Row(month, organisation, message_type, {name: Cell(values[name]) for name in PUBLISHED},
               {name: int(counts.get(name) or 0) for name in BUCKETS})


def _add(into: dict[str, int], counts: dict[str, int]) -> None:
    for name in COUNTS + BUCKETS:
        into[name] = into.get(name, 0) + int(counts.get(name) or 0)


# The published months a process has worked out: suppressing a national month takes a noticeable moment (the
# exact audit), and only the roll-up changes the aggregate, each run leaving a StatisticsRun row. A month is
# kept under (month, final, the latest roll-up, the organisations' names): after a newer roll-up or a renamed
# organisation it is summed and worked out anew.
_CACHE: OrderedDict[tuple, Month] = OrderedDict()
CACHE_MONTHS = 64
_LOCK = threading.Lock()
_AVAILABLE: dict[tuple, list[str]] = {}


def months(month_keys: list[str], *, now: datetime) -> dict[str, Month]:
    """The figures of each month asked for (months without figures left out), suppression applied."""
    # The names alone for the signature (a row tuple each, not a model object: every page asks); the
    # organisations themselves only for a month worked out anew.
    names = tuple(sorted(Organisation.select(Organisation.id, Organisation.slug, Organisation.name_nl,
                                             Organisation.name_en).tuples()))
    run = StatisticsRun.latest()
    keys = {key: (key, month_is_final(key, now), run, names) for key in month_keys}
    with _LOCK:
        found = {key: _CACHE[signature] for key, signature in keys.items() if signature in _CACHE}
    missing = [key for key in month_keys if key not in found]
    raw: dict[str, dict[int, dict[str, dict]]] = {}
    for row in _sums(missing) if missing else ():
        raw.setdefault(row["month"], {}).setdefault(row["organisation"], {})[row["message_type"]] = row
    organisations = {o.id: o for o in Organisation.select()} if raw else {}
    for key, by_org in raw.items():
        found[key] = _month(key, keys[key][1], by_org, organisations)
    with _LOCK:
        for key, month in found.items():
            _CACHE[keys[key]] = month
            _CACHE.move_to_end(keys[key])
        while len(_CACHE) > CACHE_MONTHS:
            _CACHE.popitem(last=False)
    return {key: found[key] for key in month_keys if key in found}


def _month(key: str, final: bool, by_org: dict[int, dict[str, dict]], organisations: dict) -> Month:
    country: dict[str, int] = {}
    parts = []
    for org_id, by_type in by_org.items():
        org = organisations[org_id]
        org_sum: dict[str, int] = {}
        for counts in by_type.values():
            _add(org_sum, counts)
        _add(country, org_sum)
        types = [_row(key, org, kind, by_type[kind]) for kind in sorted(by_type)]
        parts.append((_row(key, org, None, org_sum), types))
    parts.sort(key=lambda pair: (pair[0].organisation.name_nl, pair[0].organisation.slug))
    month = Month(key, final, _row(key, None, None, country), parts)
    suppress(month)
    return month


def month(key: str, *, now: datetime) -> Month | None:
    return months([key], now=now).get(key)


def _groups(month: Month) -> list[tuple[Cell, list[Cell]]]:
    """Every sum that is published: (total cell, part cells)."""
    groups = []
    for column in PUBLISHED:
        groups.append((month.national.cells[column], [total.cells[column] for total, _ in month.organisations]))
        for total, types in month.organisations:
            groups.append((total.cells[column], [row.cells[column] for row in types]))
    for row in month.rows():
        groups.append((row.cells["paper_total"], [row.cells[name] for name in PAPER]))
    return groups


def suppress(month: Month) -> None:
    """Hide small cells, then hide more until no hidden cell can be worked out by subtraction."""
    for row in month.rows():
        for cell in row.cells.values():
            if cell.value < THRESHOLD:
                cell.hidden = SMALL
    groups, levels = _groups(month), _levels(month)
    for _ in range(sum(1 for total, parts in groups for _cell in (total, *parts))):  # each round hides one more
        _within_each_sum(groups)
        found = determined(groups, levels)
        if not found:
            return
        # The sums overlap (an organisation's paper copies by asker, by type, and for the country): hide the
        # smallest shown cell of a sum that holds the figure that can still be worked out.
        shown = [cell for total, parts in groups if any(c is found[0] for c in (total, *parts))
                 for cell in (total, *parts) if not cell.hidden]
        if not shown:
            return
        min(shown, key=lambda cell: cell.value).hidden = COMPLEMENT


def _within_each_sum(groups: list[tuple[Cell, list[Cell]]]) -> None:
    """In each sum on its own: no hidden cell alone, and no hidden cells adding up to 0 under a shown total."""
    changed = True
    while changed:
        changed = False
        for total, parts in groups:
            hidden = [cell for cell in (total, *parts) if cell.hidden]
            zero_sum = not total.hidden and hidden and sum(cell.value for cell in hidden) == 0
            if len(hidden) != 1 and not zero_sum:
                continue
            shown = sorted((cell for cell in parts if not cell.hidden), key=lambda cell: cell.value)
            extra = shown[0] if shown else (None if total.hidden else total)
            if extra is not None:
                extra.hidden = COMPLEMENT
                changed = True


def determined(groups: list[tuple[Cell, list[Cell]]], levels: dict[int, int] | None = None) -> list[Cell]:
    """The hidden cells whose value follows from the shown ones by adding and subtracting along the sums
    (portal/statistics/audit.py). `levels`: id(cell) -> 0 for a message type's cells, 1 an organisation's,
    2 the country's: the order of elimination that keeps it fast."""
    levels = levels or {}
    return audit.determined(groups, hidden=lambda cell: bool(cell.hidden),
                            rank=lambda cell: levels.get(id(cell), 0))


def _levels(month: Month) -> dict[int, int]:
    levels = {}
    for row in month.rows():
        level = 0 if row.message_type is not None else 1 if row.organisation is not None else 2
        levels.update({id(cell): level for cell in row.cells.values()})
    return levels


def recent(now: datetime, count: int = 24) -> list[str]:
    """The last `count` calendar months up to this one, oldest first."""
    today = local_today(now)
    year, number, keys = today.year, today.month, []
    for _ in range(count):
        keys.append(f"{year:04d}-{number:02d}")
        year, number = (year - 1, 12) if number == 1 else (year, number - 1)
    return keys[::-1]


def default_month(now: datetime, available: list[str] | None = None) -> str | None:
    """The month a page shows when none is asked for: the newest whole month with figures (the current month
    has only begun), else the current month. `available`: the months with figures, newest first."""
    found = available_months() if available is None else available
    this_month = local_today(now).isoformat()[:7]
    return next((key for key in found if key < this_month), found[0] if found else None)
