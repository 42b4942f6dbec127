"""Account and session rules. Plain functions over models: no request, no flask session.

Raises:
    LoginRefused: wrong e-mail or password (one answer for both, so accounts cannot be discovered).
    TooManyAttempts (portal.auth.throttle): too many tries from this client, for this address or for any;
        `retry_after` says when the next try may come.
    ResetInvalid: a password reset token that is unknown, used or expired.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from peewee import JOIN

from portal.auth import throttle
from portal.auth.models import PasswordReset, Session
from portal.db import Prepared, database, slot
from portal.models import Account, Citizen, Event

_hasher = PasswordHasher()
# A real hash to verify against when the e-mail is unknown, so both answers take the same time.
_DUMMY_HASH = _hasher.hash("not a real password")


class LoginRefused(Exception):
    pass


class ResetInvalid(Exception):
    pass


def use_password_hasher(hasher: PasswordHasher) -> None:
    """Swap the hasher (the test suite uses argon2's cheapest profile to stay fast)."""
    global _hasher, _DUMMY_HASH
    _hasher, _DUMMY_HASH = hasher, hasher.hash("not a real password")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def sha256(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def _login_keys(email: str, client: str) -> list[tuple[throttle.Limit, str]]:
    client = throttle.client_key(client)
    return [(throttle.LOGIN, f"{email} {client}"), (throttle.LOGIN_CLIENT, client)]


def _check_password(account: Account | None, password: str) -> Account:
    """The account when the password is its own; LoginRefused otherwise (as slow for an unknown address)."""
    try:
        _hasher.verify(account.password_hash if account else _DUMMY_HASH, password or "")
    except (VerificationError, InvalidHashError):
        raise LoginRefused from None
    if account is None:
        raise LoginRefused
    return account


def authenticate(email: str, password: str, *, client: str, now: datetime) -> Account:
    """Check e-mail and password. Each try is counted first, per address together with the client address and
    per client address (portal/auth/throttle.py); a try that has to wait raises TooManyAttempts unchecked."""
    email = normalise_email(email)
    pair, anywhere = _login_keys(email, client)
    throttle.count([pair, anywhere], now=now)
    account = _check_password(Account.by_email(email), password)
    if _hasher.check_needs_rehash(account.password_hash):
        account.password_hash = hash_password(password)
        account.save()
    throttle.clear(*pair)
    throttle.take_back(*anywhere, now=now)
    return account


def start_session(account: Account, *, now: datetime, user_agent: str = "", public_computer: bool = False) -> str:
    """Make a new session row and return the token for the cookie (never stored as such)."""
    token = secrets.token_urlsafe(32)
    Session.create(
        public_id=secrets.token_hex(8),
        token_hash=sha256(token),
        account=account,
        created_at=now,
        last_seen_at=now,
        user_agent=(user_agent or "")[:200],
        public_computer=public_computer,
    )
    Account.update(last_login_at=now).where(Account.id == account.id).execute()
    account.last_login_at = now
    return token


# One indexed query for the session, its account and the account's citizen profile (None for a helper or a
# sender's staff): every page behind the log-in asks for `Account.citizen`, so it comes along.
_SESSION_BY_TOKEN = Prepared(lambda: (
    Session.select(Session, Account, Citizen).join(Account)
    .join(Citizen, JOIN.LEFT_OUTER, on=(Citizen.account == Account.id), attr="_citizen")
    .where(Session.token_hash == slot("token_hash")).limit(1)))


def load_session(token: str, *, now: datetime, idle: timedelta, absolute: timedelta,
                 idle_public: timedelta | None = None) -> Session | None:
    """The live session for a token, or None. An expired session is deleted on sight.
    A public-computer session's idle limit is `idle_public` (when given)."""
    if not token:
        return None
    session = _SESSION_BY_TOKEN.first(token_hash=sha256(token))
    if session is None:
        return None
    account = session.account
    citizen = account.__dict__.pop("_citizen", None)
    if citizen is not None and citizen.id is None:
        citizen = None
    if citizen is not None:
        citizen.account = account
    account.__dict__["citizen"] = citizen  # what the cached property Account.citizen would have read
    if session.public_computer and idle_public is not None:
        idle = idle_public
    if now - session.last_seen_at > idle or now - session.created_at > absolute:
        session.delete_instance()
        return None
    # Writing on every request would make each page a write; a minute's precision is enough for expiry.
    if now - session.last_seen_at > timedelta(minutes=1):
        Session.update(last_seen_at=now).where(Session.id == session.id).execute()
        session.last_seen_at = now
    return session


def touch_session(session: Session, *, now: datetime) -> None:
    """"Stay logged in": the idle time counts from now."""
    Session.update(last_seen_at=now).where(Session.id == session.id).execute()
    session.last_seen_at = now


def set_public_computer(account: Account, session: Session, always: bool, *, now: datetime) -> None:
    """The permanent public-computer setting. Switched on, it counts for this session at once too.
    A citizen's access log shows the change (public_computer_on / public_computer_off)."""
    with database.atomic():
        if account.public_computer != always:
            Account.update(public_computer=always).where(Account.id == account.id).execute()
            if account.citizen is not None:
                Event.create(citizen=account.citizen, actor=account, at=now,
                             kind="public_computer_on" if always else "public_computer_off")
            account.public_computer = always
        if always:
            Session.update(public_computer=True).where(Session.id == session.id).execute()
            session.public_computer = True


def end_session(token: str) -> None:
    Session.delete().where(Session.token_hash == sha256(token)).execute()


def end_other_sessions(account: Account, keep_token: str | None) -> int:
    query = Session.delete().where(Session.account == account)
    if keep_token:
        query = query.where(Session.token_hash != sha256(keep_token))
    return query.execute()


def end_session_by_public_id(account: Account, public_id: str) -> bool:
    """End one of the account's own sessions. False when it is not theirs (or gone)."""
    return bool(
        Session.delete().where(Session.account == account, Session.public_id == public_id).execute()
    )


def active_sessions(account: Account, *, now: datetime, idle: timedelta, absolute: timedelta,
                    idle_public: timedelta | None = None) -> list[Session]:
    rows = list(
        Session.select()
        .where(
            Session.account == account,
            Session.last_seen_at > now - idle,
            Session.created_at > now - absolute,
        )
        .order_by(Session.last_seen_at.desc())
    )
    return [s for s in rows if not (s.public_computer and idle_public and s.last_seen_at <= now - idle_public)]


def new_reset_token(account: Account, *, now: datetime, valid: timedelta) -> str:
    """A single-use reset token for the account; only its hash is stored."""
    token = secrets.token_urlsafe(32)
    PasswordReset.create(token_hash=sha256(token), account=account, created_at=now, expires_at=now + valid)
    return token


def create_password_reset(email: str, *, now: datetime, valid: timedelta) -> tuple[Account, str] | None:
    """A single-use reset token for the address, or None when no account has it."""
    account = Account.by_email(email)
    if account is None:
        return None
    return account, new_reset_token(account, now=now, valid=valid)


def check_reset_token(token: str, *, now: datetime) -> PasswordReset:
    reset = PasswordReset.get_or_none(PasswordReset.token_hash == sha256(token or ""))
    if reset is None or reset.used_at is not None or reset.expires_at <= now:
        raise ResetInvalid
    return reset


def _end_everything(account: Account, *, now: datetime) -> None:
    """Inside a transaction, after a new password: every session of the account ends and every reset link
    still open is spent, so whoever knew the old password or had an older link is out."""
    Session.delete().where(Session.account == account).execute()
    PasswordReset.update(used_at=now).where(PasswordReset.account == account, PasswordReset.used_at.is_null()).execute()


def reset_password(token: str, new_password: str, *, now: datetime, client: str | None = None) -> Account:
    """Set a new password, spend the token and every other open link, and end every session of the account.
    With `client`, that client address's log-in count for the account starts again."""
    with database.atomic():
        reset = check_reset_token(token, now=now)
        spent = (
            PasswordReset.update(used_at=now)
            .where(PasswordReset.id == reset.id, PasswordReset.used_at.is_null())
            .execute()
        )
        if not spent:  # another request used it a moment ago
            raise ResetInvalid
        account = reset.account
        account.password_hash = hash_password(new_password)
        account.save()
        _end_everything(account, now=now)
    if client is not None and account.email:
        throttle.clear(*_login_keys(account.email, client)[0])
    return account


def change_password(account: Account, current: str, new_password: str, *, client: str, now: datetime) -> None:
    """A logged-in person sets a new password after typing the current one (counted like a log-in). Every
    session of the account ends, this one too: the caller starts a fresh one. Raises LoginRefused,
    TooManyAttempts."""
    pair, anywhere = _login_keys(account.email or "", client)
    throttle.count([pair, anywhere], now=now)
    _check_password(account, current)
    with database.atomic():
        Account.update(password_hash=hash_password(new_password)).where(Account.id == account.id).execute()
        _end_everything(account, now=now)
    throttle.clear(*pair)
    throttle.take_back(*anywhere, now=now)
