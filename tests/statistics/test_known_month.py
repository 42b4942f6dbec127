"""A month worked out by hand, with every figure above the threshold: letters opened through the inbox at set
times (the clock moved), paper asked by each kind of asker (the safety net too), test messages mixed in. Each
cell is checked on the pages (in Dutch and in English), in the CSV and in the JSON; and on every page the
figures are the CSV's, hidden cells included."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime, timedelta

import pytest

from portal.inbox import services as inbox
from portal.models import Message
from portal.statistics import charts, figures
from portal.statistics.rollup import rollup
from tests import factories
from tests.statistics.test_figures import NOW, _paper, known, sent  # noqa: F401 -- known: the fixture

DELIVERED = datetime(2027, 2, 3, 9, 0)
DEADLINE = date(2027, 2, 20)
ASKERS = {"citizen": 14, "helper": 12, "sender": 11, "policy": 10, "safety_net": 13}
# The cells of February 2027 for UWV's "besluit", its total and the country (one organisation, one type).
EXPECTED = {"delivered": "70", "opened_soon": "20", "with_deadline": "70", "opened_before_deadline": "37",
            "deadline_passed": "70", "unopened_at_deadline": "33", "paper_total": "60", "paper_citizen": "14",
            "paper_helper": "12", "paper_sender": "11", "paper_policy": "10", "paper_safety_net": "13",
            "median_time_to_open": "open_7d"}
# The figures of a row on the page, in the order they stand there (the median, in words, apart).
ON_PAGE = ["delivered", "opened_soon", "opened_before_deadline", "with_deadline", "unopened_at_deadline",
           "deadline_passed", "paper_total", "paper_citizen", "paper_helper", "paper_sender", "paper_policy",
           "paper_safety_net"]


@pytest.fixture
def february(app):
    """UWV sends 70 decisions with a deadline on 3 February 2027. The citizen opens 20 after an hour, 17 after
    five days, 12 on 25 February (after the deadline of the 20th); 21 stay unread. 60 go on paper: 14 asked by
    the citizen, 12 by a helper, 11 by the sender, 10 by the policy, 13 by the safety net; one more request
    was cancelled. Three test messages, opened and on paper, must not count."""
    uwv = factories.create_organisation(slug="uwv", name_nl="UWV", name_en="Employee Insurance Agency")
    citizen = factories.create_citizen()
    openings = ([DELIVERED + timedelta(hours=1)] * 20 + [DELIVERED + timedelta(days=5)] * 17
                + [datetime(2027, 2, 25, 10, 0)] * 12 + [None] * 21)
    askers = [who for who, n in ASKERS.items() for _ in range(n)] + [None] * 10
    for opened, asked_by in zip(openings, askers, strict=True):
        letter = factories.create_message(recipient=citizen, organisation=uwv, message_type="besluit",
                                          delivered_at=DELIVERED, deadline=DEADLINE)
        if opened:  # through the inbox, with the clock moved to the moment of opening
            inbox.open_message(citizen, letter.public_id, actor=citizen.account, now=opened)
        if asked_by:
            _paper(letter, asked_by, DELIVERED + timedelta(days=1))
        elif opened is None:
            _paper(letter, "policy", DELIVERED + timedelta(days=1), status="cancelled")
    for _ in range(3):
        test = factories.create_message(recipient=citizen, organisation=uwv, message_type="besluit",
                                        delivered_at=DELIVERED, deadline=DEADLINE)
        Message.update(is_test=True, first_opened_at=DELIVERED + timedelta(minutes=5)).where(
            Message.id == test.id).execute()
        _paper(test, "citizen", DELIVERED)
    rollup(now=NOW, since=date(2027, 1, 1))
    return uwv


def _csv(client, month: str) -> dict[tuple[str, str], dict]:
    text = client.get(f"/statistics/data.csv?month={month}").get_data(as_text=True)
    return {(row["organisation"], row["message_type"]): row for row in csv.DictReader(io.StringIO(text))}


WORDS = {"nl": {"fewer-than-10": "minder dan 10", "hidden": "verborgen", "open_7d": "3 tot 7 dagen"},
         "en": {"fewer-than-10": "fewer than 10", "hidden": "hidden", "open_7d": "3 to 7 days"}}


def figures_of(tr, language: str) -> list[str]:
    """The figures of a table row on the page, in order, as the CSV writes them: numbers, 'fewer-than-10' and
    'hidden'. Shares in brackets and the words around the figures left out; the median cell (the last) apart."""
    text = " ".join(td.get_text(" ", strip=True) for td in tr.select("td")[:-1])
    text = re.sub(r"\(\d+\s?%\)", " ", text)
    for code, words in WORDS[language].items():
        text = text.replace(words, f" <{code}> ")
    return [token.strip("<>").replace(".", "").replace(",", "")
            for token in re.findall(r"<[a-z0-9-]+>|\d[\d.,]*", text)]


def test_every_cell_of_the_known_month_in_csv_and_json(february, client):
    rows = _csv(client, "2027-02")
    assert list(rows) == [("", ""), ("uwv", ""), ("uwv", "besluit")]
    for row in rows.values():
        assert {column: row[column] for column in EXPECTED} == EXPECTED
    body = client.get("/statistics/data.json?month=2027-02").get_json()
    assert [(row["organisation"], row["message_type"]) for row in body["rows"]] == list(rows)
    for row in body["rows"]:
        assert {column: str(row[column]) for column in EXPECTED} == EXPECTED
        assert row["final"] is False and row["month"] == "2027-02"


@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_cell_of_the_known_month_on_the_pages(february, pages, client, language, monkeypatch):
    monkeypatch.setattr("portal.statistics.views.utcnow", lambda: NOW)  # the trend: the 24 months up to March 2027
    client.set_cookie("language", language)
    headers = {"Accept-Language": language}
    expected = [EXPECTED[column] for column in ON_PAGE]
    soup = pages.get("/statistics?month=2027-02", headers=headers)
    national, organisation = (table.select("tbody tr")[0] for table in soup.select("table")[:2])
    page = pages.get("/statistics/organisations/uwv?month=2027-02", headers=headers)
    besluit, total = page.select("table")[0].select_one("tbody tr"), page.select("table")[0].select_one("tfoot tr")
    for tr in (national, organisation, besluit, total):
        assert figures_of(tr, language) == expected
        assert tr.select("td")[-1].get_text(strip=True) == WORDS[language]["open_7d"]
    assert organisation.th.get_text(strip=True) == ("UWV" if language == "nl" else "Employee Insurance Agency")
    trend = {tr.th.get_text(strip=True): [td.get_text(" ", strip=True) for td in tr.select("td")]
             for tr in page.select("table")[1].select("tbody tr")}
    month, of = ("februari 2027", "van") if language == "nl" else ("February 2027", "of")
    assert trend == {month: ["70", "20 (29%)", f"33 (47%) {of} 70"]}


@pytest.mark.parametrize("fixture", ["known", "february"])
def test_the_csv_matches_every_page_hidden_cells_included(fixture, request, pages):
    request.getfixturevalue(fixture)
    month = "2027-01" if fixture == "known" else "2027-02"
    rows = _csv(pages.client, month)
    soup = pages.get(f"/statistics?month={month}")
    shown = {("", ""): soup.select("table")[0].select_one("tbody tr")}
    for tr in soup.select("table")[1].select("tbody tr"):
        slug = tr.th.a["href"].split("/")[-1].split("?")[0]
        shown[(slug, "")] = tr
        page = pages.get(f"/statistics/organisations/{slug}?month={month}")
        for type_row in page.select("table")[0].select("tbody tr"):
            shown[(slug, type_row.th.get_text(strip=True))] = type_row
    assert set(shown) == set(rows)
    for key, tr in shown.items():
        assert figures_of(tr, "nl") == [rows[key][column] for column in ON_PAGE], key


def test_the_line_chart_breaks_at_a_hidden_month_and_draws_no_text(february, pages, monkeypatch):
    monkeypatch.setattr("portal.statistics.views.utcnow", lambda: NOW)
    for delivered, count in ((datetime(2026, 11, 20, 9), 20), (datetime(2026, 12, 4, 9), 12),
                             (datetime(2027, 1, 8, 9), 5)):  # January: fewer than 10, so no mark
        for n in range(count):
            sent(february, message_type="besluit", delivered=delivered,
                 opened=delivered + timedelta(hours=2) if n % 2 else None)
    rollup(now=NOW, since=date(2026, 11, 1))
    keys = figures.recent(NOW)
    assert keys[0] == "2025-04" and keys[-1] == "2027-03" and len(keys) == 24
    found = figures.months(keys, now=NOW)
    uwv = [row for m in sorted(found) for row, _ in found[m].organisations if row.organisation.slug == "uwv"]
    chart = charts.trend_chart(keys, uwv)
    soon, unopened = chart.lines
    assert [[(p.month, p.percent) for p in segment] for segment in soon.segments] == [
        [("2026-11", 50)], [("2027-02", 29)]]  # December: 6 of 12 opened soon, fewer than 10: no mark either
    assert [(p.month, p.percent) for p in unopened.points] == [("2027-02", 47)]
    assert soon.points[0].x == chart._x(keys.index("2026-11")) and soon.points[0].y == chart._y(50)
    assert soon.path() == ""  # lone months: only their marks, no line between them
    assert chart.years == [chart._x(keys.index("2026-01")), chart._x(keys.index("2027-01"))]
    page = pages.get("/statistics/organisations/uwv?month=2027-02")
    plot = page.select_one("svg.line-chart__plot")
    assert len(plot.select("circle.marker--soon")) == 2 and len(plot.select("rect.marker--unopened")) == 1
    assert not plot.select("text") and not page.select("[style]")
    key = [li.get_text(" ", strip=True) for li in page.select(".line-key li")]
    assert key == ["Binnen 3 dagen geopend (doorgetrokken lijn, rondjes)",
                   "Niet geopend voor de uiterste datum (lijn met streepjes, vierkantjes)"]
    months = [tr.th.get_text(strip=True) for tr in page.select("table")[1].select("tbody tr")]
    assert months == ["november 2026", "december 2026", "januari 2027", "februari 2027"]  # the table beside it


def test_line_segments_join_shown_months_and_skip_hidden_ones():
    def row(month, delivered, soon):
        cells = {name: figures.Cell(0, figures.SMALL) for name in figures.PUBLISHED}
        cells["delivered"], cells["opened_soon"] = figures.Cell(delivered), figures.Cell(soon)
        if soon < figures.THRESHOLD:
            cells["opened_soon"].hidden = figures.SMALL
        return figures.Row(month, None, None, cells)

    months = ["2027-01", "2027-02", "2027-03", "2027-04", "2027-05"]
    chart = charts.trend_chart(months, [row("2027-01", 40, 20), row("2027-02", 40, 40), row("2027-03", 40, 3),
                                        row("2027-05", 40, 10)])
    soon, unopened = chart.lines
    assert [[p.month for p in segment] for segment in soon.segments] == [["2027-01", "2027-02"], ["2027-05"]]
    assert [p.percent for p in soon.points] == [50, 100, 25]
    assert soon.path() == f"M{chart._x(0):g},{chart._y(50):g} L{chart._x(1):g},{chart._y(100):g}"
    assert unopened.segments == [] and chart.years == [] and not chart.empty
    assert chart._y(100) == chart.pad


def test_the_pages_open_on_the_newest_whole_month(february, pages, monkeypatch):
    monkeypatch.setattr("portal.statistics.views.utcnow", lambda: NOW)  # 15 March 2027
    factories.create_message(organisation=february, message_type="besluit", delivered_at=NOW - timedelta(days=2))
    rollup(now=NOW, since=date(2027, 1, 1))
    assert figures.available_months() == ["2027-03", "2027-02"]
    for url in ("/statistics", "/statistics/organisations/uwv"):
        assert pages.get(url).select_one("#month option[selected]")["value"] == "2027-02", url
    assert figures.default_month(NOW, ["2027-03"]) == "2027-03"  # nothing older: the month that has begun
    assert figures.default_month(NOW, []) is None


def test_a_month_worked_out_once_is_worked_out_again_when_its_days_change(february):
    first = figures.month("2027-02", now=NOW)
    assert figures.month("2027-02", now=NOW) is first  # the same input: the audit is not run again
    factories.create_message(organisation=february, message_type="besluit", delivered_at=DELIVERED)
    assert figures.month("2027-02", now=NOW) is first  # nothing counted yet: the aggregate is as it was
    rollup(now=NOW, since=date(2027, 2, 1))
    again = figures.month("2027-02", now=NOW)
    assert again is not first and again.national.cells["delivered"].value == 71
    february.name_nl = "UWV (nieuw)"
    february.save()
    assert figures.month("2027-02", now=NOW).organisations[0][0].organisation.name_nl == "UWV (nieuw)"
