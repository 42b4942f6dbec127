"""Demo data for `make run`: organisations, citizens, a helper and a sender user."""

from __future__ import annotations

from datetime import datetime

from portal import accounts
from portal.auth.services import hash_password
from portal.models import Account, Organisation

DEFAULT_PASSWORD = "demo-wachtwoord"  # noqa: S105 -- demo data only; seed-demo is refused in production

ORGANISATIONS = [
    ("belastingdienst", "Belastingdienst", "Tax and Customs Administration"),
    ("toeslagen", "Dienst Toeslagen", "Benefits Agency"),
    ("gemeente-utrecht", "Gemeente Utrecht", "Municipality of Utrecht"),
    ("cjib", "Centraal Justitieel Incassobureau (CJIB)", "Central Fine Collection Agency (CJIB)"),
]

# BSNs from the range the Dutch government keeps for testing; they pass the 11-test.
CITIZENS = [
    ("burger@example.nl", "Anna de Vries", "999990019", "nl"),
    ("buur@example.nl", "Pieter Jansen", "999990020", "nl"),
]
HELPER = ("helper@example.nl", "Fatima El Amrani")
SENDER = ("afzender@example.nl", "Sanne Bakker", "belastingdienst")


def demo_logins() -> list[tuple[str, str]]:
    return [
        (CITIZENS[0][0], "citizen with mail"),
        (CITIZENS[1][0], "second citizen (neighbour)"),
        (HELPER[0], "helper"),
        (SENDER[0], "sender user at the tax office"),
    ]


def seed(*, now: datetime, password: str = DEFAULT_PASSWORD) -> list[str]:
    """Create whatever demo data is missing; set every demo account's password. Returns what was made."""
    made = []
    for slug, name_nl, name_en in ORGANISATIONS:
        if not Organisation.get_or_none(Organisation.slug == slug):
            accounts.create_organisation(slug=slug, name_nl=name_nl, name_en=name_en, now=now)
            made.append(f"organisation {slug}")
    for email, name, bsn, language in CITIZENS:
        if not Account.by_email(email):
            accounts.create_citizen(email=email, password=password, bsn=bsn, name=name, now=now, language=language)
            made.append(f"citizen {email}")
    if not Account.by_email(HELPER[0]):
        accounts.create_account(email=HELPER[0], password=password, name=HELPER[1], role="helper", now=now)
        made.append(f"helper {HELPER[0]}")
    if not Account.by_email(SENDER[0]):
        accounts.create_sender_user(org_slug=SENDER[2], email=SENDER[0], password=password, name=SENDER[1], now=now)
        made.append(f"sender user {SENDER[0]}")
    emails = [c[0] for c in CITIZENS] + [HELPER[0], SENDER[0]]
    Account.update(password_hash=hash_password(password)).where(Account.email.in_(emails)).execute()
    return made
