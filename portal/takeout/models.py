"""Take-out jobs (m0062): "download all my mail"."""

from __future__ import annotations

from peewee import CharField, DateTimeField, ForeignKeyField, IntegerField, TextField

from portal.db import BaseModel
from portal.models import Account, Citizen


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
