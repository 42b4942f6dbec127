"""Bar charts for the public pages, in the manner of portal/senders/chart.py: each row is text (the name and
its figures) with a small SVG bar beside it that screen readers skip; the table next to the chart has every
figure. A hidden figure gets no bar, only the words."""

from __future__ import annotations

from dataclasses import dataclass

from portal.statistics.figures import Month, Row

GRID = (25, 50, 75)


@dataclass(frozen=True)
class Bar:
    label: str
    percent: int | None  # None: hidden (fewer than 10, or hidden to protect one)
    count: int | None
    of: int | None


@dataclass(frozen=True)
class Chart:
    bars: list[Bar]
    grid: tuple[int, ...] = GRID


def _bar(label: str, row: Row, column: str, of: str) -> Bar:
    return Bar(label, row.share(column, of), row.cells[column].shown, row.cells[of].shown)


def unopened_chart(month: Month, language: str) -> Chart:
    """Per organisation: the share of letters whose deadline passed that were not opened before it."""
    return Chart([_bar(total.organisation.name(language), total, "unopened_at_deadline", "deadline_passed")
                  for total, _ in month.organisations])


def trend_chart(rows: list[Row]) -> Chart:
    """Per month: the share of an organisation's letters opened within 3 days."""
    return Chart([_bar(row.month, row, "opened_soon", "delivered") for row in rows])
