"""The log-in tables: server-side sessions, attempt counters, password-reset links (m0001, m0085) and DigiD's
(m0020): the consent to an inbox, a log-in waiting for that consent, the ID token behind a session."""

from __future__ import annotations

from peewee import BooleanField, CharField, DateTimeField, ForeignKeyField, IntegerField, TextField

from portal.db import BaseModel
from portal.models import Account, Citizen


class Session(BaseModel):
    """A server-side log-in session. The cookie holds a random token; only its hash is stored."""

    public_id = CharField(max_length=32, unique=True)  # names the session in "my sessions" forms
    token_hash = CharField(max_length=64, unique=True)
    account = ForeignKeyField(Account, backref="sessions", on_delete="CASCADE")
    created_at = DateTimeField()
    last_seen_at = DateTimeField()
    user_agent = CharField(max_length=200, default="")
    public_computer = BooleanField(default=False)  # m0061: 10 minutes idle, nothing kept in the browser


class Throttle(BaseModel):
    """One counter of attempts (m0085): a log-in per e-mail address and client, per client, a password-reset
    request, an invitation code (portal/auth/throttle.py). The key is hashed, so typed addresses are not kept."""

    key_hash = CharField(max_length=64, unique=True)
    attempts = IntegerField(default=0)  # counted before the password is checked; a success takes it back
    wait_until = DateTimeField()  # no attempt before this moment
    forget_at = DateTimeField(index=True)  # from here the count starts again (housekeeping deletes the row)


class PasswordReset(BaseModel):
    token_hash = CharField(max_length=64, unique=True)
    account = ForeignKeyField(Account, on_delete="CASCADE")
    created_at = DateTimeField()
    expires_at = DateTimeField()
    used_at = DateTimeField(null=True)


class InboxConsent(BaseModel):
    """A citizen's consent to a digital inbox: when, after reading which version of the explanation, how."""

    citizen = ForeignKeyField(Citizen, backref="consents", on_delete="CASCADE")
    account = ForeignKeyField(Account, null=True, on_delete="SET NULL")
    text_version = CharField(max_length=20)
    language = CharField(max_length=2)
    method = CharField(max_length=10)  # digid
    acr = CharField(max_length=200, default="")  # the assurance level of the log-in that gave it
    given_at = DateTimeField()

    class Meta:
        indexes = ((("citizen", "given_at"), False),)


class OidcPending(BaseModel):
    """A DigiD log-in for a citizen number without an inbox, waiting for consent. The cookie holds a random
    token; only its hash is stored. Lives 15 minutes."""

    token_hash = CharField(max_length=64, unique=True)
    bsn = CharField(max_length=9)
    acr = CharField(max_length=200, default="")
    name = CharField(max_length=200, default="")
    id_token = TextField()
    created_at = DateTimeField()
    expires_at = DateTimeField(index=True)


class OidcLogin(BaseModel):
    """The ID token behind a session started with DigiD, sent back as a hint when logging out at DigiD.
    Deleted with the session."""

    session = ForeignKeyField(Session, unique=True, on_delete="CASCADE")
    id_token = TextField()
    created_at = DateTimeField()
