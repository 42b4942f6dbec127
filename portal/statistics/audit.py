"""The exact audit behind complementary suppression: which hidden cells can still be worked out from the
shown ones by adding and subtracting along the published sums.

Each published sum (a total and its parts) is a linear equation over its hidden cells: total - parts = the
figures that are shown. A hidden cell is determined exactly when its unit vector lies in the span of those
equations, that is, when in reduced row echelon form it has a row with a single non-zero entry.

Made fast enough for a national month (100 organisations, each with its types, every column): the equations
fall apart into independent groups (cells that share no sum never meet), each is eliminated on its own, with
whole numbers (the sums have coefficients 1 and -1; a row is kept divided by the gcd of its entries), and the
cells of message types come first as pivots, then organisations, then the country, so that eliminating a type
does not spread into every other row (the fill-in of eliminating the country's cells first).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from math import gcd
from typing import TypeVar

Cell = TypeVar("Cell")
Row = dict[int, int]  # column -> non-zero whole coefficient


def determined(groups: Iterable[tuple[Cell, list[Cell]]], *, hidden: Callable[[Cell], bool],
               rank: Callable[[Cell], int] = lambda cell: 0) -> list[Cell]:
    """The hidden cells whose value follows from the sums. `groups`: (total, parts) of every published sum;
    `rank`: the elimination order (lower first: the cells of the finest breakdown)."""
    cells, rows = _equations(groups, hidden, rank)
    found: list[int] = []
    for component in _components(rows):
        found += [column for column, row in _reduced(component).items() if len(row) == 1]
    return [cells[column] for column in sorted(found)]


def _equations(groups, hidden, rank) -> tuple[list, list[Row]]:
    first: dict[int, tuple[int, object]] = {}
    raw = []
    for total, parts in groups:
        terms = [(cell, sign) for cell, sign in ((total, 1), *((part, -1) for part in parts)) if hidden(cell)]
        for cell, _ in terms:
            first.setdefault(id(cell), (len(first), cell))
        raw.append(terms)
    ordered = sorted(first.values(), key=lambda pair: (rank(pair[1]), pair[0]))
    column = {id(cell): index for index, (_, cell) in enumerate(ordered)}
    rows = []
    for terms in raw:
        row: Row = {}
        for cell, sign in terms:
            key = column[id(cell)]
            row[key] = row.get(key, 0) + sign
        row = {key: value for key, value in row.items() if value}
        if row:
            rows.append(row)
    return [cell for _, cell in ordered], rows


def _components(rows: list[Row]) -> list[list[Row]]:
    """The rows in groups that share no column (union-find over the columns)."""
    parent: dict[int, int] = {}

    def root(column: int) -> int:
        while parent.setdefault(column, column) != column:
            parent[column] = parent[parent[column]]
            column = parent[column]
        return column

    for row in rows:
        columns = iter(row)
        base = root(next(columns))
        for column in columns:
            other = root(column)
            if other != base:
                parent[other] = base
    groups: dict[int, list[Row]] = {}
    for row in rows:
        groups.setdefault(root(next(iter(row))), []).append(row)
    return list(groups.values())


def _normal(row: Row) -> Row:
    """Divided by the gcd of its entries, the pivot (its lowest column) positive."""
    divisor = 0
    for value in row.values():
        divisor = gcd(divisor, value)
    if row[min(row)] < 0:
        divisor = -divisor
    return {column: value // divisor for column, value in row.items()} if divisor != 1 else row


def _eliminate(row: Row, pivot_row: Row, column: int) -> Row:
    """row with `column` cleared by a multiple of pivot_row (whose pivot is `column`)."""
    a, b = pivot_row[column], row[column]
    out = {key: value * a for key, value in row.items()}
    for key, value in pivot_row.items():
        out[key] = out.get(key, 0) - b * value
    return {key: value for key, value in out.items() if value}


def _reduced(rows: list[Row]) -> dict[int, Row]:
    """Reduced row echelon form as pivot column -> its row; `holders` knows which pivot rows hold a column."""
    pivots: dict[int, Row] = {}
    holders: dict[int, set[int]] = {}
    for row in rows:
        for column in [column for column in row if column in pivots]:
            if column in row:
                row = _eliminate(row, pivots[column], column)
        if not row:
            continue
        row = _normal(row)
        pivot = min(row)
        for other in list(holders.get(pivot, ())):
            old = pivots[other]
            new = _normal(_eliminate(old, row, pivot))
            for column in old:
                if column not in new:
                    holders[column].discard(other)
            for column in new:
                holders.setdefault(column, set()).add(other)
            pivots[other] = new
        pivots[pivot] = row
        for column in row:
            holders.setdefault(column, set()).add(pivot)
    return pivots
