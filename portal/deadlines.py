"""The one way a deadline is written: "vóór vrijdag 18 december 2026" / "before Friday 18 December 2026".

Pages, e-mails, the letter PDF and the calendar file all write a deadline through `before()`, so a citizen
reads the same words for the same date wherever it appears. A deadline is the letter's "before this date"
(Message.deadline); the last day to act is the day before. Sentences take the phrase whole
(`_("Pay %(deadline)s")`), never the bare date, so no text can drop the "before". Data for machines (the API,
the take-out index) keeps the ISO date, which a spreadsheet or program reads without a language.
"""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from portal.templating import long_date

ACTIONS = {  # what the citizen does before the deadline, by Message.deadline_kind
    "pay": _l("Pay %(deadline)s"),
    "object": _l("Object %(deadline)s"),
    "send-documents": _l("Send the documents %(deadline)s"),
    "respond": _l("Respond %(deadline)s"),
}


def before(day: date | None) -> str:
    """The deadline as a phrase in the active language ("" for none)."""
    return _("before %(date)s", date=long_date(day)) if day else ""


def action_line(message) -> str:
    """"Pay before Friday 18 December 2026": the kind of act and the deadline ("" without a deadline)."""
    if not message.deadline:
        return ""
    wording = ACTIONS.get(message.deadline_kind or "respond", ACTIONS["respond"])
    return str(wording) % {"deadline": before(message.deadline)}


def calendar_description(message, language: str) -> str:
    """The text of the calendar event: the deadline line, then the sender's "what you must do"."""
    return "\n\n".join(part for part in (action_line(message), message.text("action", language)) if part)
