"""Which events go to senders' systems, what their payload says, and writing them to the webhook outbox.

One hook: every new `Event` (portal/models.py EVENT_LISTENERS) whose kind is in KINDS becomes a delivery for
each enabled subscription of the message's organisation that wants its type and is of the message's kind
(test or live), inside the transaction that writes the event. So the change, its event and its deliveries
commit together or not at all.

A payload says what happened to which message, never what the message says: the type, the time, the message's
id, the sender's reference and type, whether it is a test message, and the event's facts. Never the
citizen's name, citizen service number, address or e-mail address.
"""

from __future__ import annotations

import functools
import json
import secrets
import threading
from datetime import datetime

from portal.db import Prepared, slot
from portal.models import Account, Event, Message

# type -> (what it means, its facts: name -> description). The OpenAPI `webhooks` section is made from this.
TYPES: dict[str, tuple[str, dict[str, str]]] = {
    "message.delivered": ("The message was delivered.", {
        "channel": "digital or paper (the citizen chose paper, or has no inbox: a paper copy was requested)",
        "deadline": "the deadline (ISO date), or null"}),
    "message.opened": ("The message was opened for the first time.", {
        "by": "citizen, or helper (someone the citizen authorised)"}),
    "message.done": ("The citizen marked the message as done.", {}),
    "message.paper_requested": ("A paper copy was requested.", {
        "requested_by": "citizen, helper, policy (your follow-up policy or the citizen's paper choice), sender, or "
                        "safety_net (the portal itself: the citizen has gone quiet)",
        "reason": "why, like button, all_mail, organisation, no_inbox, print_if_unread, api, safety_net, "
                  "channel_changed (may be empty)"}),
    "message.paper_posted": ("The paper copy was posted.", {}),
    "message.paper_late": ("The paper copy may arrive on or after the last day to act.", {
        "arrive_by": "the latest day the letter arrives (ISO date)", "deadline": "the deadline (ISO date)"}),
    "message.reminded": ("The citizen got an e-mail reminder.", {"step": "the policy step that sent it"}),
    "message.alert_bounced": ("An e-mail alert about the message did not arrive.", {
        "problem": "bounced (refused for good) or failed (could not be sent after every attempt)",
        "kind": "which e-mail: alert or reminder"}),
    "message.deadline_passed": ("The deadline passed without the message being done: the no-reaction signal.", {
        "state": "unopened, or opened_not_done", "deadline": "the deadline that passed (ISO date)"}),
    "message.deadline_changed": ("You moved the deadline (PATCH /api/v1/messages/{id}).", {
        "deadline": "the new deadline (ISO date)", "previous_deadline": "the deadline before (ISO date)",
        "reason": "the reason you gave"}),
    "message.removed": ("The message was removed.", {
        "by": "citizen (deleted it from the inbox) or retention (its keeping period ended)"}),
    "citizen.channel_changed": ("A citizen you sent mail to now gets mail on paper, or digitally again. The "
                                "message fields name the latest message you sent this citizen.", {
        "channel": "paper (everything on paper from now on) or digital",
        "by": "safety_net (the citizen had gone quiet: docs/safetynet.md) or citizen (their own choice)"}),
}
TEST_TYPE = "webhook.test"  # "send a test event" on the dashboard: to one subscription, no message

# Event.kind -> webhook type
KINDS = {"delivered": "message.delivered", "opened": "message.opened", "done": "message.done",
         "paper_requested": "message.paper_requested", "paper_posted": "message.paper_posted",
         "paper_late": "message.paper_late", "reminded": "message.reminded", "alert_failed": "message.alert_bounced",
         "reminder_failed": "message.alert_bounced", "deadline_passed": "message.deadline_passed",
         "deadline_changed": "message.deadline_changed", "deleted": "message.removed",
         "removed": "message.removed"}

# Event.kind of a citizen's event (no message) -> webhook type: sent to every organisation that sent them mail.
CITIZEN_KINDS = {"channel_changed": "citizen.channel_changed", "paper_for_all_on": "citizen.channel_changed",
                 "paper_for_all_off": "citizen.channel_changed"}

_kick = threading.local()


def new_delivery_id() -> str:
    return "msg_" + secrets.token_urlsafe(18)


def timestamp(moment: datetime) -> str:
    return moment.replace(microsecond=0).isoformat() + "Z"


def facts(event: Event, message: Message) -> dict:
    """The event's own fields in the payload, from the Event row (its detail) and the message."""
    kind, detail = event.kind, event.detail or ""
    if kind == "delivered":
        return {"channel": message.channel, "deadline": message.deadline.isoformat() if message.deadline else None}
    if kind == "opened":
        account = Account.get_or_none(Account.id == event.actor_id) if event.actor_id else None
        return {"by": "helper" if account is not None and account.role == "helper" else "citizen"}
    if kind == "paper_requested":
        who, _, reason = detail.partition(":")
        return {"requested_by": who, "reason": reason}
    if kind == "paper_late":
        return {"arrive_by": detail, "deadline": message.deadline.isoformat() if message.deadline else None}
    if kind == "reminded":
        return {"step": detail}
    if kind.endswith("_failed"):
        return {"problem": detail or "failed", "kind": kind.removesuffix("_failed")}
    if kind == "deadline_passed":
        state, _, day = detail.partition(" ")
        return {"state": state, "deadline": day}
    if kind == "deadline_changed":
        from portal.webhooks.models import DeadlineChange

        change = (DeadlineChange.select().where(DeadlineChange.message == message.id)
                  .order_by(DeadlineChange.id.desc()).first())
        return {"deadline": change.deadline.isoformat(), "previous_deadline": change.previous.isoformat(),
                "reason": change.reason} if change else {}
    if kind in ("deleted", "removed"):
        return {"by": "citizen" if kind == "deleted" else "retention"}
    return {}


def channel_facts(kind: str, detail: str) -> dict:
    """channel_changed ("paper:no_login", "digital:citizen") or the citizen's own paper choice."""
    if kind == "channel_changed":
        channel, _, why = detail.partition(":")
        return {"channel": channel, "by": "citizen" if why == "citizen" else "safety_net"}
    return {"channel": "paper" if kind == "paper_for_all_on" else "digital", "by": "citizen"}


def payload(event_type: str, at: datetime, message: Message, extra: dict) -> str:
    data = {"message_id": message.public_id, "reference": message.reference, "message_type": message.message_type,
            "test": bool(message.is_test), **extra}
    return json.dumps({"type": event_type, "timestamp": timestamp(at), "data": data}, ensure_ascii=False,
                      separators=(",", ":"))


@functools.cache
def _subscriptions() -> Prepared:
    """An organisation's enabled subscriptions (live or test): every event asks, its SQL is built once."""
    from portal.webhooks.models import WebhookSubscription as s

    return Prepared(lambda: s.select().where(s.organisation == slot("organisation"), s.is_test == slot("is_test"),
                                             s.enabled == True))  # noqa: E712 -- SQL


def on_event(event: Event) -> int:
    """EVENT_LISTENERS hook, inside the event's transaction. Returns how many deliveries it wrote."""
    if event.message_id is None and event.kind in CITIZEN_KINDS and event.citizen_id is not None:
        return on_citizen_event(event)
    event_type = KINDS.get(event.kind)
    if event_type is None or event.message_id is None:
        return 0

    try:
        message = event.message  # the object the event was made with, if it was (no second read)
    except Message.DoesNotExist:
        return 0
    subscriptions = [sub for sub in _subscriptions().run(organisation=message.organisation_id,
                                                         is_test=bool(message.is_test))
                     if sub.wants(event_type)]
    if not subscriptions:
        return 0
    body = payload(event_type, event.at, message, facts(event, message))
    for subscription in subscriptions:
        write(subscription, event_type, body, at=event.at, message_id=message.id)
    return len(subscriptions)


on_event.kinds = frozenset(KINDS) | frozenset(CITIZEN_KINDS)  # Event.save calls it for these alone


def write(subscription, event_type: str, body: str, *, at: datetime, message_id: int | None):
    """One delivery row, due at once; the worker is asked to send when this app context ends."""
    from portal.clock import utcnow
    from portal.webhooks.models import WebhookDelivery

    now = utcnow()
    _kick.wanted = True
    return WebhookDelivery.create(
        public_id=new_delivery_id(), subscription=subscription, organisation=subscription.organisation_id,
        message=message_id, event_type=event_type, body=body, status="pending", due_at=min(at, now),
        created_at=at)


def take_kick() -> bool:
    """Whether deliveries were written in this thread since the last call (and forget it)."""
    wanted = getattr(_kick, "wanted", False)
    _kick.wanted = False
    return wanted


def on_citizen_event(event: Event) -> int:
    """A citizen's channel changed: each organisation with a live subscription that sent them live mail hears
    it, named by the latest message it sent them (never the citizen's number or name)."""
    from peewee import fn

    from portal.webhooks.models import WebhookSubscription

    event_type = CITIZEN_KINDS[event.kind]
    s = WebhookSubscription
    latest = (Message.select(fn.MAX(Message.id)).where(Message.recipient == event.citizen_id, Message.not_test())
              .group_by(Message.organisation))
    written = 0
    for message in Message.select().where(Message.id.in_(latest)):
        subscriptions = [sub for sub in s.select().where(s.organisation == message.organisation_id,
                                                         s.is_test == False, s.enabled == True)  # noqa: E712
                         if sub.wants(event_type)]
        if not subscriptions:
            continue
        body = payload(event_type, event.at, message, channel_facts(event.kind, event.detail or ""))
        for subscription in subscriptions:
            write(subscription, event_type, body, at=event.at, message_id=message.id)
        written += len(subscriptions)
    return written
