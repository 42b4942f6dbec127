"""API keys: made once, shown once, stored as a hash, revocable. Used by the CLI, the dashboard and the API.

A key looks like `ptl_live_<43 random characters>` (or `ptl_test_…`): 256 random bits, so a plain SHA-256
hash is enough to store it (no password stretching is needed for a secret nobody chose).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from portal.db import Prepared, slot
from portal.errors_domain import NotFound, ValidationFailed
from portal.models import API_KEY_KINDS, ApiKey, Organisation

PREFIX = "ptl"
SHOWN_PREFIX = 16  # "ptl_live_" and 7 random characters: enough to tell keys apart, useless to an attacker
LAST_USED_STEP = timedelta(minutes=1)  # record use at most once a minute per key: no write on every request


@dataclass(frozen=True)
class NewKey:
    key: ApiKey
    secret: str  # the full key: shown once, never stored


def hash_key(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def create_key(*, org_slug: str, kind: str, name: str = "", now: datetime) -> NewKey:
    """Make a key. Raises ValidationFailed for an unknown organisation, kind or an over-long name."""
    errors = {}
    organisation = Organisation.get_or_none(Organisation.slug == org_slug)
    if organisation is None:
        errors["org"] = f"No organisation with slug {org_slug!r}."
    if kind not in API_KEY_KINDS:
        errors["kind"] = "The kind must be live or test."
    if len(name or "") > 100:
        errors["name"] = "The name can be at most 100 characters long."
    if errors:
        raise ValidationFailed(errors)
    secret = f"{PREFIX}_{kind}_{secrets.token_urlsafe(32)}"
    key = ApiKey.create(
        organisation=organisation, name=(name or "").strip(), kind=kind, prefix=secret[:SHOWN_PREFIX],
        key_hash=hash_key(secret), created_at=now,
    )
    return NewKey(key, secret)


def find(secret: str) -> ApiKey | None:
    """The key with this secret, revoked or not, with its organisation; None when there is no such key."""
    if not secret.startswith(f"{PREFIX}_") or len(secret) > 200 or not secret.isascii():
        return None
    return _BY_HASH.first(key_hash=hash_key(secret))


# Every API request asks this: its SQL is built once (portal.db.Prepared).
_BY_HASH = Prepared(lambda: (
    ApiKey.select(ApiKey, Organisation).join(Organisation).where(ApiKey.key_hash == slot("key_hash")).limit(1)))


def record_use(key: ApiKey, *, now: datetime) -> None:
    if key.last_used_at is None or now - key.last_used_at >= LAST_USED_STEP:
        ApiKey.update(last_used_at=now).where(ApiKey.id == key.id).execute()
        key.last_used_at = now


def keys_of(organisation: Organisation) -> list[ApiKey]:
    """Active keys first, newest first."""
    return list(
        ApiKey.select().where(ApiKey.organisation == organisation)
        .order_by(ApiKey.revoked_at.is_null(False), ApiKey.created_at.desc(), ApiKey.id.desc())
    )


def get_key(organisation: Organisation, key_id: int) -> ApiKey:
    key = ApiKey.get_or_none(ApiKey.id == key_id, ApiKey.organisation == organisation)
    if key is None:
        raise NotFound
    return key


def revoke(key: ApiKey, *, now: datetime) -> bool:
    """Revoke a key at once. Returns False when it was already revoked (nothing changes)."""
    changed = ApiKey.update(revoked_at=now).where(ApiKey.id == key.id, ApiKey.revoked_at.is_null()).execute()
    if changed:
        key.revoked_at = now
    return bool(changed)


def revoke_by_prefix(*, org_slug: str, prefix: str, now: datetime) -> ApiKey:
    """For the CLI: revoke the organisation's key whose shown prefix (or full key) is given.

    Raises ValidationFailed when no key, or more than one, matches.
    """
    organisation = Organisation.get_or_none(Organisation.slug == org_slug)
    if organisation is None:
        raise ValidationFailed({"org": f"No organisation with slug {org_slug!r}."})
    query = ApiKey.select().where(ApiKey.organisation == organisation)
    if len(prefix) > SHOWN_PREFIX:
        matches = list(query.where(ApiKey.key_hash == hash_key(prefix)))
    else:
        matches = [k for k in query.where(ApiKey.prefix.startswith(prefix))] if prefix else []
    if len(matches) != 1:
        raise ValidationFailed({"key": f"{len(matches)} keys of {org_slug} match {prefix!r}; give the whole prefix."})
    if not revoke(matches[0], now=now):
        raise ValidationFailed({"key": f"Key {matches[0].prefix}… was already revoked."})
    return matches[0]
