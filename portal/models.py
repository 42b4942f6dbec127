"""The domain tables. Fields, constraints and query scopes; no HTTP, no templates."""

from __future__ import annotations

from functools import cached_property

from flask_login import UserMixin
from peewee import (
    BigIntegerField,
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

from portal.db import BaseModel, database

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


class SenderUser(BaseModel):
    account = ForeignKeyField(Account, unique=True, on_delete="CASCADE")
    organisation = ForeignKeyField(Organisation, backref="users", on_delete="CASCADE")


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
        """A new event and what EVENT_LISTENERS write for it (webhook deliveries) commit together."""
        new = self.id is None
        with database.atomic():
            result = super().save(*args, **kwargs)
            if new:
                for listener in EVENT_LISTENERS:
                    listener(self)
        return result


# Called with every new Event inside the transaction that writes it: features add theirs at import (webhooks).
EVENT_LISTENERS: list = []


class IdempotencyRecord(BaseModel):
    """One `Idempotency-Key` an organisation used on the API: unique per organisation, kept 24 hours.

    The unique index is what stops two concurrent first requests from both creating a message.
    """

    organisation = ForeignKeyField(Organisation, on_delete="CASCADE")
    key = CharField(max_length=255)
    request_hash = CharField(max_length=64)
    status = CharField(max_length=12)  # in-progress | done
    response_status = IntegerField(null=True)
    response_body = TextField(null=True)
    created_at = DateTimeField(index=True)

    class Meta:
        indexes = ((("organisation", "key"), True),)


class ApiRateWindow(BaseModel):
    """Requests counted per API key, bucket and minute; shared by every web process through the database."""

    api_key = ForeignKeyField(ApiKey, on_delete="CASCADE")
    bucket = CharField(max_length=10)
    window = BigIntegerField()  # minutes since the epoch
    count = IntegerField(default=0)

    class Meta:
        indexes = ((("api_key", "bucket", "window"), True),)



# Log-in with DigiD (m0020) -------------------------------------------------------------------------------


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



# Paper (m0030, m0031): per-organisation paper choices, paper requests and print batches --------------------


class PaperPreference(BaseModel):
    """"Always on paper from this organisation": one row per citizen and organisation."""

    citizen = ForeignKeyField(Citizen, backref="paper_preferences", on_delete="CASCADE")
    organisation = ForeignKeyField(Organisation, on_delete="CASCADE")
    created_at = DateTimeField()

    class Meta:
        indexes = ((("citizen", "organisation"), True),)


PRINT_BATCH_STATES = ("printing", "ready", "posted")


class PrintBatch(BaseModel):
    """One print run: a combined PDF and a manifest CSV in `directory`; `printing` until every letter is there."""

    status = CharField(max_length=10, default="printing")
    created_at = DateTimeField()
    ready_at = DateTimeField(null=True)
    posted_at = DateTimeField(null=True)
    letter_count = IntegerField(default=0)
    page_count = IntegerField(null=True)
    directory = TextField(default="")


PAPER_STATES = ("requested", "batched", "posted", "cancelled")
PAPER_OPEN_STATES = ("requested", "batched")
REQUESTERS = ("citizen", "helper", "sender", "policy")


class PaperRequest(BaseModel):
    """A message to print and post. `requested -> batched -> posted`, or `cancelled` before batching.

    At most one open (requested or batched) request per message: a partial unique index on message_id
    WHERE status IN ('requested', 'batched') (m0031) makes the database refuse a second one.
    The address is a snapshot, updated while the request is still `requested`.
    """

    message = ForeignKeyField(Message, backref="paper_requests", on_delete="CASCADE")
    citizen = ForeignKeyField(Citizen, on_delete="CASCADE")
    status = CharField(max_length=10, default="requested")
    requested_by = CharField(max_length=10)  # citizen | helper | sender | policy
    reason = CharField(max_length=40, default="")  # button, all_mail, organisation, no_inbox, print_if_unread, …
    actor = ForeignKeyField(Account, null=True, on_delete="SET NULL")
    requested_at = DateTimeField()
    address_name = CharField(max_length=100)
    address_street = CharField(max_length=100)
    address_house_number = CharField(max_length=5)
    address_addition = CharField(max_length=6, default="")
    address_postcode = CharField(max_length=7)
    address_city = CharField(max_length=80)
    batch = ForeignKeyField(PrintBatch, null=True, backref="requests", on_delete="SET NULL")
    batch_position = IntegerField(null=True)
    batched_at = DateTimeField(null=True)
    posted_at = DateTimeField(null=True)
    cancelled_at = DateTimeField(null=True)

    class Meta:
        indexes = (
            (("status", "id"), False),  # the next batch collects requested ones in order
            (("batch", "batch_position"), False),
        )

    @property
    def is_open(self) -> bool:
        return self.status in PAPER_OPEN_STATES


PaperRequest.add_index(PaperRequest.index(
    PaperRequest.message, unique=True, name="paper_request_one_open_per_message",
    where=PaperRequest.status.in_(PAPER_OPEN_STATES),
))



# Assisted access (m0060-m0062): helpers' authorisations, public-computer mode, take-out ----------------------

# What each authorisation scope lets a helper do ("read" is opening messages and attachments).
DELEGATION_SCOPES = {"read": ("read",), "paper": ("read", "paper"), "paper_done": ("read", "paper", "done")}


class Delegation(BaseModel):
    """A citizen's authorisation for a helper: invited by e-mail with a single-use code (only its hash is
    stored), accepted by the helper's account, ended by `valid_until` or by `revoked_at`."""

    citizen = ForeignKeyField(Citizen, backref="delegations", on_delete="CASCADE")
    helper = ForeignKeyField(Account, null=True, backref="helping", on_delete="CASCADE")  # None until accepted
    invited_email = CharField(max_length=254)
    scope = CharField(max_length=12)  # a key of DELEGATION_SCOPES
    valid_until = DateTimeField()
    code_hash = CharField(max_length=64, unique=True)
    code_expires_at = DateTimeField()
    created_at = DateTimeField()
    accepted_at = DateTimeField(null=True)
    revoked_at = DateTimeField(null=True)
    revoked_by = ForeignKeyField(Account, null=True, on_delete="SET NULL", backref="+")

    @property
    def permissions(self) -> tuple[str, ...]:
        return DELEGATION_SCOPES.get(self.scope, ())

    def is_active(self, now) -> bool:
        return self.accepted_at is not None and self.revoked_at is None and self.valid_until > now


class TakeoutJob(BaseModel):
    """"Download all my mail": a ZIP in the instance folder, `queued -> running -> ready` (or `failed`),
    removed after `expires_at`."""

    public_id = CharField(max_length=32, unique=True)
    citizen = ForeignKeyField(Citizen, on_delete="CASCADE")
    requested_by = ForeignKeyField(Account, null=True, on_delete="SET NULL")
    status = CharField(max_length=10, default="queued")
    total = IntegerField(default=0)
    done = IntegerField(default=0)
    path = TextField(default="")
    size = IntegerField(null=True)
    created_at = DateTimeField()
    finished_at = DateTimeField(null=True)
    expires_at = DateTimeField(index=True)


class KeptForm(BaseModel):
    """A form's text sent after the session ended (m0063): filled in again after logging in, within an hour."""

    token_hash = CharField(max_length=64, unique=True)
    path = CharField(max_length=500)
    data = TextField()  # JSON: field name -> text (never passwords or tokens)
    created_at = DateTimeField(index=True)

