"""The shared domain core: the tables every feature uses. Fields, constraints and query scopes; no HTTP, no
templates.

A feature's own tables live in its package's models.py (portal/auth/models.py, portal/paper/models.py, …; see
docs/architecture.md). A table stays here only when every area needs it, or when a core table or core module
depends on it (each such case says why)."""

from __future__ import annotations

from functools import cached_property

from flask_login import UserMixin
from peewee import (
    BlobField,
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    FloatField,
    ForeignKeyField,
    IntegerField,
    TextField,
)

from portal.db import BaseModel, PreparedInsert, joined_transaction

ROLES = ("citizen", "helper", "sender")
LANGUAGES = ("nl", "en")


class Account(UserMixin, BaseModel):
    """A person who logs in: a citizen, a helper or a sender organisation's staff member."""

    email = CharField(max_length=254, unique=True, null=True)  # lower-case; None: a DigiD account without one
    password_hash = CharField(max_length=200)  # for auth_method "digid" a value no password can ever match
    name = CharField(max_length=200)
    language = CharField(max_length=2, default="nl")
    role = CharField(max_length=10)
    created_at = DateTimeField()
    auth_method = CharField(max_length=10, default="password")  # password | digid (m0020)
    public_computer = BooleanField(default=False)  # m0061: always log in as on a shared or public computer
    last_login_at = DateTimeField(null=True)  # m0100: the newest session's start, kept after it expired

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


class Organisation(BaseModel):
    slug = CharField(max_length=50, unique=True)
    name_nl = CharField(max_length=200)
    name_en = CharField(max_length=200)
    created_at = DateTimeField()
    phone = CharField(max_length=40, default="")
    website = CharField(max_length=200, default="")

    def name(self, language: str) -> str:
        return self.name_en if language == "en" else self.name_nl


class Citizen(BaseModel):
    """A citizen's profile: the inbox belongs to the citizen number (BSN)."""

    # None: known only by BSN and the postal address a sender gave (no inbox; mail goes on paper).
    account = ForeignKeyField(Account, unique=True, null=True, on_delete="CASCADE")
    bsn = CharField(max_length=9, unique=True)
    created_at = DateTimeField()
    # Postal address and paper choice (m0030); empty strings: no address known. See portal/paper/addresses.py.
    address_name = CharField(max_length=100, default="")
    address_street = CharField(max_length=100, default="")
    address_house_number = CharField(max_length=5, default="")
    address_addition = CharField(max_length=6, default="")
    address_postcode = CharField(max_length=7, default="")  # "1234 AB"
    address_city = CharField(max_length=80, default="")
    address_changed_at = DateTimeField(null=True)
    channel = CharField(max_length=8, default="digital")  # digital | paper: every new message also on paper


# Core, not the senders package's: Account.organisation (above) reads it, and the access rules ask that of
# every visitor (portal/access.py, the "sender" level).
class SenderUser(BaseModel):
    account = ForeignKeyField(Account, unique=True, on_delete="CASCADE")
    organisation = ForeignKeyField(Organisation, backref="users", on_delete="CASCADE")


# Core, not the api package's: Message.api_key (below) is a foreign key to it, so the core table needs it.
API_KEY_KINDS = ("live", "test")


class ApiKey(BaseModel):
    """An organisation's key for the sender API. Only a SHA-256 hash of the key is stored."""

    organisation = ForeignKeyField(Organisation, backref="api_keys", on_delete="CASCADE")
    name = CharField(max_length=100, default="")
    kind = CharField(max_length=4)  # live | test
    prefix = CharField(max_length=20)  # the first characters, so people can tell keys apart
    key_hash = CharField(max_length=64, unique=True)
    created_at = DateTimeField()
    last_used_at = DateTimeField(null=True)
    revoked_at = DateTimeField(null=True)

    @property
    def is_test(self) -> bool:
        return self.kind == "test"


DEADLINE_KINDS = ("respond", "pay", "object", "send-documents")


class Message(BaseModel):
    """A letter from an organisation to a citizen. Texts in Dutch, optionally in English."""

    public_id = CharField(max_length=32, unique=True)  # random: the only id that appears in URLs
    organisation = ForeignKeyField(Organisation, backref="messages")
    recipient = ForeignKeyField(Citizen, backref="messages")
    reference = CharField(max_length=100, default="")
    message_type = CharField(max_length=100)
    subject_nl = CharField(max_length=200)
    subject_en = CharField(max_length=200, null=True)
    summary_nl = TextField()
    summary_en = TextField(null=True)
    action_nl = TextField(default="")
    action_en = TextField(null=True)
    body_nl = TextField()
    body_en = TextField(null=True)
    deadline = DateField(null=True)  # the letter's "before this date"
    deadline_kind = CharField(max_length=20, null=True)
    delivered_at = DateTimeField()
    first_opened_at = DateTimeField(null=True)
    done_at = DateTimeField(null=True)
    archived_at = DateTimeField(null=True)
    deleted_at = DateTimeField(null=True)
    # Sender API (m0040): a test key's messages are never shown to a citizen and never printed.
    is_test = BooleanField(default=False)
    channel = CharField(max_length=8, default="digital")  # digital | paper, as decided at delivery
    policy = TextField(null=True)  # the sender's follow-up policy, JSON
    readability_nl = FloatField(null=True)  # Flesch-Douma score of the Dutch summary
    readability_en = FloatField(null=True)  # Flesch reading ease of the English summary
    api_key = ForeignKeyField(ApiKey, null=True, on_delete="SET NULL")

    class Meta:
        # What the migrations built (m0002, m0040, m0070), plus the partial indexes below the class; on
        # PostgreSQL the (organisation, delivered_at) index carries the statistics' columns too (INCLUDE, m0071).
        indexes = (
            (("recipient", "delivered_at"), False),
            (("recipient", "deadline"), False),
            (("organisation", "delivered_at"), False),
            (("organisation", "message_type", "delivered_at"), False),
            (("organisation", "deadline"), False),
            (("organisation", "is_test", "id"), False),
        )

    @classmethod
    def visible_to(cls, citizen: Citizen):
        """The citizen's messages that are not deleted."""
        return cls.select().where(cls.recipient == citizen, cls.deleted_at.is_null(), cls.not_test())

    @classmethod
    def not_test(cls):
        """Condition: not sent with a test key (those are never shown to a citizen and never printed)."""
        return cls.is_test == False  # noqa: E712 -- an SQL comparison, not a Python one

    def has_english(self) -> bool:
        return bool(self.subject_en and self.summary_en and self.body_en)

    def text(self, field: str, language: str) -> str:
        """A text in the language asked for, falling back to Dutch."""
        if language == "en" and self.has_english():
            return getattr(self, f"{field}_en") or ""
        return getattr(self, f"{field}_nl") or ""

    def text_language(self, language: str) -> str:
        return "en" if language == "en" and self.has_english() else "nl"


# The follow-up scan's open work (m0070) and the sender's unopened list (m0071): partial indexes.
Message.add_index(Message.index(
    Message.deadline, name="message_followup_open",
    where=Message.policy.is_null(False) & Message.done_at.is_null() & Message.deleted_at.is_null() & ~Message.is_test,
))
Message.add_index(Message.index(
    Message.organisation, Message.deadline, name="message_unopened",
    where=Message.first_opened_at.is_null() & Message.done_at.is_null() & ~Message.is_test,
))


class Attachment(BaseModel):
    message = ForeignKeyField(Message, backref="attachments", on_delete="CASCADE")
    filename = CharField(max_length=200)
    content_type = CharField(max_length=100, default="application/pdf")
    size = IntegerField()
    sha256 = CharField(max_length=64)
    data = BlobField()


class Event(BaseModel):
    """Append-only history: the delivery lifecycle a sender sees and the access log a citizen sees.

    `citizen` is whose mail it concerns; `actor` is the account that did it (None: the system).
    """

    message = ForeignKeyField(Message, null=True, backref="events", on_delete="CASCADE")
    citizen = ForeignKeyField(Citizen, null=True, on_delete="CASCADE")
    actor = ForeignKeyField(Account, null=True, on_delete="SET NULL")
    kind = CharField(max_length=40)
    at = DateTimeField()
    detail = TextField(default="")

    class Meta:
        indexes = ((("message", "at"), False), (("citizen", "at"), False))  # m0002

    def save(self, *args, **kwargs):
        """A new event and what EVENT_LISTENERS write for it (webhook deliveries) commit together. An event no
        listener wants (a reading in the access log) is one INSERT, atomic by itself: no transaction around it,
        which would cost two more round trips."""
        listeners = [f for f in EVENT_LISTENERS if self.kind in getattr(f, "kinds", (self.kind,))] \
            if self.id is None else []
        write = self._insert if self.id is None else super().save
        if not listeners:
            return write(*args, **kwargs)
        with joined_transaction():
            result = write(*args, **kwargs)
            for listener in listeners:
                listener(self)
        return result

    def _insert(self, *args, **kwargs) -> int:
        """Model.save for a new event, with the INSERT's text built once (a page that records a reading writes
        one every time)."""
        return _NEW_EVENT.save(self)


_NEW_EVENT = PreparedInsert(Event)


# Called with every new Event inside the transaction that writes it: features add theirs at import (webhooks).
# A listener with a `kinds` attribute is called only for events of those kinds.
EVENT_LISTENERS: list = []


# Core: the kept text of a form sent after the session ended is written by access (portal/access.py) and put
# back by every form (portal/forms.py), both core, through portal/resume.py.
class KeptForm(BaseModel):
    """A form's text sent after the session ended (m0063): filled in again after logging in, within an hour."""

    token_hash = CharField(max_length=64, unique=True)
    path = CharField(max_length=500)
    data = TextField()  # JSON: field name -> text (never passwords or tokens)
    created_at = DateTimeField(index=True)
