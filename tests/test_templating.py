"""Dates written out in the page's language, in Dutch local time."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from flask_babel import force_locale

from portal.templating import long_date


@pytest.mark.parametrize(("language", "expected"), [
    ("nl", "vrijdag 15 januari 2027"),
    ("en", "Friday 15 January 2027"),
])
def test_a_date_is_written_out_in_the_page_language(app, language, expected):
    with app.test_request_context(), force_locale(language):
        assert long_date(date(2027, 1, 15)) == expected
        assert long_date(date(2027, 1, 15)) == expected  # the second answer comes from the cache: still right


def test_a_timestamp_is_the_day_it_is_in_the_netherlands(app):
    with app.test_request_context(), force_locale("nl"):
        assert long_date(datetime(2027, 1, 14, 23, 30)) == "vrijdag 15 januari 2027"  # 00:30 in winter
        assert long_date(datetime(2027, 7, 14, 21, 59)) == "woensdag 14 juli 2027"  # 23:59 in summer
        assert long_date(datetime(2027, 7, 14, 22, 0)) == "donderdag 15 juli 2027"  # midnight in summer


def test_nothing_is_written_for_no_date(app):
    with app.test_request_context():
        assert long_date(None) == ""


def test_message_url_is_url_for_for_every_id(app):
    """The per-request pattern gives what url_for gives, and an id that quoting would change goes through it."""
    from flask import url_for

    from portal.templating import message_url

    with app.test_request_context("/inbox/"):
        for public_id in ("qYb8bP2YscT6V_YX0SIpmQ", "bench000001abc", "a b/c", "ü", "PUBLICID0MARK"):
            for endpoint in ("inbox.message", "paper.request_copy"):
                assert message_url(endpoint, public_id) == url_for(endpoint, public_id=public_id)
