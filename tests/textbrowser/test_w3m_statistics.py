"""The public statistics in w3m: the national figures and the organisations' rows read as text."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from portal.models import Message
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


def test_organisation_page_reads_in_w3m_with_the_chart_in_words(pages, monkeypatch):
    now = datetime(2027, 3, 15, 12, 0)
    monkeypatch.setattr("portal.statistics.views.utcnow", lambda: now)
    org = factories.create_organisation(slug="cjib", name_nl="CJIB")
    for month, count in ((1, 14), (2, 20)):
        at = datetime(2027, month, 10, 9, 0)
        for n in range(count):
            letter = factories.create_message(organisation=org, message_type="boete", delivered_at=at)
            if n < 11:
                Message.update(first_opened_at=at + timedelta(hours=1)).where(Message.id == letter.id).execute()
    rollup(now=now, since=datetime(2027, 1, 1).date())
    text = w3m_dump(pages.client.get("/statistics/organisations/cjib").get_data(as_text=True))
    assert "Open cijfers van CJIB" in text and "Per soort bericht in februari 2027" in text
    assert "boete" in text and "20" in text and "11 (55%)" in text  # February: 11 of 20 opened within 3 days
    assert "Binnen 3 dagen geopend (doorgetrokken lijn, rondjes)" in text  # the chart's key, in words
    assert "100% 50% 0%" in text and "april 2025 maart 2027" in text  # its axis labels do not run together
    assert "januari 2027" in text and "11 (79%)" in text  # the table beside the chart: January, 11 of 14
