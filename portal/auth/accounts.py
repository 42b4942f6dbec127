"""Creating accounts, citizens, organisations and sender users (used by the CLI and the demo data).

Raises ValidationFailed with one message per field that is wrong.
"""

from __future__ import annotations

import re
from datetime import datetime

from portal.auth.services import hash_password, normalise_email
from portal.bsn import is_valid_bsn, normalise_bsn
from portal.db import database
from portal.errors_domain import ValidationFailed
from portal.forms import is_email
from portal.models import LANGUAGES, Account, Citizen, Organisation, SenderUser

SLUG = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,48}[a-z0-9])?")
MIN_PASSWORD = 10
NAME_MAX = 200  # the width of the name columns (Account.name, Organisation.name_nl/name_en)


def _check_account(email: str, password: str, name: str, language: str) -> dict[str, str]:
    errors = {}
    if not is_email(email):
        errors["email"] = "Enter an e-mail address like name@example.nl, of at most 254 characters."
    elif Account.by_email(email):
        errors["email"] = "An account with this e-mail address already exists."
    if len(password or "") < MIN_PASSWORD:
        errors["password"] = f"The password must be at least {MIN_PASSWORD} characters long."
    if not (name or "").strip():
        errors["name"] = "Enter a name."
    elif len(name.strip()) > NAME_MAX:
        errors["name"] = f"The name can be at most {NAME_MAX} characters long."
    if language not in LANGUAGES:
        errors["language"] = "Language must be nl or en."
    return errors


def create_account(
    *, email: str, password: str, name: str, role: str, now: datetime, language: str = "nl"
) -> Account:
    email = normalise_email(email)
    errors = _check_account(email, password, name, language)
    if errors:
        raise ValidationFailed(errors)
    return Account.create(
        email=email,
        password_hash=hash_password(password),
        name=name.strip(),
        language=language,
        role=role,
        created_at=now,
    )


def create_citizen(
    *, email: str, password: str, bsn: str, name: str, now: datetime, language: str = "nl"
) -> Citizen:
    bsn = normalise_bsn(bsn)
    errors = _check_account(normalise_email(email), password, name, language)
    if not is_valid_bsn(bsn):
        errors["bsn"] = "The citizen number (BSN) must be 9 digits and pass the 11-test."
    existing = Citizen.get_or_none(Citizen.bsn == bsn) if "bsn" not in errors else None
    if existing and existing.account_id is not None:
        errors["bsn"] = "A citizen with this BSN already exists."
    if errors:
        raise ValidationFailed(errors)
    with database.atomic():
        account = create_account(
            email=email, password=password, name=name, role="citizen", now=now, language=language
        )
        if existing:
            # Known so far only by BSN and a sender's postal address (mail by post): the new account takes over
            # that record, so the letters already sent and the address stay with the person.
            Citizen.update(account=account).where(Citizen.id == existing.id, Citizen.account.is_null()).execute()
            return Citizen.get_by_id(existing.id)
        return Citizen.create(account=account, bsn=bsn, created_at=now)


def create_organisation(*, slug: str, name_nl: str, name_en: str, now: datetime) -> Organisation:
    errors = {}
    if not SLUG.fullmatch(slug or ""):
        errors["slug"] = "Use 1 to 50 lower-case letters, digits and hyphens, like belastingdienst."
    elif Organisation.get_or_none(Organisation.slug == slug):
        errors["slug"] = "An organisation with this slug already exists."
    for field, name, language in (("name_nl", name_nl, "Dutch"), ("name_en", name_en, "English")):
        if not (name or "").strip():
            errors[field] = f"Enter the {language} name."
        elif len(name.strip()) > NAME_MAX:
            errors[field] = f"The {language} name can be at most {NAME_MAX} characters long."
    if errors:
        raise ValidationFailed(errors)
    return Organisation.create(slug=slug, name_nl=name_nl.strip(), name_en=name_en.strip(), created_at=now)


def create_sender_user(
    *, org_slug: str, email: str, password: str, name: str, now: datetime, language: str = "nl"
) -> SenderUser:
    organisation = Organisation.get_or_none(Organisation.slug == org_slug)
    if organisation is None:
        raise ValidationFailed({"org": f"No organisation with slug {org_slug!r}."})
    with database.atomic():
        account = create_account(
            email=email, password=password, name=name, role="sender", now=now, language=language
        )
        return SenderUser.create(account=account, organisation=organisation)
