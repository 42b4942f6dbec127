"""Deadline banners filled in from one rendering of the banner macro per number of days left and language
(portal/inbox/banners.py) are the banners the macro renders for each deadline itself, in the request's own
environment: overdue, the last days, this week, later, hostile subjects, both languages."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask_login import login_user

from portal.clock import local_today, utcnow
from portal.i18n import current_language
from portal.inbox import banners
from portal.inbox.services import open_deadlines
from tests import factories

SUBJECTS = ("Uw aanslag", 'Boete <b>"snel"</b> & {meer}', "Brief met 'quotes' {0}")


def deadlines_of_every_kind(citizen):
    today = local_today(utcnow())
    for n, days in enumerate((-40, -1, 0, 1, 2, 3, 7, 8, 31, 32, 400)):
        factories.create_message(recipient=citizen, subject=SUBJECTS[n % 3], subject_en=None if n % 2 else "Tax",
                                 deadline=today + timedelta(days=days),
                                 deadline_kind=("pay", "respond", "object")[n % 3])
    return open_deadlines(citizen, today=today)


@pytest.mark.parametrize("language", ["nl", "en"])
def test_filled_banners_are_the_macros_banners(app, language):
    citizen = factories.create_citizen(language=language)
    items = deadlines_of_every_kind(citizen)
    with app.test_request_context("/inbox/"):
        login_user(citizen.account)
        assert current_language() == language
        filled = str(banners.deadline_banners(items, language))
        macro = app.jinja_env.get_template("inbox/_deadline.html").module.deadline_item
        one_by_one = "".join(str(macro(banners.Banner(d.days_left, **banners.values(d, language))))
                             for d in items)
    assert filled == one_by_one
    assert filled.count("<li ") == len(items) == 11
    assert "\x00" not in filled
    assert "Boete &lt;b&gt;&#34;snel&#34;&lt;/b&gt; &amp; {meer}" in filled
    assert filled.count("deadline--overdue") == 3 and filled.count("deadline--later") == 4
    last_day = "Today is the last day." if language == "en" else "Vandaag is de laatste dag."
    assert filled.count(last_day) == 1


def test_a_kept_banner_follows_the_language_of_each_request(app):
    citizen = factories.create_citizen()
    items = deadlines_of_every_kind(citizen)
    shown = {}
    for language in ("nl", "en", "nl"):
        with factories.request_of(app, citizen.account, language=language, path="/inbox/"):
            assert current_language() == language
            shown.setdefault(language, []).append(str(banners.deadline_banners(items, language)))
    assert shown["nl"][0] == shown["nl"][1] != shown["en"][0]
    assert "Overdue" in shown["en"][0] and "Te laat" in shown["nl"][0]
