"""Helpers' authorisations (m0060)."""

from __future__ import annotations

from peewee import CharField, DateTimeField, ForeignKeyField

from portal.db import BaseModel
from portal.models import Account, Citizen

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
