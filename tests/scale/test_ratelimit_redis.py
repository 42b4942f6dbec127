"""API rate limits counted in a real redis-server (RATELIMIT_URL): shared by every web process, no database
write per request; with Redis unreachable the count falls back to the database."""

from __future__ import annotations

from datetime import datetime

import pytest
import redis
from freezegun import freeze_time

from portal.api import ratelimit
from portal.api.models import ApiRateWindow
from portal.models import Message
from tests.api.conftest import message_body
from tests.scale.conftest import free_port


@pytest.fixture
def config_overrides(redis_url):
    redis.Redis.from_url(redis_url).flushdb()
    return {"API_SEND_PER_MINUTE": 3, "API_READ_PER_MINUTE": 5, "RATELIMIT_URL": redis_url}


def test_the_count_lives_in_redis_and_expires_with_its_window(live_key, redis_url):
    now = datetime(2027, 1, 4, 10, 0, 30)
    verdicts = [ratelimit.hit(live_key.key, "send", limit=2, now=now, url=redis_url) for _ in range(3)]
    assert [v.allowed for v in verdicts] == [True, True, False]
    assert verdicts[0].retry_after == 30
    assert ApiRateWindow.select().count() == 0
    server = redis.Redis.from_url(redis_url)
    (name,) = server.keys("portal:rate:*")
    assert int(server.get(name)) == 3 and 0 < server.ttl(name) <= 120


def test_two_clients_of_one_redis_share_the_count(live_key, redis_url):
    """As two web processes would: separate connection pools, one count."""
    now = datetime(2027, 1, 4, 10, 5, 0)
    first = ratelimit.hit(live_key.key, "read", limit=2, now=now, url=redis_url)
    ratelimit.redis_client.cache_clear()  # a new pool, as in another process
    second = ratelimit.hit(live_key.key, "read", limit=2, now=now, url=redis_url)
    third = ratelimit.hit(live_key.key, "read", limit=2, now=now, url=redis_url)
    assert (first.remaining, second.remaining, third.allowed) == (1, 0, False)


def test_an_unreachable_redis_falls_back_to_the_database(live_key):
    url = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there
    now = datetime(2027, 1, 4, 10, 0, 30)
    verdicts = [ratelimit.hit(live_key.key, "send", limit=2, now=now, url=url) for _ in range(3)]
    assert [v.allowed for v in verdicts] == [True, True, False]
    assert ApiRateWindow.get().count == 3


def test_the_api_answers_429_from_the_redis_count(api, recipient, redis_url):
    with freeze_time("2027-01-04 10:00:15"):
        answers = [api.send(message_body(recipient.bsn)) for _ in range(4)]
    assert [a.status_code for a in answers] == [201, 201, 201, 429]
    assert answers[-1].headers["Retry-After"] == "45"
    assert Message.select().count() == 3
    assert ApiRateWindow.select().count() == 0
    assert redis.Redis.from_url(redis_url).keys("portal:rate:*")
