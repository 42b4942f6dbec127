"""Per-key rate limits, counted in the database (shared by every web process): 429 with Retry-After."""

from __future__ import annotations

from datetime import datetime

import pytest
from freezegun import freeze_time

from portal.api import keys, ratelimit
from portal.api.models import ApiRateWindow
from portal.models import Message
from tests.api.conftest import Api, matches_document, message_body


@pytest.fixture
def config_overrides():
    return {"API_SEND_PER_MINUTE": 3, "API_READ_PER_MINUTE": 5}


def test_the_default_is_3000_messages_a_minute(tmp_path, database_url):
    from portal import create_app
    from tests.conftest import make_config

    assert create_app(make_config(tmp_path, database_url)).config["API_SEND_PER_MINUTE"] == 3000


def test_over_the_limit_answers_429_with_retry_after_until_the_minute_ends(api, recipient, live_key, client):
    with freeze_time("2027-01-04 10:00:15"):
        answers = [api.send(message_body(recipient.bsn)) for _ in range(4)]
    assert [a.status_code for a in answers] == [201, 201, 201, 429]
    refused = answers[-1]
    assert refused.headers["Retry-After"] == "45"
    assert refused.headers["RateLimit-Remaining"] == "0"
    matches_document(refused, "/api/v1/messages", "POST")
    assert Message.select().count() == 3
    with freeze_time("2027-01-04 10:01:00"):
        assert api.send(message_body(recipient.bsn)).status_code == 201


def test_reading_has_its_own_limit_and_each_key_its_own_count(api, organisation, client):
    with freeze_time("2027-01-04 10:00:00"):
        assert [api.get("/api/v1/messages").status_code for _ in range(6)] == [200] * 5 + [429]
        other = Api(client, keys.create_key(org_slug=organisation.slug, kind="live", now=datetime(2027, 1, 4)).secret)
        assert other.get("/api/v1/messages").status_code == 200


def test_old_windows_are_cleared(live_key):
    for minute in range(5):
        ratelimit.hit(live_key.key, "send", limit=10, now=datetime(2027, 1, 4, 10, minute))
    assert ApiRateWindow.select().count() <= 2


def test_counting_is_shared_through_the_database(live_key):
    """Two web processes see one count: the count lives in the table, not in memory."""
    now = datetime(2027, 1, 4, 10, 0, 30)
    verdicts = [ratelimit.hit(live_key.key, "send", limit=2, now=now) for _ in range(3)]
    assert [v.allowed for v in verdicts] == [True, True, False]
    assert ApiRateWindow.get().count == 3
