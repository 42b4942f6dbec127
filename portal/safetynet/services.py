"""The safety net for deadline mail (docs/safetynet.md). Services take `now`."""

from datetime import date, datetime, timedelta

from peewee import JOIN

from portal.clock import local_today
from portal.deadlines import arrives_too_late
from portal.models import Account, Citizen, Message
from portal.paper import services as paper
from portal.paper import timing
from portal.workdays import expected_arrival, next_working_day

REASON = "safety_net"


def is_last_day_for_paper(deadline: date, today: date, *, days: int) -> bool:
    """Whether a letter asked for today still arrives in time, and one asked for on the next working day
    would not: the last chance, so the net waits as long as it safely can."""
    if arrives_too_late(expected_arrival(today, today=today, delivery_days=days).arrive_by, deadline):
        return False
    tomorrow = next_working_day(today)
    return arrives_too_late(expected_arrival(tomorrow, today=tomorrow, delivery_days=days).arrive_by, deadline)


# The last chance for paper is a few working days before the deadline; three weeks bounds it whatever the
# holidays (Christmas and New Year), so each run reads only the deadlines that can be due today.
WINDOW = timedelta(days=21)


def caught(now: datetime) -> list[Message]:
    """Unopened deadline letters, not test mail, whose citizen has not logged in since delivery, on the day
    that is their last chance for paper."""
    today = local_today(now)
    days = timing.delivery_days()
    quiet = Account.last_login_at.is_null() | (Account.last_login_at < Message.delivered_at)
    rows = (Message.select(Message).join(Citizen, on=(Message.recipient == Citizen.id))
            .join(Account, JOIN.LEFT_OUTER, on=(Citizen.account == Account.id))
            .where(Message.deadline > today, Message.deadline <= today + WINDOW, Message.first_opened_at.is_null(),
                   Message.done_at.is_null(), Message.deleted_at.is_null(),
                   Message.is_test == False,  # noqa: E712 -- peewee expression
                   Citizen.account.is_null() | quiet))
    return [message for message in rows if is_last_day_for_paper(message.deadline, today, days=days)]


def run_step(now: datetime, *, synchronous: bool) -> str:
    made = 0
    for message in caught(now):
        try:
            request = paper.request_paper_copy(message, requested_by="safety_net", actor=None, now=now, reason=REASON)
        except (paper.NotPrintable, paper.NoAddress):
            continue
        made += request.created
    return f"safety net: {made} paper letter(s) asked for" if made else ""
