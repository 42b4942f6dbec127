"""The sender dashboard pages through the page-structure check, in Dutch and English."""

from __future__ import annotations

import csv
import io
import re

import pytest
from freezegun import freeze_time

from portal.api import keys
from portal.api.problems import PROBLEMS
from portal.clock import utcnow
from portal.models import ApiKey
from tests import factories
from tests.senders.conftest import NOW


def text(el) -> str:
    return re.sub(r"\s+", " ", el.get_text(" ", strip=True))


@pytest.fixture
def dashboard(pages, sender):
    with freeze_time(NOW):
        pages.login(sender.account.email)
    return pages


def test_a_sender_lands_on_the_dashboard_after_logging_in(pages, sender):
    response = pages.login(sender.account.email)
    assert pages.client.get(response.location).location == "/senders/"


@pytest.mark.parametrize("language", ["nl", "en"])
def test_statistics_table_and_chart_show_the_hand_counted_figures(dashboard, known_mail, language):
    with freeze_time(NOW):
        dashboard.post("/language", {"language": language})
        soup = dashboard.get("/senders/")
    rows = {text(tr.th): [text(td) for td in tr.find_all("td")] for tr in soup.select(".stats-table tr") if tr.th}
    aanslag, total = rows["aanslag"], rows["Totaal" if language == "nl" else "Total"]
    assert aanslag[:2] == ["4", "2 (50%)"] and aanslag[4:5] == ["0"] and aanslag[5] == "1 (25%)"
    assert aanslag[2].startswith("1 " + ("van" if language == "nl" else "of") + " 3")
    assert total[:2] == ["6", "3 (50%)"] and total[3] == "2 (33%)"
    assert aanslag[3] == "1 (25%)" and aanslag[6] == ("24 uur" if language == "nl" else "24 hours")
    # The chart's words are HTML text (legible at any width); the bars are pictures screen readers skip.
    assert [text(t) for t in soup.select(".chart__row .chart__label")] == ["aanslag :", "herinnering :"]
    assert [text(t) for t in soup.select(".chart__value")] == [
        "75% geopend (3 van 4)", "50% geopend (1 van 2)"] if language == "nl" else [
        "75% opened (3 of 4)", "50% opened (1 of 2)"]
    assert [svg["aria-hidden"] for svg in soup.select(".chart__row svg")] == ["true", "true"]
    assert [rect["width"] for rect in soup.select(".chart__bar")] == ["75", "50"]
    assert soup.find("a", href="/senders/unopened")


def test_the_period_can_be_chosen_without_javascript(dashboard, known_mail):
    with freeze_time(NOW):
        soup = dashboard.get("/senders/?period=2026-10")
    assert soup.find("option", selected=True)["value"] == "2026-10"
    assert [text(tr.th) for tr in soup.select(".stats-table tbody tr")] == ["aanslag"]


def test_csv_export_of_the_chosen_period(dashboard, known_mail):
    with freeze_time(NOW):
        response = dashboard.client.get("/senders/statistics.csv?period=90d")
    assert response.mimetype == "text/csv" and "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[1][:3] == ["aanslag", "4", "2"] and rows[-1][:2] == ["total", "6"]


def test_unopened_page_lists_messages_to_act_on(dashboard, known_mail):
    with freeze_time(NOW):
        soup = dashboard.get("/senders/unopened")
    assert [text(tr.th) for tr in soup.select("tbody tr")] == ["A3"]
    assert "19" in text(soup.select_one("tbody tr td"))


def test_empty_dashboard_says_so(dashboard):
    with freeze_time(NOW):
        soup = dashboard.get("/senders/")
    assert not soup.find("svg") and "Er zijn in deze periode geen berichten" in text(soup.main)


def test_key_page_lists_keys_and_revokes_through_a_confirmation_page(dashboard, sender):
    made = keys.create_key(org_slug=sender.organisation.slug, kind="live", name="Belastingsysteem", now=utcnow())
    with freeze_time(NOW):
        soup = dashboard.get("/senders/keys")
        assert made.key.prefix in text(soup.main) and "Belastingsysteem" in text(soup.main)
        assert made.secret not in str(soup)
        confirm = dashboard.get(f"/senders/keys/{made.key.id}/revoke")
        assert confirm.find("form", method="post")
        response = dashboard.post(f"/senders/keys/{made.key.id}/revoke")
        assert response.status_code == 302 and response.location == "/senders/keys"
        after = dashboard.get("/senders/keys")
        assert dashboard.client.get(f"/senders/keys/{made.key.id}/revoke").status_code == 404
    assert ApiKey.get_by_id(made.key.id).revoked_at is not None
    assert "ingetrokken" in text(after.select_one(".notification"))


def test_another_organisations_key_cannot_be_revoked(dashboard):
    other = keys.create_key(org_slug=factories.create_organisation().slug, kind="live", now=utcnow())
    with freeze_time(NOW):
        assert dashboard.client.get(f"/senders/keys/{other.key.id}/revoke").status_code == 404
        assert dashboard.post(f"/senders/keys/{other.key.id}/revoke").status_code == 404
    assert ApiKey.get_by_id(other.key.id).revoked_at is None


def test_citizens_cannot_see_the_dashboard(logged_in):
    for url in ("/senders/", "/senders/keys", "/senders/unopened", "/senders/statistics.csv"):
        assert logged_in.client.get(url).status_code == 403


@pytest.mark.parametrize("language", ["nl", "en"])
def test_api_reference_is_public_and_built_from_the_document(pages, language):
    from portal.api.openapi import document

    pages.post("/language", {"language": language})
    soup = pages.get("/senders/api-reference")
    for path, methods in document()["paths"].items():
        for method, spec in methods.items():
            heading = soup.find("h2", id=spec["operationId"])
            assert heading and f"{method.upper()} {path}" in text(heading)
    for kind in PROBLEMS:
        assert soup.find(id=f"problem-{kind}"), "every problem type links to its explanation"
    body_fields = {text(th) for th in soup.select("#sendMessage-body + .stats-table tbody th")}
    assert {"recipient.bsn", "recipient.address.postcode", "deadline.kind", "attachments[].content"} <= body_fields


def test_hard_to_read_summaries_are_listed_with_their_score(dashboard, known_mail):
    from portal.models import Message

    Message.update(readability_nl=41.5).where(Message.id == known_mail["A2"].id).execute()
    Message.update(readability_nl=75.0).where(Message.id == known_mail["A1"].id).execute()
    Message.update(readability_nl=12.0).where(Message.id == known_mail["test"].id).execute()
    with freeze_time(NOW):
        soup = dashboard.get("/senders/")
    table = soup.find("h2", id="hard-title").find_next("table")
    assert [(text(tr.th), text(tr.find_all("td")[-1])) for tr in table.select("tbody tr")] == [("A2", "41,5")]
    aanslag = next(tr for tr in soup.select(".stats-table tbody tr") if text(tr.th) == "aanslag")
    assert text(aanslag.find_all("td")[-1]) == "58,2 moeilijk te lezen"  # middle of 41.5 and 75.0
