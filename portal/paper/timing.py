"""Paper in time: when a paper copy arrives, and whether that is too late for the letter's last day to act.

Every arrival date the citizen sees (before the click, in the confirmation, on the paper page, in the
letter's status) comes from `arrival_for` / `arrival_if_asked`, and the warning from `lateness`, which
applies portal.deadlines.arrives_too_late: late when the latest arrival is on or after the last day to act.
A paper request that is late when it is made, or becomes late because it was posted later than planned, gets
one `paper_late` event (detail: the latest arrival date, ISO) that the sender sees in the API and on the
dashboard. The postal service's delivery time is the PAPER_DELIVERY_DAYS setting.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from portal.clock import local_today
from portal.config import setting
from portal.db import PreparedIn
from portal.deadlines import arrives_too_late, last_day_to_act
from portal.models import Event, Message
from portal.paper.models import PaperRequest
from portal.workdays import Arrival, arrival_after_posting, expected_arrival, paper_days_needed


@dataclass(frozen=True)
class Late:
    """A paper letter that may arrive too late: by `arrive_by` at the latest, the last day to act is `last_day`."""

    arrive_by: date
    last_day: date


def delivery_days() -> int:
    """PAPER_DELIVERY_DAYS of the running app (the declared default outside one, as in a plain script)."""
    return setting("PAPER_DELIVERY_DAYS")


def min_paper_days() -> int:
    """The smallest `paper_days_before_deadline` a follow-up policy may have (portal/workdays.py explains)."""
    return paper_days_needed(delivery_days())


def arrival_for(request: PaperRequest, *, today: date, days: int) -> Arrival | None:
    """When this request's letter is posted and arrives at the latest (None for a cancelled one)."""
    if request.status == "cancelled":
        return None
    if request.status == "posted":
        return arrival_after_posting(local_today(request.posted_at), delivery_days=days)
    return expected_arrival(local_today(request.requested_at), today=today, delivery_days=days)


def arrival_if_asked(today: date, *, days: int) -> Arrival:
    """When a letter asked for today would be posted and arrive: what the citizen reads before the click."""
    return expected_arrival(today, delivery_days=days)


def lateness(message: Message, arrival: Arrival | None) -> Late | None:
    """Late when the message has a deadline, is not done, and the letter may arrive on or after the last day."""
    if arrival is None or message.done_at is not None or not arrives_too_late(arrival.arrive_by, message.deadline):
        return None
    return Late(arrive_by=arrival.arrive_by, last_day=last_day_to_act(message.deadline))


def record_if_late(message: Message, request: PaperRequest, *, now: datetime) -> bool:
    """Inside the caller's transaction: a `paper_late` event when this request's letter may arrive too late,
    once per request (a later posting that moves the date does not repeat it). True when one was written."""
    late = lateness(message, arrival_for(request, today=local_today(now), days=delivery_days()))
    if late is None:
        return False
    already = Event.select().where(Event.message == message.id, Event.kind == "paper_late",
                                   Event.at >= request.requested_at).exists()
    if already:
        return False
    Event.create(message=message.id, citizen=request.citizen_id, actor=None, kind="paper_late", at=now,
                 detail=late.arrive_by.isoformat())
    return True


_LATE_OF = PreparedIn(lambda ids: (
    Event.select().where(Event.message.in_(ids), Event.kind == "paper_late").order_by(Event.id)))


def late_events(message_ids: list[int]) -> dict[int, Event]:
    """The latest `paper_late` event of each of these messages (one query)."""
    found: dict[int, Event] = {}
    if message_ids:
        for row in _LATE_OF.run(message_ids):
            found[row.message_id] = row
    return found


def sender_warnings(message: Message, *, policy: dict[str, int], today: date, on_paper: bool = True) -> list[str]:
    """For the API's answer to a new message (plain English): a paper copy that will not arrive in time.

    Either the message went on paper at once and that letter may be late (its `paper_late` event is there),
    or the deadline is so close that the policy's print-if-unread step would ask for a letter today that
    arrives on or after the last day to act. `on_paper` False: the caller knows the message has no paper request
    (so no `paper_late` event to look for).
    """
    if message.deadline is None or message.is_test:
        return []
    last_day = last_day_to_act(message.deadline)
    event = late_events([message.id]).get(message.id) if on_paper else None
    if event is not None:
        return [f"The paper copy arrives by {event.detail} at the latest: on or after the citizen's last day to act "
                f"({last_day.isoformat()}). The citizen is told to act online or to contact you."]
    days = policy.get("paper_days_before_deadline")
    arrival = arrival_if_asked(today, days=delivery_days())
    # A step whose day is still ahead arrives in time (min_paper_days); one whose day has come asks today.
    if days and lateness(message, arrival):
        return [f"The deadline is too close for print-if-unread: a paper copy asked for today arrives by "
                f"{arrival.arrive_by.isoformat()} at the latest, on or after the citizen's last day to act "
                f"({last_day.isoformat()}). The message was delivered; reach the citizen another way if it "
                "stays unopened."]
    return []
