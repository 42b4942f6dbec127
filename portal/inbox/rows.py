"""The rows of an inbox page: the row macro (templates/inbox/_row.html) rendered once per kind of row, filled in
per row.

A page shows 25 rows, and rendering the macro for each was most of the page's template time. Rows of one kind
(unread or not, with a deadline shown or not, done or not) differ only in their own values: address, language,
subject, deadline, sender, date, paper panel, the form's token. So the macro is rendered once per kind with a
marker in place of each value, cut at the markers, and every row of that kind is the pieces joined with its own
values, escaped as Jinja escapes them. It is rendered in the environment that knows nothing of the request
(portal/fragments.py: gettext in the request's language, any other name an error), so the cut is kept per
process under its key: the kind, the page's labels and choices, the language and the URL root. Correct by
construction as long as the macro only puts the values in place and lets the flags and the page decide the rest
(its own comment says so; tests/test_inbox_rows.py renders every kind both ways and compares)."""

from __future__ import annotations

from flask import current_app, request
from markupsafe import Markup

from portal import deadlines, fragments
from portal.fragments import Pattern
from portal.templating import long_date, message_url

VALUES = ("href", "lang", "subject", "deadline", "organisation", "delivered", "public_id", "panel", "restore_url",
          "csrf")
MAX_KEPT = 256  # kinds (6) × pages (a few) × languages × roots


class Row:
    """What the row macro reads: three flags and the row's values."""

    __slots__ = ("unread", "due", "done", *VALUES)

    def __init__(self, unread: bool, due: bool, done: bool, **values):
        self.unread, self.due, self.done = unread, due, done
        for name in VALUES:
            setattr(self, name, values.get(name))


def _cut(kind: tuple[bool, bool, bool], page: dict) -> Pattern:
    """The macro's row of this kind with markers, cut into text and the values' places."""
    macro = fragments.environment(current_app).get_template("inbox/_row.html").module.row
    return fragments.cut(str(macro(Row(*kind, **fragments.markers(VALUES)), page)), VALUES)


def _pattern(kind: tuple[bool, bool, bool], page: dict, language: str) -> Pattern:
    """The cut for this kind and page: worked out once per process for each key."""
    key = (kind, tuple(sorted(page.items())), language, request.script_root)
    return fragments.once(current_app._get_current_object(), "portal.inbox_rows", key, lambda: _cut(kind, page),
                          most=MAX_KEPT)


def values(m, *, language: str, row_panel, panel, paper: dict, labels: dict, page: dict, csrf: str = "") -> dict:
    """A message's values for its row, as the macro would show them (`row_panel(panel, paper view, labels)`: the
    paper feature's compact panel, given by the template, so that the inbox does not import the paper feature;
    `csrf`: the session's token, for the deleted list's put-back form)."""
    out = _own_values(m, language=language, page=page, csrf=csrf)
    if page["paper"]:
        out["panel"] = row_panel(panel, paper[m.id], labels)
    return out


def _own_values(m, *, language: str, page: dict, csrf: str) -> dict:
    """values() without the paper panel."""
    out = {"href": message_url("inbox.message", m.public_id), "lang": m.text_language(language),
           "subject": m.text("subject", language), "organisation": m.organisation.name(language),
           "delivered": long_date(m.delivered_at), "public_id": m.public_id}
    if _due(m):
        out["deadline"] = deadlines.before(m.deadline)
    if page["restore"]:
        out["restore_url"] = message_url("inbox.restore", m.public_id)
        out["csrf"] = csrf
    return out


def _due(m) -> bool:
    """The row shows the deadline: there is one and the letter is not done."""
    return bool(m.deadline and not m.done_at)


def kind_of(m) -> tuple[bool, bool, bool]:
    return not m.first_opened_at, _due(m), bool(m.done_at)


# A kind's cut with a panel's cut within it, for the life of the process: both are kept cuts (fragments.once),
# looked up as the objects they are, so a cut given up by its keeper is never mistaken for a new one with its id.
# Making them was 25 µs of every inbox page (four of them, 6 µs each).
_WHOLES: dict[tuple[Pattern, Pattern], Pattern] = {}
MAX_WHOLES = 1024


def _whole(pattern: Pattern, inner: Pattern) -> Pattern:
    if len(_WHOLES) >= MAX_WHOLES:
        _WHOLES.clear()
    whole = _WHOLES[pattern, inner] = pattern.within("panel", inner)
    return whole


def inbox_rows(messages, *, language: str, row_panel, panel, paper: dict, labels: dict, page: dict,
               csrf: str = "") -> Markup:
    """Every row of the list, in order: the macro's `row(Row(...), page)` for each message, a rendering per kind
    and key. A row whose paper panel is stamped (`row_panel.stamp`, portal/paper/stamp.py) is filled in one
    step: its cut with the panel's cut in the panel's place."""
    cuts: dict[tuple, Pattern] = {}
    stamp = getattr(row_panel, "stamp", None) if page["paper"] else None
    out = []
    for m in messages:
        kind = kind_of(m)
        pattern = cuts.get(kind)
        if pattern is None:
            pattern = cuts[kind] = _pattern(kind, page, language)
        stamped = stamp(panel, paper[m.id], labels) if stamp is not None else None
        if stamped is None:
            out.append(pattern.fill_escaped(values(m, language=language, row_panel=row_panel, panel=panel,
                                                   paper=paper, labels=labels, page=page, csrf=csrf)))
            continue
        inner, filled = stamped
        whole = _WHOLES.get((pattern, inner))
        if whole is None:
            whole = _whole(pattern, inner)
        out.append(whole.fill_both(_own_values(m, language=language, page=page, csrf=csrf), filled))
    return Markup("".join(out))  # noqa: S704 -- the macro's own text and values escaped above
