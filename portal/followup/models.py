"""Follow-up tables (m0050): alert settings, organisations' default policies, and the outbox.

Kept in this package, not portal/models.py, because they are this area's own; they share the one database.
"""

from __future__ import annotations

import json

from peewee import BooleanField, CharField, DateTimeField, ForeignKeyField, IntegerField, TextField

from portal.db import BaseModel
from portal.models import Citizen, Message, Organisation


class AlertSetting(BaseModel):
    """A citizen's e-mail alert choices. No row: alerts on, to the account's own e-mail address."""

    citizen = ForeignKeyField(Citizen, unique=True, on_delete="CASCADE")
    enabled = BooleanField(default=True)
    email = CharField(max_length=254, default="")  # "": the account's e-mail address
    helper_email = CharField(max_length=254, default="")  # "": no helper alert
    problem = CharField(max_length=10, default="")  # "" | bounced | failed: the last alert did not arrive
    problem_address = CharField(max_length=254, default="")
    problem_at = DateTimeField(null=True)
    updated_at = DateTimeField()


class OrganisationPolicy(BaseModel):
    """An organisation's default follow-up policy, used for its messages that came without one."""

    organisation = ForeignKeyField(Organisation, unique=True, on_delete="CASCADE")
    policy = TextField()  # JSON, same fields as the API's `policy`
    updated_at = DateTimeField()

    def steps(self) -> dict[str, int]:
        return json.loads(self.policy)


OUTBOX_KINDS = ("alert", "reminder", "helper_alert", "retention_notice", "paper")
MAIL_KINDS = ("alert", "reminder", "helper_alert", "retention_notice")
OUTBOX_STATES = ("pending", "sending", "sent", "failed", "cancelled")


class Outbox(BaseModel):
    """One e-mail or follow-up step to carry out, written in the same transaction as what caused it.

    `key` is unique (like "alert:17" or "paper:17:paper_days_before_deadline"): writing the same step again,
    after a crash or by a second worker, inserts nothing. `mail_id` is the Message-ID the e-mail carries, the
    same at every attempt, so a receiver can recognise a repeat. States: pending -> sending -> sent, or
    failed after the last attempt, or cancelled when it no longer applies (opened, done, alerts turned off).
    """

    key = CharField(max_length=120, unique=True)
    kind = CharField(max_length=20)
    message = ForeignKeyField(Message, null=True, on_delete="CASCADE")
    citizen = ForeignKeyField(Citizen, null=True, on_delete="CASCADE")
    detail = TextField(default="")  # the policy step's name, or other context (never message content)
    status = CharField(max_length=10, default="pending")
    due_at = DateTimeField()
    attempts = IntegerField(default=0)
    claimed_at = DateTimeField(null=True)
    claimed_by = CharField(max_length=64, default="")
    done_at = DateTimeField(null=True)
    last_error = CharField(max_length=200, default="")
    mail_id = CharField(max_length=100, default="", index=True)  # m0073
    sent_with = IntegerField(null=True)  # the id of the row whose e-mail also carried this one (a digest)
    created_at = DateTimeField()

    class Meta:
        table_name = "outbox"
        indexes = ((("status", "due_at"), False), (("citizen", "kind", "status", "due_at"), False))  # m0111
