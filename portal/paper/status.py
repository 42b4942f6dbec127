"""What the citizen sees about a message's paper copy: its state, where it goes, when it is posted and arrives,
and whether that may be too late for the last day to act (portal/paper/timing.py), before and after the click."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from portal.clock import local_today
from portal.inbox.services import nothing_of
from portal.models import Citizen, Message
from portal.paper import timing
from portal.paper.addresses import Address, address_from_columns, address_of
from portal.paper.models import PaperRequest
from portal.paper.services import can_cancel, latest_requests
from portal.workdays import DELIVERY_DAYS, Arrival


@dataclass(frozen=True)
class PaperView:
    message: Message
    request: PaperRequest | None  # the latest one, whatever its state
    citizen_address: Address | None  # where a new request would go
    today: date
    delivery_days: int = DELIVERY_DAYS

    @property
    def status(self) -> str:
        """none | requested | batched | posted | cancelled"""
        return self.request.status if self.request else "none"

    @property
    def printable(self) -> bool:
        return not self.message.is_test and self.message.deleted_at is None

    @property
    def address(self) -> Address | None:
        """The address of the current request, or the one a new request would use."""
        if self.request is not None and self.status != "cancelled":
            return address_from_columns(self.request)
        return self.citizen_address

    @property
    def arrival(self) -> Arrival | None:
        """The current request's posting and latest arrival day (None: no request, or a cancelled one)."""
        if self.request is None:
            return None
        return timing.arrival_for(self.request, today=self.today, days=self.delivery_days)

    @property
    def late(self) -> timing.Late | None:
        """Set when the arrival shown may be on or after the last day to act: the current request's, or before
        the click the one a request made today would have."""
        if self.message.deadline is None or self.message.done_at is not None:
            return None  # nothing to be late for: skip the date arithmetic for most inbox rows
        arrival = self.arrival
        if arrival is None and self.printable:
            arrival = timing.arrival_if_asked(self.today, days=self.delivery_days)
        return timing.lateness(self.message, arrival)

    @property
    def can_cancel(self) -> bool:
        return can_cancel(self.request)

    @property
    def seen(self) -> int:
        """Sent back by the button's form: the latest request this page showed (0: none)."""
        return self.request.id if self.request else 0


def _recipient(message: Message, citizen: Citizen | None) -> Citizen:
    """The message's citizen: the one given when it is theirs (the page's, read with the session), else read."""
    if citizen is not None and citizen.id == message.recipient_id:
        return citizen
    return Citizen.get_by_id(message.recipient_id)


def paper_view(message: Message, *, now, citizen: Citizen | None = None) -> PaperView:
    citizen = _recipient(message, citizen)
    latest = None if nothing_of(message, "has_paper_request") else latest_requests([message.id]).get(message.id)
    return PaperView(message, latest, address_of(citizen), local_today(now), timing.delivery_days())


def paper_views(messages: list[Message], *, now, citizen: Citizen | None = None) -> dict[int, PaperView]:
    """The paper state of each message of one inbox page (all one citizen's): one query for the requests (none
    when the page's rows say none has one), and one for the citizen unless `citizen` is theirs, whatever the
    number of messages."""
    if not messages:
        return {}
    citizen = _recipient(messages[0], citizen)
    address = address_of(citizen)
    latest = latest_requests([m.id for m in messages if not nothing_of(m, "has_paper_request")])
    today, days = local_today(now), timing.delivery_days()
    return {m.id: PaperView(m, latest.get(m.id), address, today, days) for m in messages}
