"""What the citizen sees about a message's paper copy: its state, where it goes, when it is posted and arrives."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from portal.clock import local_today
from portal.models import Citizen, Message, PaperRequest
from portal.paper.addresses import Address, address_from_columns, address_of
from portal.paper.services import can_cancel, latest_requests
from portal.workdays import Arrival, arrival_after_posting, expected_arrival


@dataclass(frozen=True)
class PaperView:
    message: Message
    request: PaperRequest | None  # the latest one, whatever its state
    citizen_address: Address | None  # where a new request would go
    today: date

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
        request = self.request
        if request is None or request.status == "cancelled":
            return None
        if request.status == "posted":
            return arrival_after_posting(local_today(request.posted_at))
        return expected_arrival(local_today(request.requested_at), today=self.today)

    @property
    def can_cancel(self) -> bool:
        return can_cancel(self.request)

    @property
    def seen(self) -> int:
        """Sent back by the button's form: the latest request this page showed (0: none)."""
        return self.request.id if self.request else 0


def paper_view(message: Message, *, now) -> PaperView:
    citizen = Citizen.get_by_id(message.recipient_id)
    latest = latest_requests([message.id]).get(message.id)
    return PaperView(message, latest, address_of(citizen), local_today(now))


def paper_views(messages: list[Message], *, now) -> dict[int, PaperView]:
    """The paper state of each message of one inbox page: two queries, whatever the number of messages."""
    if not messages:
        return {}
    citizen = Citizen.get_by_id(messages[0].recipient_id)
    address = address_of(citizen)
    latest = latest_requests([m.id for m in messages])
    today = local_today(now)
    return {m.id: PaperView(m, latest.get(m.id), address, today) for m in messages}
