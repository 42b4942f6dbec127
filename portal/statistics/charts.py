"""Charts for the public pages, drawn on the server as SVG (no JavaScript), each with the table it shows next to
it, and meaning never by colour alone.

- Bar charts, in the manner of portal/senders/chart.py: each row is text (the name and its figures) with a small
  SVG bar beside it that screen readers skip. A hidden figure gets no bar, only the words.
- A line chart for the trend of the last 24 months: two lines told apart by their pattern (solid with round
  markers, dashed with square ones) as well as by colour, named in a key in HTML; the axis labels are HTML
  too, so they keep their size on a 320 px screen while the drawing scales. A month whose figure is hidden
  (fewer than 10, or hidden to protect one) has no marker and breaks the line. The SVG draws no text at all.
Coordinates are SVG attributes, never styles: the CSP allows no inline styles.
"""

from __future__ import annotations

from dataclasses import dataclass

from portal.statistics.figures import Month, Row

GRID = (25, 50, 75)
# The line chart's drawing area (SVG user units): wide enough for 24 months, 0-100 % upwards.
WIDTH, HEIGHT, PAD = 240, 100, 4


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


def types_chart(rows: list[Row]) -> Chart:
    """Per message type of one organisation: the share opened within 3 days."""
    return Chart([_bar(row.message_type or "", row, "opened_soon", "delivered") for row in rows])


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    month: str
    percent: int


@dataclass(frozen=True)
class Line:
    name: str  # "soon" | "unopened": the CSS class and the key's entry
    segments: list[list[Point]]  # runs of months with a shown figure; a hidden month breaks the line

    @property
    def points(self) -> list[Point]:
        return [point for segment in self.segments for point in segment]

    def path(self) -> str:
        """SVG path data: one move-to per segment (a lone month is only its marker)."""
        return " ".join("M" + " L".join(f"{p.x:g},{p.y:g}" for p in segment) for segment in self.segments
                        if len(segment) > 1)


@dataclass(frozen=True)
class LineChart:
    months: list[str]  # every month on the axis, oldest first
    lines: list[Line]
    width: int = WIDTH
    height: int = HEIGHT
    pad: int = PAD

    @property
    def grid(self) -> list[float]:
        """The horizontal lines at 0, 25, 50, 75 and 100 %."""
        return [self._y(percent) for percent in (0, 25, 50, 75, 100)]

    @property
    def years(self) -> list[float]:
        """Where each January stands: a vertical tick across the chart."""
        return [self._x(i) for i, key in enumerate(self.months) if key.endswith("-01") and i]

    @property
    def empty(self) -> bool:
        return not any(line.points for line in self.lines)

    def _x(self, index: int) -> float:
        step = (self.width - 2 * self.pad) / max(1, len(self.months) - 1)
        return round(self.pad + index * step, 1)

    def _y(self, percent: int) -> float:
        return round(self.height - self.pad - percent * (self.height - 2 * self.pad) / 100, 1)


def _line(chart: LineChart, name: str, rows: dict[str, Row], column: str, of: str) -> Line:
    segments: list[list[Point]] = [[]]
    for index, key in enumerate(chart.months):
        row = rows.get(key)
        percent = row.share(column, of) if row is not None else None
        if percent is None:
            if segments[-1]:
                segments.append([])
            continue
        segments[-1].append(Point(chart._x(index), chart._y(percent), key, percent))
    return Line(name, [segment for segment in segments if segment])


def trend_chart(months: list[str], rows: list[Row]) -> LineChart:
    """Per month of `months` (oldest first): the share of an organisation's letters opened within 3 days, and the
    share of those whose deadline passed that were not opened before it."""
    by_month = {row.month: row for row in rows}
    chart = LineChart(months, [])
    chart.lines.extend([_line(chart, "soon", by_month, "opened_soon", "delivered"),
                        _line(chart, "unopened", by_month, "unopened_at_deadline", "deadline_passed")])
    return chart
