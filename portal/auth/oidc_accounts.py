"""Who a checked DigiD log-in belongs to: the citizen profile with that citizen number (BSN). A number
without an inbox waits for consent (OidcPending); consent activates the inbox once, and records when and
after which version of the explanation. Plain functions over models: no request, no Flask session.

Raises:
    PendingExpired: the log-in waiting for consent is unknown or older than PENDING_VALID.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from peewee import IntegrityError

from portal.auth.models import InboxConsent, OidcLogin, OidcPending, Session
from portal.auth.oidc_client import Identity
from portal.auth.services import sha256
from portal.db import database
from portal.models import Account, Citizen, Event

# Change this whenever the meaning of the activation explanation (templates/auth/digid_activate.html)
# changes, so every recorded consent says which text the citizen agreed to.
ACTIVATION_TEXT_VERSION = "2026-11-v1"
PENDING_VALID = timedelta(minutes=15)
# Stored instead of a password hash for accounts made by DigiD. It is no argon2 hash, so checking any
# password against it fails (argon2 raises InvalidHashError, which the password log-in treats as wrong).
NO_PASSWORD = "!digid: this account has no password"  # noqa: S105 -- a marker, not a secret


class PendingExpired(Exception):
    pass


@dataclass(frozen=True)
class SignIn:
    """Either an account to log in, or a token for the log-in that waits for consent."""

    account: Account | None = None
    pending_token: str | None = None


def sign_in(identity: Identity, *, now: datetime) -> SignIn:
    """The account for the identity's BSN, or (no inbox yet) a pending log-in awaiting consent."""
    citizen = Citizen.get_or_none(Citizen.bsn == identity.bsn)
    if citizen is not None and citizen.account_id is not None:
        return SignIn(account=citizen.account)
    token = secrets.token_urlsafe(32)
    with database.atomic():
        OidcPending.delete().where(OidcPending.expires_at <= now).execute()
        OidcPending.create(
            token_hash=sha256(token), bsn=identity.bsn, acr=identity.acr, name=identity.name,
            id_token=identity.id_token, created_at=now, expires_at=now + PENDING_VALID,
        )
    return SignIn(pending_token=token)


def pending(token: str | None, *, now: datetime) -> OidcPending:
    """The live pending log-in for a token. Raises PendingExpired."""
    row = OidcPending.get_or_none(OidcPending.token_hash == sha256(token or ""))
    if row is None or row.expires_at <= now:
        raise PendingExpired
    return row


def activate_inbox(token: str | None, *, language: str, now: datetime) -> tuple[Account, str]:
    """Consent given: make the account and inbox for the pending BSN (once), record the consent, and spend
    the pending log-in. Returns the account and the ID token. Raises PendingExpired.

    A citizen the senders already know by BSN (mail went on paper) gets the account attached, so the letters
    sent so far are in the new inbox. When the inbox was activated meanwhile (a double click, a second tab),
    its account is returned and nothing is made twice.
    """
    try:
        with database.atomic():
            row = pending(token, now=now)
            account = _activate(row, language=language, now=now)
            row.delete_instance()
    except IntegrityError:  # a concurrent activation for the same BSN won the race
        row = pending(token, now=now)
        citizen = Citizen.get_or_none(Citizen.bsn == row.bsn)
        if citizen is None or citizen.account_id is None:
            raise
        account = citizen.account
        row.delete_instance()
    return account, row.id_token


def _activate(row: OidcPending, *, language: str, now: datetime) -> Account:
    citizen = Citizen.get_or_none(Citizen.bsn == row.bsn)
    if citizen is not None and citizen.account_id is not None:
        return citizen.account
    account = Account.create(
        email=None, password_hash=NO_PASSWORD, name=row.name, language=language, role="citizen",
        auth_method="digid", created_at=now,
    )
    if citizen is None:
        citizen = Citizen.create(account=account, bsn=row.bsn, created_at=now)
    elif not Citizen.update(account=account).where(Citizen.id == citizen.id, Citizen.account.is_null()).execute():
        raise IntegrityError("the inbox was activated meanwhile")
    InboxConsent.create(
        citizen=citizen, account=account, text_version=ACTIVATION_TEXT_VERSION, language=language,
        method="digid", acr=row.acr, given_at=now,
    )
    Event.create(citizen=citizen, actor=account, kind="inbox-activated", at=now,
                 detail=f"consent to text {ACTIVATION_TEXT_VERSION}")
    return account


def decline(token: str | None) -> None:
    """No consent: forget the pending log-in. Nothing else changes."""
    OidcPending.delete().where(OidcPending.token_hash == sha256(token or "")).execute()


def remember_login(session_token: str, id_token: str, *, now: datetime) -> None:
    """Keep the ID token with the new session, for the log-out at the provider."""
    session = Session.get_or_none(Session.token_hash == sha256(session_token))
    if session is not None:
        OidcLogin.create(session=session, id_token=id_token, created_at=now)


def id_token_for(session_token: str | None) -> str | None:
    """The ID token of a session started with DigiD, or None (a password session, or none at all)."""
    if not session_token:
        return None
    row = (
        OidcLogin.select(OidcLogin.id_token).join(Session)
        .where(Session.token_hash == sha256(session_token)).first()
    )
    return row.id_token if row else None
