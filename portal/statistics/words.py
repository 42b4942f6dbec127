"""The words and number formats of the statistics tables, looked up once a page: a national month has a
hundred rows of some twenty words and figures each, and a translation or a Babel number format per cell was
most of the time to render it (bench/scale_statistics.py)."""

from __future__ import annotations

from functools import lru_cache

from babel.numbers import format_decimal, format_percent
from flask_babel import get_locale
from flask_babel import gettext as _


class Words(dict):
    """The translated words by key, and cached number formats for the page's language."""

    def __init__(self, words: dict[str, str], locale: str):
        super().__init__(words)
        self.locale = locale

    def cell(self, cell) -> str:
        """A figure as the tables show it: the number, or the word that says why it is not shown (a method, not a
        template macro: a national month has some 1,500 of them, and a macro call costs ten times as much)."""
        return self[cell.hidden] if cell.hidden else _number(cell.value, self.locale)

    def number(self, value: int) -> str:
        return _number(value, self.locale)

    def percent(self, value: int) -> str:
        return _percent(value, self.locale)


@lru_cache(maxsize=4096)
def _number(value: int, locale: str) -> str:
    return format_decimal(value, locale=locale)


@lru_cache(maxsize=404)
def _percent(value: int, locale: str) -> str:
    return format_percent(value / 100, locale=locale)


def words() -> Words:
    """The words of the tables in the language of the request."""
    return Words({
        "fewer-than-10": _("fewer than 10"), "hidden": _("hidden"), "of": _("of"),
        "delivered": _("Delivered"), "opened_soon": _("Opened within 3 days"),
        "before": _("Opened before the deadline"), "unopened": _("Not opened before the deadline passed"),
        "paper": _("Paper copies"), "median": _("Median time to first opening"),
        "citizen": _("citizen"), "helper": _("helper"), "sender": _("sender"), "policy": _("policy"),
        "safety_net": _("safety net"),
        None: _("not shown"), "open_1h": _("within 1 hour"), "open_4h": _("1 to 4 hours"),
        "open_12h": _("4 to 12 hours"), "open_1d": _("12 to 24 hours"), "open_2d": _("1 to 2 days"),
        "open_3d": _("2 to 3 days"), "open_7d": _("3 to 7 days"), "open_14d": _("1 to 2 weeks"),
        "open_30d": _("2 weeks to 30 days"), "open_later": _("more than 30 days"),
    }, str(get_locale()))
