"""What a message's deadline means in days: the last day to act, and whether a paper letter is in time for it.

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


def last_day_to_act(deadline: date) -> date:
    """The last day the citizen can act on a letter due "before `deadline`": the calendar day before it."""
    return deadline - timedelta(days=1)


def arrives_too_late(arrive_by: date, deadline: date | None) -> bool:
    """Whether a paper letter that arrives by `arrive_by` at the latest may arrive on or after the last day
    to act. Without a deadline nothing is late."""
    return deadline is not None and arrive_by >= last_day_to_act(deadline)
