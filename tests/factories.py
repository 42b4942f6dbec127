"""Keyword-default factories: say only what matters to the test."""

from __future__ import annotations

import itertools
from contextlib import contextmanager
from datetime import datetime

from portal.auth import accounts
from portal.clock import utcnow
from portal.models import Account, Citizen, Organisation, SenderUser

PASSWORD = "correct horse battery"
_seq = itertools.count(1)
# Valid test BSNs (they pass the 11-test), handed out in turn.
_BSNS = (f"{n:08d}" for n in itertools.count(10_000_000))


def next_bsn() -> str:
    from portal.bsn import is_valid_bsn

    for head in _BSNS:
        for last in range(10):
            candidate = head + str(last)
            if is_valid_bsn(candidate) and not Citizen.get_or_none(Citizen.bsn == candidate):
                return candidate
    raise RuntimeError("no BSN left")


def create_citizen(
    *, email: str | None = None, name: str = "Anna de Vries", bsn: str | None = None,
    language: str = "nl", password: str = PASSWORD, now: datetime | None = None,
) -> Citizen:
    n = next(_seq)
    return accounts.create_citizen(
        email=email or f"citizen{n}@example.nl", password=password, bsn=bsn or next_bsn(),
        name=name, language=language, now=now or utcnow(),
    )


def create_account(
    *, email: str | None = None, name: str = "Fatima El Amrani", role: str = "helper",
    language: str = "nl", password: str = PASSWORD, now: datetime | None = None,
) -> Account:
    n = next(_seq)
    return accounts.create_account(
        email=email or f"person{n}@example.nl", password=password, name=name, role=role,
        language=language, now=now or utcnow(),
    )


def create_organisation(*, slug: str | None = None, name_nl: str = "Belastingdienst",
                        name_en: str = "Tax and Customs Administration") -> Organisation:
    n = next(_seq)
    return accounts.create_organisation(slug=slug or f"org-{n}", name_nl=name_nl, name_en=name_en, now=utcnow())


def create_sender_user(*, organisation: Organisation | None = None, email: str | None = None,
                       language: str = "nl", password: str = PASSWORD) -> SenderUser:
    organisation = organisation or create_organisation()
    n = next(_seq)
    return accounts.create_sender_user(
        org_slug=organisation.slug, email=email or f"sender{n}@example.nl", password=password,
        name="Sanne Bakker", language=language, now=utcnow(),
    )


def create_message(
    *, recipient: Citizen | None = None, organisation: Organisation | None = None, subject: str = "Uw aanslag",
    subject_en: str | None = "Your tax assessment", deadline=None, deadline_kind: str = "pay",
    delivered_at: datetime | None = None, body: str = "Wij hebben uw aangifte verwerkt.", attachments=(),
    message_type: str = "aanslag",
):
    from portal.delivery import NewAttachment, NewMessage, Texts, deliver

    new = NewMessage(
        organisation=organisation or create_organisation(),
        recipient=recipient or create_citizen(),
        message_type=message_type,
        subject=Texts(subject, subject_en),
        summary=Texts("U moet belasting betalen.", "You must pay tax." if subject_en else None),
        action=Texts("Betaal het bedrag.", "Pay the amount." if subject_en else None),
        body=Texts(body, "We processed your return." if subject_en else None),
        reference="2026-REF-1",
        deadline=deadline,
        deadline_kind=deadline_kind,
        attachments=[NewAttachment(name, data) for name, data in attachments],
    )
    return deliver(new, now=delivered_at or utcnow())


def give_postal_address(citizen: Citizen, **changes) -> Citizen:
    """Store a valid Dutch postal address on the citizen (portal.paper.addresses.save_address)."""
    from portal.paper.addresses import save_address

    data = {"name": "Anna de Vries", "street": "Dorpsstraat", "house_number": "12", "addition": "A",
            "postcode": "1234 AB", "city": "Ons Dorp", **changes}
    save_address(citizen, data, actor=citizen.account if citizen.account_id else None, now=utcnow())
    return citizen


@contextmanager
def request_of(app, account, *, language: str, path: str = "/"):
    """A request to `path` by `account`, logged in, with its language setting `language` (saved)."""
    from flask_login import login_user

    account.language = language
    account.save()
    with app.test_request_context(path):
        login_user(account)
        yield
