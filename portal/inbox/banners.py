"""The deadline banners of an inbox page: the banner macro (templates/inbox/_deadline.html) rendered once per
process for each number of days left, language and URL root, filled in per banner.

Rendering the macro for each banner was a tenth of an inbox page. A banner shows the days left (in words, and
as its colour and label) and the letter's own values: what to do before when, the link, the sender, the
subject and its language. The macro is rendered with markers in place of the values, in the environment that
knows nothing of the request (portal/fragments.py: gettext in the request's language, any other name an
error), so the key (days left, language, root) is everything the cut may show, and the cut is right for every
request with that key."""

from __future__ import annotations

from flask import current_app, request
from markupsafe import Markup

from portal import deadlines, fragments
from portal.templating import message_url

VALUES = ("action", "href", "organisation", "lang", "subject")
MAX_KEPT = 1024  # days left (a few hundred at most) × languages × roots


class Banner:
    """What the banner macro reads: the days left, whether that is too late, and the letter's values."""

    __slots__ = ("days_left", "overdue", *VALUES)

    def __init__(self, days_left: int, **values):
        self.days_left, self.overdue = days_left, days_left <= 0
        for name in VALUES:
            setattr(self, name, values[name])


def _pattern(app, root: str, days_left: int, language: str) -> fragments.Pattern:
    def cut() -> fragments.Pattern:
        macro = fragments.environment(app).get_template("inbox/_deadline.html").module.deadline_item
        return fragments.cut(str(macro(Banner(days_left, **fragments.markers(VALUES)))), VALUES)

    return fragments.once(app, "portal.deadline_banners", (days_left, language, root), cut, most=MAX_KEPT)


def values(d, language: str) -> dict:
    """A deadline's values for its banner (`d`: portal.inbox.services.Deadline)."""
    m = d.message
    return {"action": deadlines.action_line(m), "href": message_url("inbox.message", m.public_id),
            "organisation": m.organisation.name(language), "lang": m.text_language(language),
            "subject": m.text("subject", language)}


def deadline_banners(items, language: str) -> Markup:
    """Every banner, in order: `deadline_item(Banner(...))` for each deadline (each cut looked up once a page)."""
    app, root = current_app._get_current_object(), request.script_root
    cuts: dict[int, fragments.Pattern] = {}
    out = []
    for d in items:
        days_left = d.days_left
        pattern = cuts.get(days_left)
        if pattern is None:
            pattern = cuts[days_left] = _pattern(app, root, days_left, language)
        out.append(pattern.fill_escaped(values(d, language)))
    return Markup("".join(out))  # noqa: S704 -- the macro's own text and values escaped by fill_escaped
