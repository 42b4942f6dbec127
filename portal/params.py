"""Numbers, moments and text read from a request, kept within what Python and the database can hold.

- Digits are ASCII only: `str.isdigit()` is also true for "²" and Arabic-Indic digits, which `int()` then
  refuses or reads as another number than the visitor sees.
- Whole numbers stop at ID_MAX: ids are 32-bit integers on PostgreSQL, and a larger number in a query makes
  the database (or the SQLite driver, beyond 64 bits) refuse the whole request.
- Moments stay within FIRST_YEAR..LAST_YEAR, so a time-zone shift never leaves the years Python can count.
- Text has no NUL character: PostgreSQL can neither store nor compare one, so a request with one in its
  address or form answers 400 before any view runs (refuse_nul, registered by init_app).

Every `<int:…>` in a route uses IdConverter (registered by init_app), so an id out of range is a 404.
"""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Flask, request
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import BadRequest
from werkzeug.routing import IntegerConverter

ID_MAX = 2**31 - 1
PAGE_MAX = 100_000  # no list has more pages; a larger page number is page 1
FIRST_YEAR, LAST_YEAR = 1900, 9998
FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")


def ascii_digits(text: object) -> bool:
    """True for a non-empty string of the digits 0-9 only."""
    return isinstance(text, str) and text.isascii() and text.isdigit()


def whole_number(text: object, *, default: int | None = None, low: int = 1, high: int = ID_MAX) -> int | None:
    """The number written in `text` (ASCII digits, from `low` to `high`), else `default`."""
    if not ascii_digits(text) or len(text) > len(str(high)):
        return default
    value = int(text)
    return value if low <= value <= high else default


def page_number(text: object) -> int:
    """A `page` parameter: 1 to PAGE_MAX, else 1."""
    return whole_number(text, default=1, high=PAGE_MAX)


def naive_utc(moment: datetime) -> datetime | None:
    """An aware moment as naive UTC (how the database keeps times); None when it falls outside the years
    FIRST_YEAR..LAST_YEAR (a year-1 or year-9999 date shifted by its offset would leave Python's calendar)."""
    if not FIRST_YEAR <= moment.year <= LAST_YEAR:
        return None
    return moment.astimezone(UTC).replace(tzinfo=None)


class IdConverter(IntegerConverter):
    """`<int:…>` for ids: ASCII digits from 1 to ID_MAX; anything else does not match the route (404)."""

    regex = r"[0-9]{1,10}"

    def __init__(self, map, fixed_digits: int = 0, min: int | None = 1, max: int | None = ID_MAX,
                 signed: bool = False) -> None:
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def refuse_nul() -> None:
    """before_request: 400 for a NUL character in the path, the query or a form (names or values)."""
    texts = [request.path]
    query = request.query_string
    if b"\x00" in query or b"%00" in query:  # the only ways a NUL gets into the query's names and values
        texts += [text for pair in request.args.items(multi=True) for text in pair]
    if request.mimetype in FORMS:
        texts += [text for pair in request.form.items(multi=True) for text in pair]
    if any("\x00" in text for text in texts):
        refused = BadRequest("The address or a form field has a NUL character (\\u0000). Remove it.")
        refused.portal_message = _l("Something you sent has a character we cannot use (a null character). "
                                    "Remove it and try again.")
        raise refused


def init_app(app: Flask) -> None:
    """Before any blueprint, since the converter is looked up when a route is added; the NUL check runs
    before every other request hook."""
    app.url_map.converters["int"] = IdConverter
    app.before_request(refuse_nul)
