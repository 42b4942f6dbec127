"""The public statistics in Chromium: zero axe-core violations on /statistics and an organisation's page, in
Dutch and in English, on a desktop (1280 px) and a phone (320 px) screen, with the CSP enforced; at 320 px
nothing scrolls sideways and the line chart and its labels stay on the screen."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from portal.models import Message
from portal.statistics.rollup import rollup
from tests import factories
from tests.browser.conftest import assert_accessible

pytestmark = pytest.mark.browser
WIDTHS = [1280, 320]
PATHS = ["/statistics", "/statistics/organisations/belastingdienst"]


@pytest.fixture
def figures(app):
    """Two organisations with letters in the last months (enough for figures and hidden cells alike)."""
    from portal.clock import utcnow

    now = utcnow()
    tax = factories.create_organisation(slug="belastingdienst", name_nl="Belastingdienst", name_en="Tax office")
    town = factories.create_organisation(slug="gemeente", name_nl="Gemeente Utrecht", name_en="Utrecht")
    citizen = factories.create_citizen()
    for months_ago, count in ((1, 40), (2, 30), (3, 5), (4, 25)):
        at = now - timedelta(days=30 * months_ago)
        for n in range(count):
            for org, kind in ((tax, "aanslag"), (tax, "herinnering"), (town, "paspoort")):
                if kind == "herinnering" and n > 8:
                    continue
                letter = factories.create_message(recipient=citizen, organisation=org, message_type=kind,
                                                  delivered_at=at, deadline=(at + timedelta(days=14)).date())
                if n % 3:
                    Message.update(first_opened_at=at + timedelta(hours=n)).where(Message.id == letter.id).execute()
    rollup(now=now, since=date(now.year - 1, 1, 1))


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("path", PATHS)
def test_statistics_pages_have_no_axe_violations(figures, page, live_server, path, language, width):
    page.set_viewport_size({"width": width, "height": 800})
    response = page.goto(live_server + path)
    assert response.status == 200
    assert_accessible(page, language)
    assert page.evaluate("document.scrollingElement.scrollWidth") <= width, "the page scrolls sideways"
    if path != "/statistics":
        plot = page.locator(".line-chart__plot").bounding_box()
        assert plot["width"] > 150 and plot["x"] + plot["width"] <= width
        assert page.locator(".line-chart__plot circle").count() >= 2
