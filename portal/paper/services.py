"""Paper copies of messages: asking for one, cancelling it, and the citizen's choice of paper for good.

The lifecycle is `requested -> batched -> posted`, or `cancelled` while still `requested`. At most one request
per message is open (requested or batched); the database enforces it with a partial unique index, so two
concurrent clicks, a click and a sender's API call, or a policy and a click never make two.

Who asked (`requested_by`): citizen, helper, sender or policy; `reason` says why (button, all_mail,
organisation, no_inbox, print_if_unread, …). Every change is an Event (paper_requested, paper_cancelled,
paper_not_possible, paper_late here; paper_batched and paper_posted in portal/printing) with the acting account and the
citizen whose mail it is, for the citizen's access log and the sender's API.

Functions take `now` (naive UTC) and never read the request. Printing lives in portal/printing/services.py.
"""

from __future__ import annotations

from datetime import datetime

from peewee import IntegrityError, fn

from portal.db import Prepared, PreparedIn, database, slot
from portal.errors_domain import NotAllowed
from portal.models import Account, Citizen, Event, Message, Organisation
from portal.paper import timing
from portal.paper.addresses import Address, address_columns, address_of
from portal.paper.models import PAPER_OPEN_STATES, REQUESTERS, PaperPreference, PaperRequest

# Requests a citizen (or their helper) may cancel: their own, and those made by their own paper choice.
# A sender's request, print-if-unread and paper for a citizen without an inbox are the sender's decision.
CITIZEN_REASONS = ("all_mail", "organisation")


class NoAddress(Exception):
    """The citizen has no postal address yet: ask for one first."""


class NotPrintable(NotAllowed):
    """A test message is never printed."""


class CancelRefused(Exception):
    """The request cannot be cancelled: `request.status` says why (batched or posted), or it is not the
    citizen's own request (a sender's decision)."""

    def __init__(self, request: PaperRequest):
        super().__init__(f"paper request {request.id} is {request.status} ({request.requested_by})")
        self.request = request


def requester_for(actor: Account | None, citizen: Citizen) -> str:
    """"citizen" when the citizen acts on their own mail, "helper" when someone acts for them."""
    return "citizen" if actor is not None and actor.id == citizen.account_id else "helper"


def latest_request_for(message: Message) -> PaperRequest | None:
    return _LATEST_FOR.first(message=message.id)


_LATEST_FOR = Prepared(lambda: (
    PaperRequest.select().where(PaperRequest.message == slot("message")).order_by(PaperRequest.id.desc()).limit(1)))


def open_request_for(message: Message) -> PaperRequest | None:
    """The message's open (requested or batched) paper request, if there is one."""
    return PaperRequest.get_or_none(PaperRequest.message == message, PaperRequest.status.in_(PAPER_OPEN_STATES))


_REQUESTS_OF = PreparedIn(lambda ids: (
    PaperRequest.select().where(PaperRequest.message.in_(ids)).order_by(PaperRequest.id)))


def latest_requests(message_ids: list[int]) -> dict[int, PaperRequest]:
    """The latest request of each of these messages (one query)."""
    latest: dict[int, PaperRequest] = {}
    if not message_ids:
        return latest
    for row in _REQUESTS_OF.run(message_ids):
        latest[row.message_id] = row
    return latest


def request_paper_copy(message: Message, *, requested_by: str, actor: Account | None, now: datetime,
                       reason: str = "", seen: int | None = None) -> PaperRequest:
    """Ask for a paper copy of `message`. Idempotent: while a request is open, that request is returned.

    Returns the PaperRequest with `.created` set: True when this call made it, False when it was already there.
    `seen` (optional, from a form) is the id of the latest request the person saw, 0 for none: when something
    happened since (a stale or replayed form), nothing is made and the latest request is returned.
    Raises NotPrintable for a test message, NoAddress when the citizen has no postal address,
    ValueError for an unknown `requested_by`.
    """
    if requested_by not in REQUESTERS:
        raise ValueError(f"requested_by must be one of {REQUESTERS}, not {requested_by!r}")
    if message.is_test:
        raise NotPrintable
    existing = open_request_for(message)
    if existing is None and seen is not None:
        latest = latest_request_for(message)
        existing = latest if latest is not None and latest.id != seen else None
    if existing is not None:
        existing.created = False
        return existing
    citizen = Citizen.get_by_id(message.recipient_id)
    address = address_of(citizen)
    if address is None:
        raise NoAddress
    return _insert(message, citizen, address, requested_by=requested_by, reason=reason, actor=actor, now=now)


def _insert(message: Message, citizen: Citizen, address: Address, *, requested_by: str, reason: str,
            actor: Account | None, now: datetime) -> PaperRequest:
    # The INSERT is the first statement of its transaction (or savepoint): on SQLite a writer then waits for
    # the lock instead of failing on a stale snapshot; on PostgreSQL the second insert waits for the first and
    # then hits the unique index. Either way the loser finds the winner's request.
    try:
        with database.atomic():
            request = PaperRequest.create(
                message=message, citizen=citizen, status="requested", requested_by=requested_by, reason=reason,
                actor=actor, requested_at=now, **address_columns(address),
            )
            Event.create(message=message, citizen=citizen, actor=actor, kind="paper_requested", at=now,
                         detail=f"{requested_by}:{reason}" if reason else requested_by)
            timing.record_if_late(message, request, now=now)
    except IntegrityError:
        winner = open_request_for(message)
        if winner is None:
            raise
        winner.created = False
        return winner
    request.created = True
    return request


def can_cancel(request: PaperRequest | None) -> bool:
    """Whether the citizen (or their helper) may still cancel this request."""
    return (request is not None and request.status == "requested"
            and (request.requested_by in ("citizen", "helper") or request.reason in CITIZEN_REASONS))


def cancel(message: Message, *, actor: Account | None, now: datetime) -> PaperRequest | None:
    """Cancel the message's paper request while it is not in a print batch yet.

    Returns the cancelled request with `.changed` (False when it was already cancelled), or None when there
    never was one. Raises CancelRefused when it is batched or posted, or not the citizen's to cancel.
    """
    request = latest_request_for(message)
    if request is None:
        return None
    if request.status == "cancelled":
        request.changed = False
        return request
    if not can_cancel(request):
        raise CancelRefused(request)
    with database.atomic():
        changed = (PaperRequest.update(status="cancelled", cancelled_at=now)
                   .where(PaperRequest.id == request.id, PaperRequest.status == "requested").execute())
        if changed:
            Event.create(message=message, citizen=request.citizen_id, actor=actor, kind="paper_cancelled", at=now,
                         detail=requester_for(actor, Citizen.get_by_id(request.citizen_id)) if actor else "system")
    request = PaperRequest.get_by_id(request.id)
    if request.status != "cancelled":  # batched by the print run in the meantime
        raise CancelRefused(request)
    request.changed = bool(changed)
    return request


# Paper for good -------------------------------------------------------------------------------------------


def delivery_columns(organisation) -> list:
    """What reason_on_delivery() reads, as columns of a query on Citizen: the inbox, the channel and the choice
    for this organisation (deliver() adds them to the one read it makes)."""
    return [Citizen.account, Citizen.channel, fn.EXISTS(
        PaperPreference.select(PaperPreference.id).where(PaperPreference.citizen == Citizen.id,
                                                         PaperPreference.organisation == organisation))
        .alias("for_organisation")]


_CHOICES = Prepared(lambda: Citizen.select(*delivery_columns(slot("organisation")))
                    .where(Citizen.id == slot("citizen")).limit(1))


def reason_on_delivery(citizen: Citizen, organisation: Organisation, *, facts=None) -> str | None:
    """Why a new message from `organisation` goes on paper at once, or None when it stays digital only.

    Reads the citizen's row again (the object a caller holds may be older than a change in the settings), unless
    `facts` is that row, just read with delivery_columns().
    """
    current = facts or _CHOICES.first(citizen=citizen.id, organisation=organisation.id)
    if current.account_id is None:
        return "no_inbox"
    if current.channel == "paper":
        return "all_mail"
    if current.for_organisation:
        return "organisation"
    return None


def wants_paper(citizen: Citizen, organisation: Organisation) -> bool:
    """Whether this citizen chose paper for everything or for this organisation."""
    return reason_on_delivery(citizen, organisation) in ("all_mail", "organisation")


def request_on_delivery(message: Message, *, reason: str, now: datetime) -> PaperRequest | None:
    """Called by deliver() inside its transaction: the paper copy a citizen's choice (or missing inbox) asks for.

    Without a postal address nothing can be printed: a `paper_not_possible` event says so, and None is returned.
    """
    try:
        return request_paper_copy(message, requested_by="policy", actor=None, now=now, reason=reason)
    except NoAddress:
        Event.create(message=message, citizen=message.recipient_id, actor=None, kind="paper_not_possible", at=now,
                     detail="no_address")
        return None
