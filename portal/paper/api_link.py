"""Paper as the sender API and the sender dashboard see it: the functions portal/api/paper_link.py promised.

`portal/api/paper_link.py` can become `from portal.paper.api_link import *  # noqa: F403` (same names, same
signatures). Senders see a message's latest paper request (status, who asked, when asked, when posted), never
the citizen's address or choices; "channel" stays a yes/no.
"""

from __future__ import annotations

from datetime import date, datetime

from portal.db import database
from portal.models import Account, Citizen, Message, Organisation
from portal.paper import addresses, timing
from portal.paper import services as paper
from portal.paper.models import PaperRequest

__all__ = ["address_of", "available", "first_requesters", "late_if_asked", "request_by_sender", "request_on_delivery",
           "state_of", "states_of", "store_address", "wants_paper"]


def wants_paper(citizen: Citizen, organisation: Organisation) -> bool:
    return paper.wants_paper(citizen, organisation)


def address_of(citizen: Citizen) -> addresses.Address | None:
    return addresses.address_of(citizen)


def store_address(citizen: Citizen, address) -> None:
    """Keep the address a sender gave for a citizen without an inbox (an api.validation.Address, already
    checked); open requests that are not printed yet go to it."""
    given = addresses.Address(
        name=address.name, street=address.street, house_number=str(address.house_number),
        addition=(address.house_number_addition or "").upper(), postcode=address.postcode, city=address.city,
    )
    columns = addresses.address_columns(given)
    with database.atomic():
        Citizen.update(**columns).where(Citizen.id == citizen.id).execute()
        PaperRequest.update(**columns).where(PaperRequest.citizen == citizen,
                                             PaperRequest.status == "requested").execute()
    for name, value in columns.items():
        setattr(citizen, name, value)


def request_on_delivery(message: Message, *, no_inbox: bool, now: datetime) -> None:
    """The API's own call after delivery. deliver() already made the request in the same transaction, so
    this normally finds it and changes nothing."""
    citizen = Citizen.get_by_id(message.recipient_id)
    reason = "no_inbox" if no_inbox else paper.reason_on_delivery(citizen, message.organisation)
    if reason:
        paper.request_on_delivery(message, reason=reason, now=now)


def request_by_sender(message: Message, *, now: datetime, actor: Account | None = None) -> bool:
    """The sender asks for a paper copy. True when a request was made now, False when one was already open
    or the citizen has no address. Raises paper.NotPrintable for a test message."""
    try:
        made = paper.request_paper_copy(message, requested_by="sender", actor=actor, now=now, reason="sender")
    except paper.NoAddress:
        return False
    return made.created


def available() -> bool:
    return True


def late_if_asked(message: Message, *, today: date) -> timing.Late | None:
    """Whether a paper copy asked for today may arrive on or after the last day to act: what the sender reads
    before the click, as the citizen does (portal/deadlines.py)."""
    return timing.lateness(message, timing.arrival_if_asked(today, days=timing.delivery_days()))


def _iso(value: datetime | None) -> str | None:
    return value.replace(microsecond=0).isoformat() + "Z" if value else None


def _state(request: PaperRequest) -> dict:
    return {"status": request.status, "requested_by": request.requested_by,
            "requested_at": _iso(request.requested_at), "posted_at": _iso(request.posted_at)}


def state_of(message: Message) -> dict | None:
    """The message's latest paper request, as the API's PaperState."""
    request = paper.latest_request_for(message)
    return _state(request) if request else None


def states_of(messages: list[Message]) -> dict[int, dict]:
    return {message_id: _state(request)
            for message_id, request in paper.latest_requests([m.id for m in messages]).items()}


def first_requesters(message_ids: list[int]) -> dict[int, str]:
    """Who asked first for paper, per message, counting requests that were not cancelled."""
    first: dict[int, str] = {}
    if not message_ids:
        return first
    rows = (PaperRequest.select(PaperRequest.message, PaperRequest.requested_by)
            .where(PaperRequest.message.in_(message_ids), PaperRequest.status != "cancelled")
            .order_by(PaperRequest.id))
    for row in rows:
        first.setdefault(row.message_id, row.requested_by)
    return first
