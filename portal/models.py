"""The domain tables. Fields, constraints and query scopes; no HTTP, no templates."""

from __future__ import annotations

from functools import cached_property

from flask_login import UserMixin
from peewee import CharField, DateTimeField, ForeignKeyField

from portal.db import BaseModel

ROLES = ("citizen", "helper", "sender")
LANGUAGES = ("nl", "en")


class Account(UserMixin, BaseModel):
    """A person who logs in: a citizen, a helper or a sender organisation's staff member."""

    email = CharField(max_length=254, unique=True)  # always stored lower-case
    password_hash = CharField(max_length=200)
    name = CharField(max_length=200)
    language = CharField(max_length=2, default="nl")
    role = CharField(max_length=10)
    created_at = DateTimeField()

    @classmethod
    def by_email(cls, email: str) -> Account | None:
        return cls.get_or_none(cls.email == email.strip().lower())

    @cached_property
    def citizen(self) -> Citizen | None:
        return Citizen.get_or_none(Citizen.account == self)

    @cached_property
    def organisation(self) -> Organisation | None:
        link = SenderUser.select(SenderUser, Organisation).join(Organisation).where(
            SenderUser.account == self
        ).first()
        return link.organisation if link else None


class Session(BaseModel):
    """A server-side log-in session. The cookie holds a random token; only its hash is stored."""

    public_id = CharField(max_length=32, unique=True)  # names the session in "my sessions" forms
    token_hash = CharField(max_length=64, unique=True)
    account = ForeignKeyField(Account, backref="sessions", on_delete="CASCADE")
    created_at = DateTimeField()
    last_seen_at = DateTimeField()
    user_agent = CharField(max_length=200, default="")


class LoginFailure(BaseModel):
    """One failed log-in, counted per e-mail address (hashed, so typos are not kept as addresses)."""

    email_hash = CharField(max_length=64, index=True)
    at = DateTimeField(index=True)


class PasswordReset(BaseModel):
    token_hash = CharField(max_length=64, unique=True)
    account = ForeignKeyField(Account, on_delete="CASCADE")
    created_at = DateTimeField()
    expires_at = DateTimeField()
    used_at = DateTimeField(null=True)


class Organisation(BaseModel):
    slug = CharField(max_length=50, unique=True)
    name_nl = CharField(max_length=200)
    name_en = CharField(max_length=200)
    created_at = DateTimeField()

    def name(self, language: str) -> str:
        return self.name_en if language == "en" else self.name_nl


class Citizen(BaseModel):
    """A citizen's profile: the inbox belongs to the citizen number (BSN)."""

    account = ForeignKeyField(Account, unique=True, on_delete="CASCADE")
    bsn = CharField(max_length=9, unique=True)
    created_at = DateTimeField()


class SenderUser(BaseModel):
    account = ForeignKeyField(Account, unique=True, on_delete="CASCADE")
    organisation = ForeignKeyField(Organisation, backref="users", on_delete="CASCADE")


ALL_MODELS = [Account, Session, LoginFailure, PasswordReset, Organisation, Citizen, SenderUser]
