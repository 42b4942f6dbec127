"""An inbox page's paper panels in the usual state, rendered once a page and stamped per row.

Most rows of a page show the same compact panel: no paper request yet, a letter that can be printed, nothing to
be late for. It then differs between rows only in the message's id (the form's address) and its subject (read
out after the button's label). The panel macro is rendered once for such a row with markers in those two
places (`_Stamp`), and each row of that state gets a copy with its own id and subject put in, escaped: a
tenth of the cost of the macro per row (25 a page). Correct by construction: the stamp answers only what a panel
in that state may show and raises on anything else the macro would read (then every row is rendered by the
macro itself), and a row in any other state is rendered by the macro."""

from __future__ import annotations

from markupsafe import Markup, escape

from portal.templating import PLAIN_ID

ID = "PAPERSTAMP0ID"  # a plain id, so message_url fills it in as it does any id
SUBJECT = "\x00subject\x00"


class NotStampable(Exception):  # noqa: N818 -- not an error: the macro renders the row instead
    """The macro read something that differs between rows and has no marker."""


class _Message:
    __slots__ = ()
    public_id = ID

    def text(self, field: str, language: str) -> str:
        if field != "subject":
            raise NotStampable(field)
        return SUBJECT

    def __getattr__(self, name: str):
        raise NotStampable(name)


class _Stamp:
    """A PaperView in the usual state (portal/paper/status.py), with markers for the row's own values."""

    __slots__ = ("address",)
    message = _Message()
    request = arrival = late = None
    status = "none"
    printable = True
    can_cancel = False
    seen = 0

    def __init__(self, address):
        self.address = address  # the citizen's: the same on every row of a page

    def __getattr__(self, name: str):
        raise NotStampable(name)


def usual(pv) -> bool:
    return (pv.request is None and pv.printable and pv.late is None
            and PLAIN_ID.fullmatch(pv.message.public_id or "") is not None)


def row_panel(panel, pv, labels: dict) -> Markup:
    """The compact panel of an inbox row: `panel(pv, compact=True, labels=labels)`, stamped when usual."""
    if not usual(pv):
        return panel(pv, compact=True, labels=labels)
    stamps = labels.setdefault("stamps", {})  # labels are the page's own (portal.paper.labels)
    key = id(pv.citizen_address)
    if key not in stamps:
        try:
            stamps[key] = (pv.citizen_address, str(panel(_Stamp(pv.citizen_address), compact=True, labels=labels)))
        except NotStampable:
            stamps[key] = (pv.citizen_address, None)
    address, html = stamps[key]
    if html is None or address is not pv.citizen_address:
        return panel(pv, compact=True, labels=labels)
    subject = str(escape(pv.message.text("subject", labels["language"])))
    return Markup(html.replace(ID, pv.message.public_id).replace(SUBJECT, subject))  # noqa: S704 -- escaped above
