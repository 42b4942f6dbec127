"""Webhook tables (m0090): an organisation's subscriptions, the deliveries to them (the webhook outbox), and
the deadline changes a sender made through the API.

Kept in this package, not portal/models.py, because they are this area's own; they share the one database.
"""

from __future__ import annotations

from peewee import BooleanField, CharField, DateField, DateTimeField, ForeignKeyField, IntegerField, TextField

from portal.db import BaseModel
from portal.models import ApiKey, Message, Organisation

DELIVERY_STATES = ("pending", "sending", "delivered", "failed")


class WebhookSubscription(BaseModel):
    """An endpoint of a sender's system that gets signed events (Standard Webhooks).

    `secret` is the `whsec_…` signing key itself: HMAC needs it, so it is kept (and shown to the sender once).
    After a rotation `old_secret` stays valid until `old_secret_until`; until then every delivery carries
    a signature with both. A test subscription sees only test messages, a live one only live messages."""

    public_id = CharField(max_length=32, unique=True)
    organisation = ForeignKeyField(Organisation, backref="webhook_subscriptions", on_delete="CASCADE")
    url = CharField(max_length=500)
    events = TextField(default="")  # event types separated by commas; "": every type
    is_test = BooleanField(default=False)
    enabled = BooleanField(default=True)
    secret = CharField(max_length=100)
    old_secret = CharField(max_length=100, default="")
    old_secret_until = DateTimeField(null=True)
    created_at = DateTimeField()
    updated_at = DateTimeField()

    class Meta:
        indexes = ((("organisation", "is_test", "enabled"), False),)

    @property
    def event_types(self) -> list[str]:
        return [name for name in self.events.split(",") if name]

    def wants(self, event_type: str) -> bool:
        return not self.events or event_type in self.event_types


class WebhookDelivery(BaseModel):
    """One event for one subscription: the webhook outbox row, written in the same transaction as the change.

    `public_id` is the `webhook-id` header, the same at every attempt (the receiver de-duplicates on it);
    `body` is the exact JSON sent, fixed when the row is written. pending -> sending -> delivered, or back to
    pending with a later `due_at`, or `failed` after the last attempt. Only the answer's status and a short
    excerpt are kept."""

    public_id = CharField(max_length=40, unique=True)
    subscription = ForeignKeyField(WebhookSubscription, backref="deliveries", on_delete="CASCADE")
    organisation = ForeignKeyField(Organisation, on_delete="CASCADE")
    message = ForeignKeyField(Message, null=True, on_delete="SET NULL")
    event_type = CharField(max_length=40)
    body = TextField()
    status = CharField(max_length=10, default="pending")
    due_at = DateTimeField()
    attempts = IntegerField(default=0)
    claimed_at = DateTimeField(null=True)
    claimed_by = CharField(max_length=64, default="")
    last_status = IntegerField(null=True)  # the receiver's HTTP status (None: no answer)
    last_answer = CharField(max_length=200, default="")  # a short excerpt of the answer, or the error
    last_attempt_at = DateTimeField(null=True)
    done_at = DateTimeField(null=True)
    created_at = DateTimeField()

    class Meta:
        indexes = (
            (("status", "due_at"), False),
            (("organisation", "status"), False),
            (("subscription", "created_at"), False),
        )


class DeadlineChange(BaseModel):
    """A sender moved a message's deadline (PATCH /api/v1/messages/<id>): the citizen sees the new date, the
    one before it and the reason."""

    message = ForeignKeyField(Message, backref="deadline_changes", on_delete="CASCADE")
    previous = DateField()
    deadline = DateField()
    reason = TextField()
    api_key = ForeignKeyField(ApiKey, null=True, on_delete="SET NULL")
    changed_at = DateTimeField()

    class Meta:
        indexes = ((("message", "changed_at"), False),)
