"""The sender API's view of paper (issue 4's portal/paper): preferences, addresses, requests and their state.

TEMPORARY until portal/paper lands: no paper support at all.
"""

from __future__ import annotations

from datetime import datetime

from portal.models import Citizen, Message, Organisation


def wants_paper(citizen: Citizen, organisation: Organisation) -> bool:
    return False


def address_of(citizen: Citizen):
    return None


def store_address(citizen: Citizen, address) -> None:
    return None


def request_on_delivery(message: Message, *, no_inbox: bool, now: datetime) -> None:
    return None


def request_by_sender(message: Message, *, now: datetime, actor=None) -> bool:
    return False


def available() -> bool:
    return False


def state_of(message: Message) -> dict | None:
    return None


def first_requesters(message_ids: list[int]) -> dict[int, str]:
    return {}


def states_of(messages: list[Message]) -> dict[int, dict]:
    return {}
