"""An inbox page's paper panels in the common states, rendered once per process and stamped per row.

Most rows of a page show one of two compact panels: no paper request yet and a letter that can be printed,
with nothing to be late for (the usual state), or with a warning that a letter posted now arrives too late
(the late state: the letters with a near deadline, at the top of the list). Within a state a panel differs
between rows only in the message's id (the form's address), its subject (read out after the button's label),
the page's CSRF token and, when late, the sender's name and phone number and two dates. The panel macro is
rendered for each state with markers in those places (`_Stamp`; the dates are written out from fixed days
that stand in for them), cut at the markers, and each row of that state is the pieces joined with its own
values, escaped: a tenth of the cost of the macro per row (25 a page). The message page's full panel is
stamped the same way, its states also telling whether there is an address to post to and a sender's website,
both of which it shows.

The cut is kept per process (like the layout, portal/layout.py) under a key of everything else it shows: the
state, the language, the URL root, the page's button labels and which paper routes the visitor may use.
Correct by construction: the stamp answers only what a panel in its state may show and raises on anything
else the macro would read (the citizen's address, another route, another field of the message), and a stamp
that shows a marker it has no value for is not used (then the macro renders every row of that state); a row in
any other state is rendered by the macro. Nothing about a person is kept."""

from __future__ import annotations

import re
from datetime import date

from flask import current_app, request
from markupsafe import Markup

from portal.fragments import Pattern, escaped, once
from portal.i18n import current_language
from portal.paper.timing import Late
from portal.templating import PLAIN_ID, long_date

ID = "PAPERSTAMP0ID"  # a plain id, so message_url fills it in as it does any id
SUBJECT = "\x00subject\x00"
ORGANISATION = "\x00organisation\x00"
PHONE = "\x00phone\x00"
WEBSITE = "\x00website\x00"  # the full panel's alone: a compact panel does not show it
ARRIVE, LAST = "\x00arrive_by\x00", "\x00last_day\x00"  # the two dates' places, once cut
ADDRESS = "\x00address\x00"  # the full panel's alone: a compact panel before the click does not show it
CSRF = "\x00csrf\x00"
ROUTES = ("paper.request_copy", "paper.cancel")  # the routes a compact panel before the click may offer
LABELS = ("request", "another", "cancel", "language")  # the page's labels (portal.paper.labels) it may show
MAX_KEPT = 256  # keys are a state, a language, a root and the labels: far fewer in practice
# Days that stand in for a row's two dates: written out by the macro's own filter, then cut out like markers.
ARRIVE_BY, LAST_DAY = date(2000, 2, 8), date(2000, 1, 3)
TODAY = {True: date(2000, 1, 4), False: date(2000, 1, 2)}  # the last day passed, or not yet


class NotStampable(Exception):  # noqa: N818 -- not an error: the macro renders the row instead
    """The macro read something that differs between rows and has no marker."""


class _Address:
    __slots__ = ()

    def one_line(self) -> str:
        return ADDRESS

    def __getattr__(self, name: str):
        raise NotStampable(name)


class _May(dict):
    """Which of ROUTES the visitor may use; any other route is not known to the stamp."""

    def __missing__(self, endpoint: str):
        raise NotStampable(endpoint)


class _Organisation:
    __slots__ = ("phone", "website")

    def __init__(self, phone: bool, website: bool = True):
        self.phone = PHONE if phone else None
        self.website = WEBSITE if website else ""

    def name(self, language: str) -> str:
        return ORGANISATION

    def __getattr__(self, name: str):
        raise NotStampable(name)


class _Message:
    __slots__ = ("organisation",)
    public_id = ID

    def __init__(self, organisation: _Organisation):
        self.organisation = organisation

    def text(self, field: str, language: str) -> str:
        if field != "subject":
            raise NotStampable(field)
        return SUBJECT

    def __getattr__(self, name: str):
        raise NotStampable(name)


class _Stamp:
    """A PaperView in a common state (portal/paper/status.py), with markers for the row's own values."""

    __slots__ = ("address", "message", "late", "today")
    request = arrival = None
    status = "none"
    printable = True
    can_cancel = False
    seen = 0

    def __init__(self, kind: tuple):
        late, passed, phone = kind[:3]
        address, website = kind[3:] or (True, True)  # a compact panel shows neither: any stand-in will do
        self.address = _Address() if address else None
        self.message = _Message(_Organisation(phone, website))
        self.late = Late(arrive_by=ARRIVE_BY, last_day=LAST_DAY) if late else None
        self.today = TODAY[passed]

    def __getattr__(self, name: str):
        raise NotStampable(name)


def usual(pv) -> bool:
    return _kind(pv, pv.late) == (False, False, False)


def _kind(pv, late: Late | None, *, compact: bool = True) -> tuple | None:
    """(late, the last day passed, the sender has a phone number) for a row in a common state, else None; for
    the full panel (the message page) also (an address to post to, the sender has a website)."""
    if pv.request is not None or not pv.printable or PLAIN_ID.fullmatch(pv.message.public_id or "") is None:
        return None
    kind = (False, False, False) if late is None else (True, late.last_day < pv.today,
                                                      bool(pv.message.organisation.phone))
    return kind if compact else (*kind, pv.address is not None, bool(pv.message.organisation.website))


def _cut(panel, kind: tuple, labels: dict) -> Pattern | None:
    """The panel of this state with markers, cut into text and the markers' places; None when it shows a
    marker no row fills, or reads something without one."""
    compact = len(kind) == 3
    try:
        html = str(panel(_Stamp(kind), compact=compact, labels=labels))
    except NotStampable:
        return None
    fills = [ID, SUBJECT, CSRF, ORGANISATION, PHONE] + ([] if compact else [ADDRESS, WEBSITE])
    dates = (long_date(ARRIVE_BY), long_date(LAST_DAY))
    if kind[0]:
        fills += dates
    pieces = re.split("(" + "|".join(map(re.escape, fills)) + ")", html)
    if any("\x00" in piece or any(d in piece for d in dates) for piece in pieces[::2]):
        return None
    places = dict(zip(dates, (ARRIVE, LAST), strict=True))
    return Pattern([places.get(piece, piece) if i % 2 else piece for i, piece in enumerate(pieces)])


def _pattern(panel, kind: tuple, labels: dict) -> Pattern | None:
    """The cut for this state and page: worked out once per page, and kept per process under its key."""
    page = labels.setdefault("stamps", {})  # labels are the page's own (portal.paper.labels)
    if kind in page:
        return page[kind]
    may = _May({route: labels["may"][route] for route in ROUTES})
    shown = {name: labels[name] for name in LABELS}
    key = (kind, request.script_root, tuple(shown.items()), tuple(may.items()))
    page[kind] = once(current_app._get_current_object(), "portal.paper_stamps", key,
                      lambda: _cut(panel, kind, {**shown, "csrf": CSRF, "may": may}), most=MAX_KEPT)
    return page[kind]


def row_panel(panel, pv, labels: dict) -> Markup:
    """The compact panel of an inbox row: `panel(pv, compact=True, labels=labels)`, stamped in a common state."""
    return _stamped(panel, pv, labels, compact=True)


def row_stamp(panel, pv, labels: dict) -> tuple[Pattern, dict] | None:
    """row_panel() not yet filled in: the kept cut and the row's values for it (escaped), for a caller that puts
    the panel within a cut of its own and fills both at once (portal/inbox/rows.py); None when the panel is in
    no common state (then row_panel() renders it with the macro)."""
    return _stamp(panel, pv, labels, compact=True)


row_panel.stamp = row_stamp  # the template hands the inbox row_panel alone: the inbox does not import paper


def page_panel(panel, pv, labels: dict) -> Markup:
    """The full panel of the message page: `panel(pv, labels=labels)`, stamped in a common state."""
    return _stamped(panel, pv, labels, compact=False)


def _stamped(panel, pv, labels: dict, *, compact: bool) -> Markup:
    stamped = _stamp(panel, pv, labels, compact=compact)
    if stamped is None:
        return panel(pv, compact=compact, labels=labels)
    pattern, values = stamped
    return Markup(pattern.fill(values))  # noqa: S704 -- escaped by _stamp


def _stamp(panel, pv, labels: dict, *, compact: bool) -> tuple[Pattern, dict] | None:
    late = pv.late
    kind = _kind(pv, late, compact=compact)
    pattern = None if kind is None else _pattern(panel, kind, labels)
    if pattern is None:
        return None
    m = pv.message
    csrf = labels.get("csrf_escaped")
    if csrf is None:
        csrf = labels["csrf_escaped"] = escaped(labels["csrf"])  # once a page (labels are the page's own)
    values = {ID: m.public_id, SUBJECT: escaped(m.text("subject", labels["language"])), CSRF: csrf}
    if kind[0]:
        organisation = m.organisation
        values[ORGANISATION] = escaped(organisation.name(current_language()))
        values[PHONE] = escaped(organisation.phone or "")
        values[ARRIVE] = escaped(long_date(late.arrive_by))
        values[LAST] = escaped(long_date(late.last_day))
    if not compact:
        values[ADDRESS] = escaped(pv.address.one_line()) if pv.address is not None else ""
        values[WEBSITE] = escaped(m.organisation.website or "")
    return pattern, values
