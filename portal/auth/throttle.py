"""Limits on guessing: log-ins, password-reset requests and invitation codes (docs/accounts.md).

Each limit counts attempts per key (an e-mail address together with the client address, or a client address
alone) in one `throttle` row. A key gets `free` attempts; after that each next attempt must wait, first
`first_wait`, then twice as long each time, at most `longest_wait`. The count is forgotten `forget` after the
last wait ended. A key that has to wait is refused without being counted: waiting it out is all it takes, and
nobody can make someone else's wait longer.

An attempt is counted *before* the password or code is checked, in one transaction that holds the rows
(BEGIN IMMEDIATE on SQLite, SELECT … FOR UPDATE on PostgreSQL): of 30 wrong passwords sent at the same moment
only `free` are ever checked. A success takes its own count back (take_back) or clears the key (clear).

Raises:
    TooManyAttempts: a key has to wait; `retry_after` says until when (naive UTC).
"""

from __future__ import annotations

import hashlib
import ipaddress
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from portal.auth.models import Throttle
from portal.db import database, is_postgres, write_transaction


@dataclass
class TooManyAttempts(Exception):
    retry_after: datetime


@dataclass(frozen=True)
class Limit:
    name: str  # the key's prefix: two limits never share a count
    free: int
    first_wait: timedelta
    longest_wait: timedelta
    forget: timedelta = timedelta(hours=1)

    def wait_after(self, attempts: int) -> timedelta:
        """How long the next attempt waits once `attempts` were counted."""
        if attempts < self.free:
            return timedelta(0)
        return min(self.first_wait * 2 ** min(attempts - self.free, 30), self.longest_wait)


MINUTE, HOUR = timedelta(minutes=1), timedelta(hours=1)
# A person who mistypes gets 5 tries, then 1, 2, 4 … minutes between tries. A client address tries many
# accounts only at a library desk or behind a company's address: 20 failures there before any wait.
LOGIN = Limit("login", free=5, first_wait=MINUTE, longest_wait=HOUR)
LOGIN_CLIENT = Limit("login-client", free=20, first_wait=MINUTE, longest_wait=HOUR)
# Each request sends an e-mail: 3 per address, 10 per client address, then a quarter of an hour and longer.
FORGOT = Limit("forgot", free=3, first_wait=15 * MINUTE, longest_wait=2 * HOUR)
FORGOT_CLIENT = Limit("forgot-client", free=10, first_wait=15 * MINUTE, longest_wait=2 * HOUR)
# Wrong invitation codes, per address typed (together with the client address) and per client address.
INVITATION = Limit("invitation", free=10, first_wait=MINUTE, longest_wait=HOUR)
INVITATION_CLIENT = Limit("invitation-client", free=20, first_wait=MINUTE, longest_wait=HOUR)


def _hash(limit: Limit, subject: str) -> str:
    return hashlib.sha256(f"{limit.name}:{subject}".encode()).hexdigest()


def client_key(address: str | None) -> str:
    """The client address as one key: IPv6 addresses by their /64 network (one household or phone holds all of
    it), IPv4 addresses whole."""
    try:
        ip = ipaddress.ip_address((address or "").strip())
    except ValueError:
        return (address or "unknown")[:100]
    if ip.version == 6:
        if ip.ipv4_mapped is not None:  # ::ffff:192.0.2.1 is the IPv4 client 192.0.2.1
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def count(keys: Iterable[tuple[Limit, str]], *, now: datetime) -> None:
    """Count one attempt against every (limit, subject) key, all or none. Raises TooManyAttempts (counting
    nothing) when one of them has to wait."""
    limits = {_hash(limit, subject): limit for limit, subject in keys}
    hashes = sorted(limits)  # every transaction locks in the same order: no deadlock on PostgreSQL
    with write_transaction():
        for key_hash in hashes:
            Throttle.insert(key_hash=key_hash, attempts=0, wait_until=now, forget_at=now).on_conflict_ignore().execute()
        query = Throttle.select().where(Throttle.key_hash.in_(hashes)).order_by(Throttle.key_hash)
        rows = list(query.for_update() if is_postgres() else query)
        waiting = [row.wait_until for row in rows if row.wait_until > now]
        if waiting:
            raise TooManyAttempts(retry_after=max(waiting))
        for row in rows:
            limit = limits[row.key_hash]
            attempts = (row.attempts if row.forget_at > now else 0) + 1
            wait_until = now + limit.wait_after(attempts)
            Throttle.update(attempts=attempts, wait_until=wait_until, forget_at=wait_until + limit.forget).where(
                Throttle.id == row.id).execute()


def take_back(limit: Limit, subject: str, *, now: datetime) -> None:
    """Un-count one attempt that succeeded (a right password from a client address that many people use)."""
    with write_transaction():
        query = Throttle.select().where(Throttle.key_hash == _hash(limit, subject))
        row = (query.for_update() if is_postgres() else query).first()
        if row is None or row.attempts == 0:
            return
        attempts = row.attempts - 1
        Throttle.update(attempts=attempts, wait_until=min(row.wait_until, now + limit.wait_after(attempts))).where(
            Throttle.id == row.id).execute()


def clear(limit: Limit, subject: str) -> None:
    """Forget a key's count (a right password for this address from this client)."""
    with database.atomic():
        Throttle.delete().where(Throttle.key_hash == _hash(limit, subject)).execute()


def attempts(limit: Limit, subject: str, *, now: datetime) -> int:
    """The attempts counted for a key and not yet forgotten (for the tests and the docs' figures)."""
    row = Throttle.get_or_none(Throttle.key_hash == _hash(limit, subject))
    return row.attempts if row is not None and row.forget_at > now else 0
