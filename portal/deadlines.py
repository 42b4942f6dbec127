"""The one way a deadline is written: "vóór vrijdag 18 december 2026" / "before Friday 18 December 2026".

Pages, e-mails, the letter PDF and the calendar file all write a deadline through `before()`, so a citizen
reads the same words for the same date wherever it appears. A deadline is the letter's "before this date"
(Message.deadline); the last day to act is the day before. Sentences take the phrase whole
(`_("Pay %(deadline)s")`), never the bare date, so no text can drop the "before". Data for machines (the API,
the take-out index) keeps the ISO date, which a spreadsheet or program reads without a language.

A message's `deadline` is the date in the letter's "before …": "Betaal vóór vrijdag 4 december" means the
money, the answer, the objection or the documents must be there before Friday, so the last day to act is
Thursday 3 December. That holds for every deadline kind the API knows, because the letter names the same
date for each and the kind only says *what* to do, not a different day:

| kind | the letter says | last day to act |
| --- | --- | --- |
| `pay` | "Betaal vóór D" | D − 1: a payment made that day is on time (an online or instant payment arrives at once) |
| `respond` | "Reageer vóór D" | D − 1: online or by phone that day |
| `object` | "Maak bezwaar vóór D" | D − 1: online that day; a posted objection counts from its postmark |
| `send-documents` | "Stuur de documenten vóór D" | D − 1: uploaded that day (by post they must leave days earlier) |

The day before counts even when it is a weekend day or a holiday: acting online is possible then, and the
letter promises no more. The inbox's deadline banner, the calendar file and the API's description all use this
day (portal/inbox/services.py, portal/inbox/calendar.py, portal/api/openapi.py).

A paper letter is in time only when it arrives *before* that day: a letter that may arrive on the last day
to act (or later) leaves no time to read it and act, so the citizen is told what to do instead and the sender
gets a `paper_late` event (portal/paper/timing.py). `arrives_too_late` is that one rule.
"""

from __future__ import annotations

from datetime import date, timedelta

from portal.i18n import gettext as _
from portal.templating import long_date


def _l(message: str) -> str:
    """Marks a text for the catalogue (`pybabel extract -k _l`); action_line() translates it when it is shown,
    through the request's kept translations, not Flask-Babel's lazy string (four look-ups of its context)."""
    return message


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
    return _(wording, deadline=before(message.deadline))


def calendar_description(message, language: str) -> str:
    """The text of the calendar event: the deadline line, then the sender's "what you must do"."""
    return "\n\n".join(part for part in (action_line(message), message.text("action", language)) if part)


def last_day_to_act(deadline: date) -> date:
    """The last day the citizen can act on a letter due "before `deadline`": the calendar day before it."""
    return deadline - timedelta(days=1)


def arrives_too_late(arrive_by: date, deadline: date | None) -> bool:
    """Whether a paper letter that arrives by `arrive_by` at the latest may arrive on or after the last day
    to act. Without a deadline nothing is late."""
    return deadline is not None and arrive_by >= last_day_to_act(deadline)
