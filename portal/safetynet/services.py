"""The safety net for deadline mail (docs/safetynet.md). Services take `now`.

A live letter with a deadline, still unopened, whose citizen has had no contact since it arrived (no log-in,
no helper acting for them) goes on paper, asked for by "safety_net":
- on the last working day on which a letter still arrives before the last day to act, or
- sooner, SAFETY_NET_NO_ALERT_DAYS days after delivery, when the citizen's alerts do not reach them (off, no
  address, or the address bounced or failed for good): nobody told them the letter is there.
A letter that has (or had) a paper request that was not cancelled is left alone, so running twice changes
nothing. Off with SAFETY_NET=off; never for test messages.
"""

from datetime import date, datetime, timedelta

from peewee import JOIN, fn

from portal.clock import local_today
from portal.config import setting
from portal.deadlines import arrives_too_late
from portal.followup.models import AlertSetting
from portal.models import Account, Citizen, Message
from portal.paper import services as paper
from portal.paper import timing
from portal.paper.models import PaperRequest
from portal.safetynet import signals
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


def _open_deadline_letters(today: date):
    """Live, unopened, not done, not deleted letters with a deadline after today, with no paper request that
    was not cancelled, whose citizen has a postal address and had no contact since delivery (query over
    Message, Citizen, Account)."""
    on_paper = PaperRequest.select(PaperRequest.id).where(PaperRequest.message == Message.id,
                                                          PaperRequest.status != "cancelled")
    return (Message.select(Message).join(Citizen, on=(Message.recipient == Citizen.id))
            .join(Account, JOIN.LEFT_OUTER, on=(Citizen.account == Account.id))
            .where(Message.deadline > today, Message.first_opened_at.is_null(),
                   Message.done_at.is_null(), Message.deleted_at.is_null(), Message.not_test(),
                   ~fn.EXISTS(on_paper),
                   Citizen.address_postcode != "",  # without a postal address nothing can be printed
                   Citizen.account.is_null() | signals.no_contact_since(Message.delivered_at)))


def last_chance(now: datetime) -> list[Message]:
    """The letters whose last chance for paper is today."""
    today = local_today(now)
    days = timing.delivery_days()
    rows = _open_deadline_letters(today).where(Message.deadline <= today + WINDOW)
    return [message for message in rows if is_last_day_for_paper(message.deadline, today, days=days)]


def no_alerts(now: datetime) -> list[Message]:
    """The letters of citizens whose alerts do not reach them, delivered SAFETY_NET_NO_ALERT_DAYS ago or more."""
    today = local_today(now)
    waited = now - timedelta(days=setting("SAFETY_NET_NO_ALERT_DAYS"))
    return list(_open_deadline_letters(today)
                .join(AlertSetting, JOIN.LEFT_OUTER, on=(AlertSetting.citizen == Citizen.id))
                .where(Message.delivered_at <= waited, Citizen.account.is_null(False), signals.no_working_alerts()))


def caught(now: datetime) -> list[Message]:
    """Every letter the safety net prints now: the sooner ones first, each once."""
    found = {message.id: message for message in no_alerts(now)}
    for message in last_chance(now):
        found.setdefault(message.id, message)
    return list(found.values())


def run_step(now: datetime, *, synchronous: bool) -> str:
    if not setting("SAFETY_NET"):
        return ""
    made = 0
    for message in caught(now):
        try:
            request = paper.request_paper_copy(message, requested_by="safety_net", actor=None, now=now,
                                               reason=REASON)
        except (paper.NotPrintable, paper.NoAddress):
            continue
        made += request.created
    from portal.safetynet import quiet

    switched = quiet.run(now)
    lines = [f"safety net: {made} paper letter(s) asked for"] if made else []
    if switched:
        lines.append(f"safety net: {switched} quiet inbox(es) switched to paper")
    return "\n".join(lines)
