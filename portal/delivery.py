"""Putting a message in a citizen's inbox. The API, the demo data and the tests all deliver through here.

Input is trusted at this point: the API validates before it calls deliver().
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, field
from datetime import date, datetime

from portal.db import database
from portal.models import Attachment, Citizen, Event, Message, Organisation


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


def new_public_id() -> str:
    return secrets.token_urlsafe(16)


def deliver(new: NewMessage, *, now: datetime) -> Message:
    """Store the message, its attachments and a `delivered` event in one transaction."""
    with database.atomic():
        message = Message.create(
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
        )
        for item in new.attachments:
            Attachment.create(
                message=message, filename=item.filename, content_type=item.content_type,
                size=len(item.data), sha256=hashlib.sha256(item.data).hexdigest(), data=item.data,
            )
        Event.create(message=message, citizen=new.recipient, actor=None, kind="delivered", at=now)
    return message
