"""A small horizontal bar chart as server-rendered SVG: one bar per message type, the share opened.

The numbers are printed beside each bar and the same figures are in the table, so no meaning rests on colour
or length alone; the SVG carries a title and a description (its text alternative).
"""

from __future__ import annotations

from dataclasses import dataclass

LABEL_WIDTH = 260
BAR_WIDTH = 420
ROW_HEIGHT = 36
BAR_HEIGHT = 22
VALUE_GAP = 8


@dataclass(frozen=True)
class Bar:
    label: str
    percent: int
    count: int
    of: int
    y: int

    @property
    def width(self) -> float:
        return round(BAR_WIDTH * self.percent / 100, 1)

    @property
    def text_y(self) -> int:
        return self.y + BAR_HEIGHT - 6


@dataclass(frozen=True)
class Chart:
    bars: list[Bar]
    width: int = LABEL_WIDTH + BAR_WIDTH + 150
    label_width: int = LABEL_WIDTH
    bar_height: int = BAR_HEIGHT
    value_gap: int = VALUE_GAP

    @property
    def height(self) -> int:
        return ROW_HEIGHT * len(self.bars) + 8

    @property
    def grid(self) -> list[tuple[int, float]]:
        """Vertical lines at 0, 25, 50, 75 and 100 %."""
        return [(p, LABEL_WIDTH + BAR_WIDTH * p / 100) for p in (0, 25, 50, 75, 100)]


def opened_chart(rows) -> Chart:
    """rows: TypeStats with at least one delivered message."""
    bars = []
    for index, row in enumerate(r for r in rows if r.delivered):
        bars.append(Bar(row.message_type, row.share(row.opened) or 0, row.opened, row.delivered,
                        y=4 + index * ROW_HEIGHT))
    return Chart(bars)
