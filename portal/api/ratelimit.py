"""Per-key rate limits, counted in the database so every web process shares one count.

A fixed window of one minute per key and bucket: one upsert (INSERT … ON CONFLICT DO UPDATE, which SQLite
and PostgreSQL both run atomically) adds the request and returns nothing; a read gives the count. A request
over the limit is refused with the seconds until the window ends (the `Retry-After` header).
Buckets: "send" (requests that create messages or paper requests; default 3,000 a minute, setting
API_SEND_PER_MINUTE) and "read" (everything else; API_READ_PER_MINUTE).

With RATELIMIT_URL set (redis://host:6379/1), the counts live in Redis instead: one INCR and EXPIRE in a
MULTI/EXEC per request, no database write on the API's busiest path. Should Redis be unreachable, that
request is counted in the database instead (a limiter must not stop mail delivery), and a warning is logged.
"""

from __future__ import annotations

import calendar
import functools
import logging
from dataclasses import dataclass
from datetime import datetime

from flask import current_app, has_app_context

from portal.api.models import ApiRateWindow
from portal.db import Prepared, slot
from portal.models import ApiKey

WINDOW_SECONDS = 60
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    limit: int
    remaining: int
    retry_after: int  # seconds until the window ends


def _epoch_seconds(now: datetime) -> int:
    return calendar.timegm(now.timetuple())


@functools.cache
def redis_client(url: str):
    """One connection pool per URL and process."""
    import redis

    return redis.Redis.from_url(url, socket_timeout=1, socket_connect_timeout=1)


def hit(key: ApiKey, bucket: str, *, limit: int, now: datetime, url: str | None = None) -> Verdict:
    """Count one request against the key's limit for this minute, in Redis when `url` (or the app's
    RATELIMIT_URL) names one, otherwise in the database."""
    seconds = _epoch_seconds(now)
    window = seconds // WINDOW_SECONDS
    retry_after = WINDOW_SECONDS - seconds % WINDOW_SECONDS
    if url is None and has_app_context():
        url = current_app.config.get("RATELIMIT_URL")
    count = _count_in_redis(url, key, bucket, window) if url else None
    if count is None:
        count = _count_in_database(key, bucket, window)
    return Verdict(count <= limit, limit, max(0, limit - count), retry_after)


def _count_in_redis(url: str, key: ApiKey, bucket: str, window: int) -> int | None:
    import redis

    name = f"portal:rate:{key.id}:{bucket}:{window}"
    try:
        pipe = redis_client(url).pipeline(transaction=True)
        pipe.incr(name)
        pipe.expire(name, 2 * WINDOW_SECONDS)
        count, _ = pipe.execute()
        return int(count)
    except redis.RedisError as error:
        log.warning("rate limit: Redis unreachable (%s), counting in the database", type(error).__name__)
        return None


def _count_in_database(key: ApiKey, bucket: str, window: int) -> int:
    r = ApiRateWindow
    # One statement counts and answers (the count it left), so it needs no transaction of its own.
    ((count,),) = _COUNT.run(api_key=key.id, bucket=bucket, window=window)
    if count == 1:  # first request in a new window: forget the old ones
        r.delete().where(r.api_key == key, r.window < window - 1).execute()
    return count


_COUNT = Prepared(lambda: (
    ApiRateWindow.insert(api_key=slot("api_key"), bucket=slot("bucket"), window=slot("window"), count=1)
    .on_conflict(conflict_target=[ApiRateWindow.api_key, ApiRateWindow.bucket, ApiRateWindow.window],
                 update={ApiRateWindow.count: ApiRateWindow.count + 1})
    .returning(ApiRateWindow.count).tuples()))
