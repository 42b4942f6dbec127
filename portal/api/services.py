"""What the sender API does, as plain functions over the models: deliver a validated message, describe a
message for its sender, list an organisation's messages, ask for paper, tell a recipient's channel.

Every function takes the API key (whose organisation and kind, live or test, decide what it may see) and
`now`. A message of another organisation, or of the other kind, raises NotFound: it does not exist for this key.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import datetime

from portal.api import paper_link, readability
from portal.api.problems import ApiProblem, FieldError
from portal.api.validation import MessageSpec
from portal.clock import local_today
from portal.db import Prepared, database, joined_transaction, slot
from portal.delivery import NewAttachment, NewMessage, Texts, deliver, facts_columns
from portal.errors_domain import NotFound
from portal.models import ApiKey, Citizen, Event, Message
from portal.paper import timing as paper_timing
from portal.params import whole_number

API_ROOT = "/api/v1"
STATUSES = ("delivered", "opened", "done")
PAGE_DEFAULT, PAGE_MAX = 25, 100
# The delivery lifecycle a sender may see. Everything else (who read it, archive, delete) is the citizen's own.
SENDER_EVENTS = ("delivered", "alerted", "opened", "reminded", "done", "not_done", "deadline_passed",
                 "deadline_changed")
SENDER_EVENT_PREFIXES = ("paper", "alert", "remind", "policy")


# The citizen with what deliver() needs to know for this sender (delivery.facts_columns), in one read.
_BY_BSN = Prepared(lambda: Citizen.select(Citizen, *facts_columns(slot("organisation")))
                   .where(Citizen.bsn == slot("bsn")).limit(1))


def _recipient(key: ApiKey, spec: MessageSpec, *, now: datetime) -> tuple[Citizen, bool]:
    """The citizen with this BSN; a record without an account is made (or its address updated) as needed. True
    with it when the row carries deliver()'s facts (it was there already: a new record is read again).

    Raises ApiProblem("no-address") for a citizen without an inbox when no postal address is known.
    A test key never stores or changes an address: its messages are never printed.
    """
    citizen = _BY_BSN.first(bsn=spec.bsn, organisation=key.organisation_id)
    if citizen is not None and citizen.account_id is not None:
        return citizen, True
    known = paper_link.address_of(citizen) if citizen else None
    if spec.address is None and known is None and not key.is_test:
        raise ApiProblem("no-address", "This citizen has no inbox, so the message goes on paper. Give the postal "
                         "address in recipient.address.", [FieldError(
                             "#/recipient/address", "This citizen has no inbox: give the postal address (name, "
                             "street, house_number, postcode, city), so the message can be sent on paper.")])
    read = citizen is not None
    if citizen is None:
        citizen = Citizen.create(account=None, bsn=spec.bsn, created_at=now)
    if spec.address is not None and not key.is_test:
        paper_link.store_address(citizen, spec.address)  # the address is not among the facts
    return citizen, read


def send_message(key: ApiKey, spec: MessageSpec, *, now: datetime) -> Message:
    """Deliver a validated message; make a paper request at once when it goes on paper (never for test keys).

    Everything is stored in one transaction: the message, its attachments, its events and the paper request.
    """
    t = spec.texts
    scores = {lang: readability.score(t["summary"][lang] or "", lang) for lang in ("nl", "en")}
    with joined_transaction():
        citizen, has_facts = _recipient(key, spec, now=now)
        # A live message's channel follows from its paper request, which deliver() works out; a test message is
        # never printed, so its channel (what the sender sees) is worked out here.
        channel = None
        if key.is_test:
            paper = citizen.account_id is None or paper_link.wants_paper(citizen, key.organisation)
            channel = "paper" if paper else "digital"
        texts = {name: Texts(t[name]["nl"] or "", t[name]["en"]) for name in ("subject", "summary", "action", "body")}
        return deliver(NewMessage(
            organisation=key.organisation, recipient=citizen, message_type=spec.message_type, **texts,
            reference=spec.reference, deadline=spec.deadline, deadline_kind=spec.deadline_kind,
            attachments=[NewAttachment(name, data) for name, data in spec.attachments], is_test=key.is_test,
            policy=spec.policy, api_key_id=key.id, channel=channel,
            readability_nl=scores["nl"].score if scores["nl"] else None,
            readability_en=scores["en"].score if scores["en"] else None,
        ), now=now, facts=citizen if has_facts else None)  # also makes the paper request (never for a test message)


def get_message(key: ApiKey, public_id: str) -> Message:
    message = Message.get_or_none(
        Message.public_id == public_id, Message.organisation == key.organisation, Message.is_test == key.is_test
    )
    if message is None:
        raise NotFound
    return message


def status_of(message: Message) -> str:
    if message.done_at:
        return "done"
    return "opened" if message.first_opened_at else "delivered"


def iso(value: datetime | None) -> str | None:
    return value.replace(microsecond=0).isoformat() + "Z" if value else None


def links(message: Message) -> dict:
    own = f"{API_ROOT}/messages/{message.public_id}"
    return {"self": own, "paper": f"{own}/paper"}


def readability_of(message: Message) -> dict:
    result = {}
    for language in ("nl", "en"):
        value = readability.score(message.text("summary", language) if language == "nl" else message.summary_en or "",
                                  language)
        result[language] = value.as_json() if value else None
    return result


def warnings_of(message: Message, readability: dict, *, on_paper: bool) -> list[str]:
    """Plain-language advice for a new message: a paper copy that may be late, a low readability score."""
    warnings = paper_timing.sender_warnings(message, policy=json.loads(message.policy) if message.policy else {},
                                            today=local_today(message.delivered_at), on_paper=on_paper)
    for language, scored in readability.items():
        if scored and scored["warning"]:
            name = "Dutch summary" if language == "nl" else "English summary"
            warnings.append(
                f"The {name} scores {scored['score']:g} on {scored['formula']} (below {scored['threshold']:g}): "
                "use shorter sentences and shorter words. The message was delivered."
            )
    return warnings


def summary(message: Message) -> dict:
    return {
        "id": message.public_id,
        "type": message.message_type,
        "reference": message.reference,
        "test": bool(message.is_test),
        "status": status_of(message),
        "channel": message.channel,
        "delivered_at": iso(message.delivered_at),
        "first_opened_at": iso(message.first_opened_at),
        "done_at": iso(message.done_at),
        "deadline": {"date": message.deadline.isoformat(), "kind": message.deadline_kind} if message.deadline else None,
        "links": links(message),
    }


def created(message: Message) -> dict:
    """The answer to a POST: what the sender needs at once. Of a message delivered just now, only a live one on
    the paper channel can have a paper request yet (deliver() makes it in the same transaction, or says it could
    not), so only for that one are the request and its `paper_late` event looked up."""
    on_paper = message.channel == "paper" and not message.is_test
    scores = readability_of(message)
    return {
        "id": message.public_id, "status": status_of(message), "channel": message.channel,
        "test": bool(message.is_test), "paper": paper_link.state_of(message) if on_paper else None,
        "readability": scores, "warnings": warnings_of(message, scores, on_paper=on_paper), "links": links(message),
    }


def sender_events(message: Message) -> list[dict]:
    rows = Event.select(Event.kind, Event.at, Event.detail).where(Event.message == message).order_by(Event.at,
                                                                                                     Event.id)
    return [
        {"kind": row.kind, "at": iso(row.at), **_reminder_of(row)} for row in rows
        if row.kind in SENDER_EVENTS or row.kind.startswith(SENDER_EVENT_PREFIXES)
    ]


def _reminder_of(event: Event) -> dict:
    """For a `reminded` event: the policy step and which of its reminders ("remind_every_days:2": the 2nd)."""
    if event.kind != "reminded" or not event.detail:
        return {}
    step, _, number = event.detail.partition(":")
    return {"step": step, "number": int(number) if number.isdigit() else 1}


def detail(message: Message) -> dict:
    return {
        **summary(message),
        "paper": paper_link.state_of(message),
        "policy": json.loads(message.policy) if message.policy else None,
        "readability": readability_of(message),
        "events": sender_events(message),
    }


@dataclass(frozen=True)
class ListQuery:
    message_type: str | None = None
    since: datetime | None = None
    status: str | None = None
    limit: int = PAGE_DEFAULT
    after_id: int | None = None  # from the cursor: the last id on the previous page


def encode_cursor(message_id: int) -> str:
    return base64.urlsafe_b64encode(f"m{message_id}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> int | None:
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode("ascii")
    except (binascii.Error, ValueError, UnicodeDecodeError):
        return None
    return whole_number(text[1:]) if text.startswith("m") else None


def list_messages(key: ApiKey, query: ListQuery) -> tuple[list[Message], str | None]:
    """Newest first; returns the page and the cursor for the next one (None on the last page)."""
    m = Message
    where = [m.organisation == key.organisation, m.is_test == key.is_test]
    if query.message_type:
        where.append(m.message_type == query.message_type)
    if query.since:
        where.append(m.delivered_at >= query.since)
    if query.status == "done":
        where.append(m.done_at.is_null(False))
    elif query.status == "opened":
        where += [m.first_opened_at.is_null(False), m.done_at.is_null()]
    elif query.status == "delivered":
        where += [m.first_opened_at.is_null(), m.done_at.is_null()]
    if query.after_id is not None:
        where.append(m.id < query.after_id)
    rows = list(m.select().where(*where).order_by(m.id.desc()).limit(query.limit + 1))
    more = len(rows) > query.limit
    rows = rows[: query.limit]
    return rows, encode_cursor(rows[-1].id) if more else None


def paper_allowed(key: ApiKey, public_id: str) -> Message:
    """The message a paper copy is asked for. Raises NotFound, or ApiProblem 403 for a test key."""
    message = get_message(key, public_id)
    if key.is_test:
        raise ApiProblem("forbidden", "Test messages are never printed. Use a live key for paper copies.")
    return message


def request_paper(key: ApiKey, message: Message, *, now: datetime) -> tuple[dict, bool]:
    """The sender asks for a paper copy. Returns (paper state, made now?)."""
    with database.atomic():
        made = paper_link.request_by_sender(message, now=now)
    state = paper_link.state_of(message)
    if not made and (state is None or state["status"] in ("cancelled", "posted")):
        raise ApiProblem("no-address", "There is no postal address for this citizen, so no paper copy can be made.")
    return state, made


def channel_of(key: ApiKey, bsn: str) -> str:
    """"digital" or "paper" for this citizen and this organisation; nothing more is told."""
    citizen = Citizen.get_or_none(Citizen.bsn == bsn)
    if citizen is None or citizen.account_id is None:
        return "paper"
    return "paper" if paper_link.wants_paper(citizen, key.organisation) else "digital"
