"""Repeating reminders: "remind every N days while unopened, at most K times".

Policy fields `remind_every_days: N` and `remind_at_most: K` (always together) make the unopened reminder a
series: the first on the `remind_after_days`-th day after delivery (or, without that step, the N-th), then one
every N days, at most K in all, the first included. Like every unopened step it stops once the letter is opened
(or done, deleted, or its deadline has passed), and each reminder checks that again when it goes out.

Each reminder of the series is its own outbox row with its own unique key, so each is written once however
often the engine runs, by however many workers, and goes out like any reminder (claim -> send -> mark, the
sweeper after a crash: see outbox.py). Keys and the detail on the row and on its `reminded` event:

| reminder | detail (the key is `reminder:<message>:<detail>`) |
| --- | --- |
| 1st, with `remind_after_days` | `remind_after_days`: the engine's single step, as without a series |
| 1st, without it | `remind_every_days:1` |
| n-th (n >= 2) | `remind_every_days:<n>` |

The engine writes the next reminder of a series only once the one before it has been carried out (sent, or
cancelled or failed for good), and no sooner than N days after the Dutch day that happened. So two reminders
are always N days apart, also when one waited for 07:00 or for a retry, and after the worker was down the
missed reminders do not all go out at once. K is at most MAX_REMINDERS.
"""

from __future__ import annotations

from datetime import date, timedelta

from portal.followup.timing import local
from portal.models import Message

SERIES = "remind_every_days"
COUNT = "remind_at_most"
MAX_REMINDERS = 5  # more unopened reminders than this read as spam; paper ("print if unread") is the next step


def numbered(n: int) -> str:
    return f"{SERIES}:{n}"


def details(steps: dict[str, int]) -> list[str]:
    """The detail of each reminder of the series, in order ([] without a series)."""
    if not steps.get(SERIES) or not steps.get(COUNT):
        return []
    first = "remind_after_days" if "remind_after_days" in steps else numbered(1)
    return [first, *(numbered(n) for n in range(2, steps[COUNT] + 1))]


def next_due(message: Message, steps: dict[str, int], written: dict[str, date | None], today: date) -> str | None:
    """The detail of the series reminder to write on Dutch day `today`, or None. `written` maps the outbox keys
    already there to the Dutch day each row was carried out (None: still to do). Whether the message is still
    unopened is the caller's."""
    every = steps.get(SERIES)
    series = details(steps)
    if not series:
        return None
    start = local(message.delivered_at).date() + timedelta(days=steps.get("remind_after_days") or every)
    previous: date | None = None
    for n, detail in enumerate(series):
        key = f"reminder:{message.id}:{detail}"
        if key in written:
            previous = written[key]
            if previous is None:
                return None  # wait until it went out: the next counts its N days from then
            continue
        if detail == "remind_after_days":
            return None  # the engine's own single step writes the first; the series follows it
        due = start + timedelta(days=n * every)
        if previous is not None:
            due = max(due, previous + timedelta(days=every))
        return detail if today >= due else None
    return None  # all K written


def pairing_problems(steps: dict) -> dict[str, str]:
    """Field -> what is wrong, for a series field given without its partner (API and default policy alike)."""
    if steps.get(SERIES) is not None and steps.get(COUNT) is None:
        return {COUNT: f"With {SERIES}, say how many reminders at most: a whole number from 1 to {MAX_REMINDERS}."}
    if steps.get(COUNT) is not None and steps.get(SERIES) is None:
        return {SERIES: f"With {COUNT}, say every how many days to remind: a whole number from 1 to 365."}
    return {}


def limit_of(name: str) -> int:
    """The highest number a policy field takes: days for a step, reminders for remind_at_most."""
    return MAX_REMINDERS if name == COUNT else 365
