"""The follow-up policy engine: which step is due for which message, written once as an outbox row.

A message's policy comes from the sender's API call, or else from its organisation's default
(`OrganisationPolicy`) as it was when the message was delivered: either way it is written on the message
(`Message.policy`) at delivery. So the follow-up a letter was sent with does not change afterwards, and the
scan below reads only messages with a policy, through one small partial index (m0070). Steps:

| step | fires on (Dutch calendar) | only while | does |
| --- | --- | --- | --- |
| `remind_after_days: N` | the N-th day after delivery | unopened | reminder e-mail |
| `remind_days_before_deadline: N` | N days before the deadline | not done | reminder e-mail |
| `paper_days_before_deadline: N` | N working days before the deadline | unopened | paper copy ("print if unread") |
| `remind_every_days: N`, `remind_at_most: K` | every N days after the first reminder | unopened | K reminders in all |

Print-if-unread counts back in working days (weekends and public holidays skipped, portal/workdays.py), so
that the letter, posted the next working day and delivered within PAPER_DELIVERY_DAYS, arrives before the last
day to act; N below portal.paper.timing.min_paper_days() (5 with the standard two delivery days) could not
promise that for every deadline and is refused (the API answers 422, set_default raises ValueError).

Every step applies once (the outbox key `kind:message:step` is unique), never on or after a day past the
deadline, never to a test message, a deleted or a done message. A step that was missed (worker down) still
fires later, as long as it still applies. E-mail waits for 07:00 Dutch time (portal/followup/timing.py).

Helper alert: when a citizen named a helper address and a message with a deadline is still not done the day
after its deadline, the helper is told once (within HELPER_WINDOW days after the deadline).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from peewee import fn

from portal.clock import local_today
from portal.db import database
from portal.followup import outbox, reminders
from portal.followup.models import AlertSetting, OrganisationPolicy, Outbox
from portal.followup.timing import ALERT_DELAY, local, next_send_time
from portal.models import Account, Citizen, Message
from portal.paper.timing import min_paper_days
from portal.workdays import working_days_before

HELPER_WINDOW = 7  # days after the deadline in which an overdue message still leads to a helper alert


@dataclass(frozen=True)
class Step:
    kind: str  # the outbox kind: reminder | paper
    until: str  # "opened": only while unopened; "done": only while not done
    counts_from: str  # "delivery" | "deadline"


STEPS = {
    "remind_after_days": Step("reminder", "opened", "delivery"),
    "remind_days_before_deadline": Step("reminder", "done", "deadline"),
    "paper_days_before_deadline": Step("paper", "opened", "deadline"),
    reminders.SERIES: Step("reminder", "opened", "delivery"),  # numbered rows, written by reminders.next_due
}


def delivery_columns(organisation) -> list:
    """What policy_on_delivery() and alert_on_delivery() need to know, as columns of a query on Citizen (the one
    read deliver() makes): alerts turned off (alerts_on's rule: no settings row means on) and the
    organisation's default policy of this moment."""
    return [
        fn.EXISTS(AlertSetting.select(AlertSetting.id).where(
            AlertSetting.citizen == Citizen.id, AlertSetting.enabled == False)).alias("alerts_off"),  # noqa: E712
        OrganisationPolicy.select(OrganisationPolicy.policy).where(OrganisationPolicy.organisation == organisation)
        .limit(1).alias("default_policy"),
    ]


def policy_on_delivery(own: dict[str, int] | None, facts) -> str | None:
    """What deliver() stores as a new message's policy (JSON): the sender's own, else the organisation's
    default (`facts`: a row with delivery_columns()), else none."""
    return json.dumps(own, sort_keys=True) if own else facts.default_policy


def policy_of(message: Message) -> dict[str, int]:
    return json.loads(message.policy) if message.policy else {}


def fire_date(name: str, days: int, message: Message) -> date | None:
    """The Dutch calendar day on which a step becomes due (None: it counts from a deadline there is not)."""
    step = STEPS[name]
    if step.counts_from == "delivery":
        return local(message.delivered_at).date() + timedelta(days=days)
    if not message.deadline:
        return None
    if step.kind == "paper":  # a letter needs post days: counted back over working days only
        return working_days_before(message.deadline, days)
    return message.deadline - timedelta(days=days)


def still_applies(name: str, message: Message, today: date) -> bool:
    """Whether step `name` (or a numbered reminder of a series, "remind_every_days:2") may still act on
    `message` on Dutch day `today`."""
    if message.is_test or message.deleted_at or message.done_at:
        return False
    if STEPS[name.partition(":")[0]].until == "opened" and message.first_opened_at:
        return False
    return message.deadline is None or today <= message.deadline


def step_key(name: str, message_id: int) -> str:
    return f"{STEPS[name.partition(':')[0]].kind}:{message_id}:{name}"


def set_default(organisation, steps: dict[str, int], *, now: datetime) -> None:
    """Set (or with an empty dict remove) an organisation's default policy for the messages it delivers from now
    on without a policy of their own; messages already delivered keep theirs. Raises ValueError for an unknown
    step, a number of days outside 1-365, a paper step too close to the deadline to arrive in time, or a repeating
    reminder without its count (1-5) or interval."""
    for name, days in steps.items():
        whole = isinstance(days, int) and not isinstance(days, bool)
        if (name not in STEPS and name != reminders.COUNT) or not whole or not 1 <= days <= reminders.limit_of(name):
            raise ValueError(f"{name}: a known step with a whole number from 1 to {reminders.limit_of(name)}")
        if name in STEPS and STEPS[name].kind == "paper" and days < min_paper_days():
            raise ValueError(f"{name}: at least {min_paper_days()} working days, or the letter can arrive on or "
                             "after the last day to act")
    for name, problem in reminders.pairing_problems(steps).items():
        raise ValueError(f"{name}: {problem}")
    with database.atomic():
        OrganisationPolicy.delete().where(OrganisationPolicy.organisation == organisation).execute()
        if steps:
            OrganisationPolicy.create(organisation=organisation, policy=json.dumps(steps, sort_keys=True),
                                      updated_at=now)


def run(now: datetime) -> int:
    """Write an outbox row for every step that is due now and still applies. Returns how many were written."""
    today = local_today(now)
    candidates = list(Message.select().where(  # the conditions of the partial index message_followup_open
        Message.policy.is_null(False), Message.not_test(), Message.deleted_at.is_null(), Message.done_at.is_null(),
        Message.deadline.is_null() | (Message.deadline >= today)))
    existing = _existing_keys([m.id for m in candidates])
    written = 0
    for message in candidates:
        steps = policy_of(message)
        for name, days in steps.items():
            if name not in STEPS or name == reminders.SERIES or step_key(name, message.id) in existing:
                continue
            due_day = fire_date(name, days, message)
            if due_day is None or today < due_day or not still_applies(name, message, today):
                continue
            written += _write_step(name, message, now)
        repeat = reminders.next_due(message, steps, existing, today)
        if repeat and still_applies(repeat, message, today):
            written += _write_step(repeat, message, now)
    return written + _helper_alerts(now, today)


def _existing_keys(message_ids: list[int]) -> dict[str, date | None]:
    """The outbox keys of these messages, each with the Dutch day its row was carried out (None: not yet)."""
    keys: dict[str, date | None] = {}
    for start in range(0, len(message_ids), 500):
        chunk = message_ids[start:start + 500]
        for row in Outbox.select(Outbox.key, Outbox.done_at).where(Outbox.message.in_(chunk)):
            keys[row.key] = local_today(row.done_at) if row.done_at else None
    return keys


def _write_step(name: str, message: Message, now: datetime) -> int:
    kind = STEPS[name.partition(":")[0]].kind
    due = now if kind == "paper" else next_send_time(now)
    with database.atomic():
        return int(outbox.add(step_key(name, message.id), kind, due_at=due, now=now, message=message,
                              citizen=message.recipient_id, detail=name))


def _helper_alerts(now: datetime, today: date) -> int:
    named = AlertSetting.select(AlertSetting.citizen).where(AlertSetting.helper_email != "")
    overdue = Message.select().where(
        Message.recipient.in_(named), Message.not_test(), Message.deleted_at.is_null(), Message.done_at.is_null(),
        Message.deadline < today, Message.deadline >= today - timedelta(days=HELPER_WINDOW))
    written = 0
    for message in overdue:
        with database.atomic():
            written += int(outbox.add(f"helper_alert:{message.id}", "helper_alert", due_at=next_send_time(now),
                                      now=now, message=message, citizen=message.recipient_id))
    return written


# Alerts on delivery ------------------------------------------------------------------------------------------


def alert_on_delivery(message: Message, facts, *, now: datetime) -> bool:
    """Called by deliver() inside its transaction: an alert row, due within ALERT_DELAY (later in quiet hours).
    A citizen's alerts that are waiting share one due time, so they leave as one e-mail listing the senders.
    `facts`: the citizen's row with delivery_columns() and account_id."""
    if message.is_test or facts.account_id is None or facts.alerts_off:
        return False
    return outbox.add_joining(f"alert:{message.id}", "alert", due_at=next_send_time(now + ALERT_DELAY), now=now,
                              message_id=message.id, citizen_id=message.recipient_id)


def alerts_on(citizen: Citizen) -> bool:
    setting = AlertSetting.get_or_none(AlertSetting.citizen == citizen)
    return setting is None or setting.enabled


def alert_address(citizen: Citizen) -> str:
    """Where the citizen's alerts go: the address in their settings, else their account's e-mail ("": none)."""
    setting = AlertSetting.get_or_none(AlertSetting.citizen == citizen)
    if setting and setting.email:
        return setting.email
    account = Account.get_or_none(Account.id == citizen.account_id) if citizen.account_id else None
    return (account.email or "") if account else ""
