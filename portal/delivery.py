"""Putting a message in a citizen's inbox. The API, the demo data and the tests all deliver through here.

Input is trusted at this point: the API validates before it calls deliver().
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, field
from datetime import date, datetime

from portal.db import Prepared, PreparedInsert, joined_transaction, slot
from portal.followup import policy as followup
from portal.models import Attachment, Citizen, Event, Message, Organisation
from portal.paper import services as paper


@dataclass(frozen=True)
class Texts:
    nl: str
    en: str | None = None


@dataclass(frozen=True)
class NewAttachment:
    filename: str
    data: bytes
    content_type: str = "application/pdf"


@dataclass
class NewMessage:
    organisation: Organisation
    recipient: Citizen
    message_type: str
    subject: Texts
    summary: Texts
    body: Texts
    action: Texts = field(default_factory=lambda: Texts(""))
    reference: str = ""
    deadline: date | None = None
    deadline_kind: str | None = None
    attachments: list[NewAttachment] = field(default_factory=list)
    policy: dict[str, int] | None = None  # follow-up steps; None: the organisation's default, if it has one
    is_test: bool = False  # sent with a test API key: never shown to the citizen, never printed
    # Set by the API: the key it came with, the readability scores, and for a test key the channel it would take
    # (None: paper when it goes on paper at once, else digital). Written with the message, not after it.
    api_key_id: int | None = None
    readability_nl: float | None = None
    readability_en: float | None = None
    channel: str | None = None


def new_public_id() -> str:
    return secrets.token_urlsafe(16)


def facts_columns(organisation) -> list:
    """What a delivery needs to know about the citizen and the sender, as columns of a query on Citizen, read
    once: each feature names its own (paper: the inbox, the channel, paper for this sender; follow-up: alerts
    off, the default policy). A caller that reads the citizen anyway adds these and gives deliver() the row."""
    return [*paper.delivery_columns(organisation), *followup.delivery_columns(organisation)]


_FACTS = Prepared(lambda: Citizen.select(*facts_columns(slot("organisation"))).where(Citizen.id == slot("citizen"))
                  .limit(1))


_NEW_MESSAGE = PreparedInsert(Message)


def deliver(new: NewMessage, *, now: datetime, facts: Citizen | None = None) -> Message:
    """Store the message, its attachments and a `delivered` event in one transaction; in the same transaction a
    paper request (by "policy") when the citizen chose paper for everything or for this sender, or has no inbox.
    `facts`: the recipient's row with facts_columns() for this organisation, read in the caller's transaction
    (otherwise deliver() reads it). Raises ValueError for a deadline without its action text (the API refuses
    that with a 422 first)."""
    english = bool(new.subject.en and new.summary.en and new.body.en)
    if new.deadline and not (new.action.nl and (new.action.en or not english)):
        raise ValueError("a message with a deadline needs its action text (in English too when it has English)")
    if facts is None:
        facts = _FACTS.first(citizen=new.recipient.id, organisation=new.organisation.id)
    paper_reason = None if new.is_test else paper.reason_on_delivery(new.recipient, new.organisation, facts=facts)
    with joined_transaction():
        message = Message(
            public_id=new_public_id(),
            organisation=new.organisation,
            recipient=new.recipient,
            reference=new.reference,
            message_type=new.message_type,
            subject_nl=new.subject.nl, subject_en=new.subject.en,
            summary_nl=new.summary.nl, summary_en=new.summary.en,
            action_nl=new.action.nl, action_en=new.action.en,
            body_nl=new.body.nl, body_en=new.body.en,
            deadline=new.deadline,
            deadline_kind=new.deadline_kind if new.deadline else None,
            delivered_at=now,
            is_test=new.is_test,
            channel=new.channel or ("paper" if paper_reason else "digital"),
            api_key=new.api_key_id, readability_nl=new.readability_nl, readability_en=new.readability_en,
            policy=followup.policy_on_delivery(new.policy, facts),
        )
        _NEW_MESSAGE.save(message)
        for item in new.attachments:
            Attachment.create(
                message=message, filename=item.filename, content_type=item.content_type,
                size=len(item.data), sha256=hashlib.sha256(item.data).hexdigest(), data=item.data,
            )
        Event.create(message=message, citizen=new.recipient, actor=None, kind="delivered", at=now)
        followup.alert_on_delivery(message, facts, now=now)  # the e-mail alert: an outbox row, this transaction
        if paper_reason:
            paper.request_on_delivery(message, reason=paper_reason, now=now)
    return message
