"""Per-key rate limits, counted in the database so every web process shares one count.

A fixed window of one minute per key and bucket: one upsert (INSERT … ON CONFLICT DO UPDATE, which SQLite
and PostgreSQL both run atomically) adds the request and returns nothing; a read gives the count. A request
over the limit is refused with the seconds until the window ends (the `Retry-After` header).
Buckets: "send" (requests that create messages or paper requests; default 3,000 a minute, setting
API_SEND_PER_MINUTE) and "read" (everything else; API_READ_PER_MINUTE).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import datetime

from portal.db import database
from portal.models import ApiKey, ApiRateWindow

WINDOW_SECONDS = 60


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    limit: int
    remaining: int
    retry_after: int  # seconds until the window ends


def _epoch_seconds(now: datetime) -> int:
    return calendar.timegm(now.timetuple())


def hit(key: ApiKey, bucket: str, *, limit: int, now: datetime) -> Verdict:
    """Count one request against the key's limit for this minute."""
    seconds = _epoch_seconds(now)
    window = seconds // WINDOW_SECONDS
    retry_after = WINDOW_SECONDS - seconds % WINDOW_SECONDS
    r = ApiRateWindow
    with database.atomic():
        (
            r.insert(api_key=key, bucket=bucket, window=window, count=1)
            .on_conflict(conflict_target=[r.api_key, r.bucket, r.window], update={r.count: r.count + 1})
            .execute()
        )
        count = r.select(r.count).where(r.api_key == key, r.bucket == bucket, r.window == window).scalar()
    if count == 1:  # first request in a new window: forget the old ones
        r.delete().where(r.api_key == key, r.window < window - 1).execute()
    return Verdict(count <= limit, limit, max(0, limit - count), retry_after)
