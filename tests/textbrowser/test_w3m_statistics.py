"""The public statistics in w3m: the national figures and the organisations' rows read as text."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from portal.statistics.rollup import rollup
from tests import factories
from tests.textbrowser.test_w3m_rows import w3m_dump

pytestmark = pytest.mark.textbrowser


def test_statistics_page_reads_in_w3m(pages):
    org = factories.create_organisation(slug="belastingdienst", name_nl="Belastingdienst")
    at = datetime(2027, 1, 10, 9, 0)
    for _ in range(12):
        factories.create_message(organisation=org, delivered_at=at)
    rollup(now=at + timedelta(days=40), since=at.date())
    text = w3m_dump(pages.client.get("/statistics?month=2027-01").get_data(as_text=True))
    assert "Open cijfers: worden brieven van de overheid geopend?" in text
    assert "Belastingdienst" in text and "12" in text and "minder dan 10" in text
