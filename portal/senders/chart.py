"""A small horizontal bar chart: one bar per message type, the share opened.

Each row is HTML text (the type, then the figures) with the bar beside it as a small SVG that screen readers
skip: the text wraps and keeps its size on a 320 px screen, where a whole-chart SVG would shrink its labels to
a third. The figures are printed beside each bar and repeated in the table, so no meaning rests on colour or
length alone. The bar's width is an SVG attribute, not a style (the CSP allows no inline styles).
"""

from __future__ import annotations

from dataclasses import dataclass

GRID = (25, 50, 75)  # lines across each bar's track, in percent


@dataclass(frozen=True)
class Bar:
    label: str
    percent: int
    count: int
    of: int


@dataclass(frozen=True)
class Chart:
    bars: list[Bar]
    grid: tuple[int, ...] = GRID


def opened_chart(rows) -> Chart:
    """rows: TypeStats with at least one delivered message."""
    return Chart([Bar(row.message_type, row.share(row.opened) or 0, row.opened, row.delivered)
                  for row in rows if row.delivered])
