"""The sender API's own tables (m0040): idempotency keys and rate-limit counts. ApiKey is core (portal/models.py):
Message.api_key points at it."""

from __future__ import annotations

from peewee import BigIntegerField, CharField, DateTimeField, ForeignKeyField, IntegerField, TextField

from portal.db import BaseModel
from portal.models import ApiKey, Organisation


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
