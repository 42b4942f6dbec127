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
    """The kept pattern gives what url_for gives, under whatever URL root the request came in (a proxy's prefix),
    and an id that quoting would change goes through url_for itself."""
    from flask import url_for

    from portal.templating import message_url

    seen = set()
    for _again in range(2):
        for base in ("http://localhost/", "http://localhost/portal/", "http://localhost/"):
            with app.test_request_context("/inbox/", base_url=base):
                for public_id in ("qYb8bP2YscT6V_YX0SIpmQ", "bench000001abc", "a b/c", "ü", "PUBLICID0MARK"):
                    for endpoint in ("inbox.message", "paper.request_copy"):
                        url = message_url(endpoint, public_id)
                        assert url == url_for(endpoint, public_id=public_id)
                        seen.add(url.startswith("/portal/"))
    assert seen == {True, False}


def test_templates_share_the_apps_globals_and_one_with_its_own_keeps_them_to_itself(app):
    env = app.jinja_env
    page = env.get_template("inbox/message.html")
    assert page.globals is env.globals  # a global added later is seen by every template, as before
    own = env.from_string("{{ extra }} {{ product_name }}", globals={"extra": "only here"})
    assert own.globals is not env.globals and "extra" not in env.globals
    with app.test_request_context():
        assert own.render().startswith("only here ") and own.render() != "only here "
    before = dict(env.globals)
    assert app.test_client().get("/help").status_code == 200
    assert env.globals == before  # rendering a page changes no global


def test_a_month_is_named_in_the_page_language_whatever_was_asked_before(app):
    from portal.senders import month_name

    with app.test_request_context():
        named = []
        for language in ("nl", "en", "nl"):
            with force_locale(language):
                named.append(month_name("2026-11"))
        assert named == ["november 2026", "November 2026", "november 2026"]


def test_the_kept_locale_and_zone_are_flask_babels_own(app):
    from flask_babel import force_locale, get_locale, get_timezone

    from portal import i18n

    for _ in range(2):  # the second request finds both kept
        with app.test_request_context("/", headers={"Accept-Language": "en"}):
            locale, zone = i18n.locale_and_zone()
            assert (str(locale), str(zone)) == ("en", app.config["BABEL_DEFAULT_TIMEZONE"])
            assert locale is get_locale() and zone is get_timezone()
            with force_locale("nl"):
                assert str(i18n.locale_and_zone()[0]) == "nl" and i18n.current_language() == "nl"
            assert i18n.locale_and_zone()[0] is locale
