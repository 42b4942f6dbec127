"""Authorisations for helpers: a citizen invites an e-mail address with a scope and an end date; a single-use
code (valid 7 days, only its hash stored) goes to that address; the helper, logged in with that address,
accepts it, or, without an account yet, makes one with the code (join). Wrong codes are counted per address.
The citizen ends it in one step; it ends by itself on its end date.

Every change is an Event for the citizen's access log: helper_invited, helper_joined, helper_accepted,
helper_revoked.

Raises:
    ValidationFailed: an e-mail address, scope or end date that breaks a rule (one message per field).
    CodeInvalid: a code that is unknown, expired, already used, ended, or meant for another e-mail address
        (one answer for all, so codes cannot be probed).
    AccountExists: join() for an address that has an account (log in and accept instead).
    TooManyAttempts (portal.auth.throttle): too many wrong codes for this address from this client, or from this
        client for any address.
    NotFound: an authorisation that is not this citizen's.
"""

from __future__ import annotations

import secrets
from datetime import date, datetime, time, timedelta

from flask_babel import lazy_gettext as _l
from peewee import IntegrityError

from portal.auth import accounts, throttle
from portal.auth.services import normalise_email, sha256
from portal.clock import local_today
from portal.db import database
from portal.errors_domain import NotFound, ValidationFailed
from portal.forms import is_email
from portal.helpers.models import DELEGATION_SCOPES, Delegation
from portal.models import Account, Citizen, Event

INVITATION_VALID = timedelta(days=7)
DEFAULT_YEARS = 1
MAX_YEARS = 5
# No 0/O or 1/I: the code is read from an e-mail and typed in by hand.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 12  # 60 bits: guessing one of the open codes is hopeless within its 7 days


class CodeInvalid(Exception):
    pass


class AccountExists(Exception):
    """join(): the invited address has an account already."""


def new_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i:i + 4] for i in range(0, CODE_LENGTH, 4))


def normalise_code(code: str) -> str:
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def default_end(now: datetime) -> date:
    return add_years(local_today(now), DEFAULT_YEARS)


def invite(citizen: Citizen, email: str, scope: str, end: date | None, *, actor: Account,
           now: datetime) -> tuple[Delegation, str]:
    """Make an invitation; return it with the code to send (never stored as such)."""
    email = normalise_email(email)
    today = local_today(now)
    end = end or default_end(now)
    errors = {}
    if not is_email(email):
        errors["email"] = _l("Enter an e-mail address in the right format, like name@example.nl")
    elif citizen.account_id and citizen.account.email == email:
        errors["email"] = _l("Enter the e-mail address of someone else. You cannot invite yourself.")
    if scope not in DELEGATION_SCOPES:
        errors["scope"] = _l("Choose what your helper may do")
    if end <= today:
        errors["end"] = _l("The end date must be in the future")
    elif end > add_years(today, MAX_YEARS):
        errors["end"] = _l("The end date can be at most 5 years from today")
    if errors:
        raise ValidationFailed(errors)
    code = new_code()
    with database.atomic():
        delegation = Delegation.create(
            citizen=citizen, invited_email=email, scope=scope, valid_until=datetime.combine(end, time.min),
            code_hash=sha256(normalise_code(code)), code_expires_at=now + INVITATION_VALID, created_at=now,
        )
        Event.create(citizen=citizen, actor=actor, kind="helper_invited", at=now, detail=f"{email} {scope}")
    return delegation, code


def _code_keys(email: str, client: str) -> list[tuple[throttle.Limit, str]]:
    client = throttle.client_key(client)
    return [(throttle.INVITATION, f"{normalise_email(email)} {client}"), (throttle.INVITATION_CLIENT, client)]


def _invitation(code: str, email: str, *, now: datetime) -> Delegation:
    """The open invitation a code stands for, if it went to `email`; CodeInvalid otherwise."""
    delegation = Delegation.get_or_none(Delegation.code_hash == sha256(normalise_code(code)))
    if (
        delegation is None
        or delegation.accepted_at is not None
        or delegation.revoked_at is not None
        or delegation.code_expires_at <= now
        or delegation.valid_until <= now
        or delegation.invited_email != normalise_email(email)
    ):
        raise CodeInvalid
    return delegation


def _checked_code(code: str, email: str, *, client: str, now: datetime) -> Delegation:
    """Like _invitation(), counting every try first, per address and client address and per client address
    (portal/auth/throttle.py: a few free tries, then a growing wait). 60 random bits already defeat guessing;
    this keeps anyone from trying at scale all the same. A right code takes its tries back."""
    pair, anywhere = _code_keys(email, client)
    throttle.count([pair, anywhere], now=now)
    delegation = _invitation(code, email, now=now)
    throttle.clear(*pair)
    throttle.take_back(*anywhere, now=now)
    return delegation


def _take(delegation: Delegation, helper: Account, *, now: datetime) -> Delegation:
    """Inside a transaction: the helper takes up the invitation, once (the same code in two tabs at once: the
    first one wins, the other gets CodeInvalid)."""
    taken = (
        Delegation.update(helper=helper, accepted_at=now)
        .where(Delegation.id == delegation.id, Delegation.accepted_at.is_null(), Delegation.revoked_at.is_null())
        .execute()
    )
    if not taken:
        raise CodeInvalid
    Event.create(citizen=delegation.citizen, actor=helper, kind="helper_accepted", at=now, detail=delegation.scope)
    return Delegation.get_by_id(delegation.id)


def accept(helper: Account, code: str, *, client: str, now: datetime) -> Delegation:
    """The logged-in helper takes up an invitation with its code. Raises CodeInvalid, TooManyAttempts."""
    delegation = _checked_code(code, helper.email or "", client=client, now=now)
    if delegation.citizen.account_id == helper.id:
        raise CodeInvalid
    with database.atomic():
        return _take(delegation, helper, now=now)


def join(code: str, *, name: str, email: str, password: str, language: str, client: str,
         now: datetime) -> tuple[Account, Delegation]:
    """Someone invited who has no account yet makes one with the code (only the address the invitation went
    to) and takes up the invitation, in one transaction. The code is the only way to this kind of account.
    Raises CodeInvalid, TooManyAttempts, AccountExists (then: log in and accept)."""
    email = normalise_email(email)
    delegation = _checked_code(code, email, client=client, now=now)
    if Account.by_email(email) is not None:
        raise AccountExists
    try:
        with database.atomic():
            helper = accounts.create_account(email=email, password=password, name=name, role="helper", now=now,
                                             language=language)
            Event.create(citizen=delegation.citizen, actor=helper, kind="helper_joined", at=now)
            return helper, _take(delegation, helper, now=now)
    except IntegrityError:  # the same address signed up a moment ago, in another tab
        raise AccountExists from None


def revoke(citizen: Citizen, delegation_id: int, *, actor: Account, now: datetime) -> Delegation:
    """End an authorisation or withdraw an invitation at once. Ending one twice changes nothing."""
    delegation = Delegation.get_or_none(Delegation.id == delegation_id, Delegation.citizen == citizen)
    if delegation is None:
        raise NotFound
    with database.atomic():
        ended = (
            Delegation.update(revoked_at=now, revoked_by=actor)
            .where(Delegation.id == delegation.id, Delegation.revoked_at.is_null())
            .execute()
        )
        if ended:
            Event.create(citizen=citizen, actor=actor, kind="helper_revoked", at=now,
                         detail=delegation.invited_email)
    return Delegation.get_by_id(delegation.id)


def of_citizen(citizen: Citizen, *, now: datetime) -> tuple[list[Delegation], list[Delegation]]:
    """(active authorisations, open invitations), newest first."""
    rows = list(
        Delegation.select().where(Delegation.citizen == citizen, Delegation.revoked_at.is_null(),
                                  Delegation.valid_until > now)
        .order_by(Delegation.created_at.desc())
    )
    active = [d for d in rows if d.accepted_at is not None]
    invited = [d for d in rows if d.accepted_at is None and d.code_expires_at > now]
    return active, invited


def of_helper(helper: Account, *, now: datetime) -> list[Delegation]:
    """The authorisations this account may use now."""
    return list(
        Delegation.select(Delegation, Citizen).join(Citizen)
        .where(Delegation.helper == helper, Delegation.accepted_at.is_null(False), Delegation.revoked_at.is_null(),
               Delegation.valid_until > now)
        .order_by(Delegation.accepted_at)
    )


def active(helper: Account, delegation_id: int, *, now: datetime) -> Delegation | None:
    """The authorisation, if this helper may use it at this moment."""
    delegation = Delegation.get_or_none(Delegation.id == delegation_id, Delegation.helper == helper)
    return delegation if delegation is not None and delegation.is_active(now) else None


def citizen_name(citizen: Citizen) -> str:
    return citizen.account.name if citizen.account_id else citizen.address_name


def record_acting(delegation: Delegation, kind: str, *, now: datetime) -> None:
    """acting_started / acting_stopped: the helper opened or closed the citizen's mail."""
    Event.create(citizen=delegation.citizen_id, actor=delegation.helper_id, kind=kind, at=now,
                 detail=str(delegation.id))
