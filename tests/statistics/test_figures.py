"""The public statistics from a known set of messages: the roll-up, the privacy rule, the page, CSV and JSON."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timedelta
from fractions import Fraction

import pytest
from hypothesis import Phase, example, given, settings
from hypothesis import strategies as st

from portal.config import PORTAL_SENDER_SLUG
from portal.models import Message
from portal.paper.models import PaperRequest
from portal.statistics import figures
from portal.statistics.figures import COMPLEMENT, SMALL
from portal.statistics.models import StatisticsDay
from portal.statistics.rollup import rollup
from tests import factories
from tests.budget import examples

NOW = datetime(2027, 3, 15, 12, 0)
S, H = SMALL, COMPLEMENT


def sent(org, *, message_type, delivered, opened=None, deadline=None, test=False):
    message = factories.create_message(organisation=org, message_type=message_type, delivered_at=delivered,
                                       deadline=deadline)
    Message.update(first_opened_at=opened, is_test=test).where(Message.id == message.id).execute()
    return message


@pytest.fixture
def known(app):
    """January 2027: the tax office sends 12 assessments (10 opened after an hour, all with a deadline) and 9
    reminders; the municipality 10 passes late on 31 January, Dutch time, and one just after midnight (February).
    Test messages, opened and on paper, are mixed in and must not count."""
    tax = factories.create_organisation(slug="belastingdienst", name_nl="Belastingdienst", name_en="Tax office")
    town = factories.create_organisation(slug="gemeente", name_nl="Gemeente Utrecht", name_en="Utrecht")
    at = datetime(2027, 1, 10, 9, 0)
    for i in range(12):
        sent(tax, message_type="aanslag", delivered=at, opened=at + timedelta(hours=1) if i < 10 else None,
             deadline=datetime(2027, 1, 20).date())
    for _ in range(9):
        sent(tax, message_type="herinnering", delivered=at)
    for _ in range(5):
        test = sent(tax, message_type="aanslag", delivered=at, opened=at + timedelta(minutes=5), test=True)
        _paper(test, "sender", at)
    for _ in range(10):
        sent(town, message_type="pas", delivered=datetime(2027, 1, 31, 22, 30))  # 23:30 on 31 January in Dutch time
    sent(town, message_type="pas", delivered=datetime(2027, 1, 31, 23, 30))  # 00:30 on 1 February
    rollup(now=NOW, since=datetime(2026, 12, 1).date())
    return tax, town


def _paper(message, requested_by, at, status="requested"):
    citizen = message.recipient
    return PaperRequest.create(message=message, citizen=citizen, requested_by=requested_by, requested_at=at,
                               status=status, address_name="A", address_street="B", address_house_number="1",
                               address_postcode="1234 AB", address_city="C")


COLUMNS = ["delivered", "opened_soon", "with_deadline", "opened_before_deadline", "deadline_passed",
           "unopened_at_deadline", "paper_total", "paper_citizen", "paper_helper", "paper_sender", "paper_policy",
           "paper_safety_net", "median_time_to_open"]
# (organisation, message type) → the published cells of January 2027, worked out by hand.
JANUARY = {
    ("", ""): [31, 10, 12, 10, 12, S, S, S, S, S, S, S, "open_1h"],
    ("belastingdienst", ""): [21, H, H, H, H, S, S, S, S, S, S, S, "open_1h"],
    ("belastingdienst", "aanslag"): [H, 10, 12, 10, 12, S, S, S, S, S, S, S, ""],
    ("belastingdienst", "herinnering"): [S, S, S, S, S, S, S, S, S, S, S, S, ""],
    ("gemeente", ""): [10, S, S, S, S, S, S, S, S, S, S, S, ""],
    ("gemeente", "pas"): [10, S, S, S, S, S, S, S, S, S, S, S, ""],
}


def _csv_rows(client, month="2027-01"):
    text = client.get(f"/statistics/data.csv?month={month}").get_data(as_text=True)
    return list(csv.DictReader(io.StringIO(text)))


def test_csv_has_every_cell_of_the_known_month_with_small_and_complementary_cells_hidden(known, client):
    rows = _csv_rows(client)
    got = {(row["organisation"], row["message_type"]): [row[c] for c in COLUMNS] for row in rows}
    assert got == {key: [str(value) for value in cells] for key, cells in JANUARY.items()}
    assert list(got) == list(JANUARY)  # the country, then each organisation (by name) and its types


def test_json_has_the_same_cells_as_the_csv(known, client):
    body = client.get("/statistics/data.json?month=2027-01").get_json()
    assert body["licence"] == "CC0-1.0"
    got = {(row["organisation"], row["message_type"]): [row[c] for c in COLUMNS] for row in body["rows"]}
    assert got == JANUARY


def test_a_letter_delivered_after_midnight_dutch_time_counts_in_the_next_month(known, client):
    february = {(row["organisation"], row["message_type"]): row for row in _csv_rows(client, "2027-02")}
    assert february[("gemeente", "pas")]["delivered"] == S  # one letter: fewer than 10
    days = {row.day.isoformat() for row in StatisticsDay.select()}
    assert days == {"2027-01-10", "2027-01-31", "2027-02-01"}


def test_page_shows_the_cells_of_the_csv(known, pages):
    soup = pages.get("/statistics?month=2027-01")
    national = [td.get_text(" ", strip=True) for td in soup.select("table")[0].select("tbody td")]
    assert national[0] == "31"
    assert national[1].startswith("10 (32")  # 10 of 31 opened within 3 days
    assert national[2].startswith("10 (83") and national[2].endswith("of 12".replace("of", "van"))
    assert national[3].startswith("minder dan 10") and national[3].endswith("van 12")
    organisations = soup.select("table")[1].select("tbody tr")
    tax = [td.get_text(" ", strip=True) for td in organisations[0].select("td")]
    assert organisations[0].th.get_text(strip=True) == "Belastingdienst"
    assert tax[0] == "21" and tax[1] == "verborgen" and tax[5] == "binnen 1 uur"
    town = [td.get_text(" ", strip=True) for td in organisations[1].select("td")]
    assert town[0] == "10" and town[1] == "minder dan 10"
    page = pages.get("/statistics/organisations/belastingdienst?month=2027-01")
    types = {tr.th.get_text(strip=True): [td.get_text(" ", strip=True) for td in tr.select("td")]
             for tr in page.select("table")[0].select("tbody tr")}
    assert types["aanslag"][0] == "verborgen" and types["herinnering"][0] == "minder dan 10"


def test_the_page_links_from_the_footer_and_works_in_english(known, pages, client):
    soup = pages.get("/help")
    assert soup.find("footer").find("a", href="/statistics")
    client.set_cookie("language", "en")
    en = client.get("/statistics?month=2027-01", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "fewer than 10" in en or "minder dan 10" in en


def test_a_statistics_page_is_rendered_once_and_every_change_shows_on_the_next_request(known, pages, client):
    """The content of /statistics and of an organisation's page is kept per process (views._kept): a second visit
    renders only the layout around it, the same bytes; a roll-up, a renamed organisation and another language
    each show on the very next request."""
    from flask import template_rendered

    urls = ("/statistics?month=2027-01", "/statistics/organisations/belastingdienst?month=2027-01")
    rendered = []

    def seen(_sender, template, context, **_extra):
        rendered.append(template.name)

    with template_rendered.connected_to(seen, client.application):
        first = [client.get(url).get_data(as_text=True) for url in urls]
        assert {"statistics/_index.html", "statistics/_organisation.html"} <= set(rendered)
        rendered.clear()
        assert [client.get(url).get_data(as_text=True) for url in urls] == first
        assert rendered == ["statistics/index.html", "statistics/organisation.html"]
    tax, _town = known
    sent(tax, message_type="herinnering", delivered=datetime(2027, 1, 11, 9, 0))
    rollup(now=NOW, since=datetime(2027, 1, 1).date())
    national = pages.get(urls[0]).select("table")[0].select("tbody td")
    assert national[0].get_text(strip=True) == "32"
    tax.name_nl = "Belastingdienst Nederland"
    tax.save()
    assert all("Belastingdienst Nederland" in client.get(url).get_data(as_text=True) for url in urls)
    english = {"Accept-Language": "en"}
    assert pages.get(urls[1], headers=english).h1.get_text(strip=True) == "Open statistics of Tax office"
    rows = pages.get(urls[0], headers=english).select("table")[1].select("tbody tr")
    assert rows[0].th.get_text(strip=True) == "Tax office"


def test_rollup_twice_gives_the_same_table(known):
    def table():  # every row's figures; not its id, which a rewritten day gets anew (PostgreSQL's sequence)
        return sorted(tuple(sorted((k, v) for k, v in row.items() if k != "id"))
                      for row in StatisticsDay.select().dicts())

    first = table()
    rollup(now=NOW, since=datetime(2026, 12, 1).date())
    rollup(now=NOW, since=datetime(2026, 12, 1).date())
    assert table() == first


def test_an_opening_after_midnight_lands_on_the_day_the_letter_came(app):
    org = factories.create_organisation(slug="cjib")
    letter = sent(org, message_type="boete", delivered=datetime(2027, 2, 10, 22, 30))  # 23:30 Dutch time
    rollup(now=datetime(2027, 2, 10, 23, 10))
    assert StatisticsDay.get().opened_soon == 0
    Message.update(first_opened_at=datetime(2027, 2, 10, 23, 20)).where(Message.id == letter.id).execute()
    rollup(now=datetime(2027, 2, 11, 2, 0))
    row = StatisticsDay.get()
    assert (row.day.isoformat(), row.opened_soon, row.open_1h, StatisticsDay.select().count()) == (
        "2027-02-10", 1, 1, 1)


def test_the_portals_own_letters_are_no_government_mail_and_do_not_count(app):
    """The safety net's explanation letter comes from the portal itself (portal.config.PORTAL_SENDER_SLUG)."""
    portal = factories.create_organisation(slug=PORTAL_SENDER_SLUG, name_nl="Overheidspost")
    cjib = factories.create_organisation(slug="cjib")
    sent(portal, message_type="paper-for-everything", delivered=datetime(2027, 2, 10, 9, 0))
    sent(cjib, message_type="boete", delivered=datetime(2027, 2, 10, 9, 0))
    rollup(now=datetime(2027, 2, 11, 2, 0))
    assert [(row.organisation_id, row.delivered) for row in StatisticsDay.select()] == [(cjib.id, 1)]


def test_paper_counts_by_who_asked_first_and_not_cancelled(app):
    org = factories.create_organisation(slug="uwv")
    at = datetime(2027, 1, 5, 9, 0)
    for who in ["citizen"] * 10 + ["helper"] * 3 + ["safety_net"] * 2:
        _paper(sent(org, message_type="besluit", delivered=at), who, at)
    _paper(sent(org, message_type="besluit", delivered=at), "policy", at, status="cancelled")
    second = sent(org, message_type="besluit", delivered=at)  # the safety net first, then the citizen
    _paper(second, "safety_net", at, status="posted")
    _paper(second, "citizen", at + timedelta(days=1))
    rollup(now=NOW, since=datetime(2027, 1, 1).date())
    row = StatisticsDay.get()
    assert (row.delivered, row.paper_citizen, row.paper_helper, row.paper_policy, row.paper_safety_net) == (
        17, 10, 3, 0, 3)
    month = figures.month("2027-01", now=NOW)
    cells = month.organisations[0][0].cells
    # 16 in total and 10 by the citizen are shown; helper, sender, policy and safety net (3, 0, 0, 3) hidden.
    assert [cells[c].shown for c in ("paper_total", "paper_citizen", "paper_helper", "paper_sender",
                                     "paper_policy", "paper_safety_net")] == [16, 10, None, None, None, None]


# Suppression as a property: whatever the counts, no hidden cell follows from the shown ones by adding and
# subtracting along the published sums (a hidden cell is determined exactly when its unit vector lies in the
# span of the sums' equations over the hidden cells).

def _reduced_rows(rows: list[list[Fraction]]) -> list[list[Fraction]]:
    """Dense Gauss-Jordan elimination (on purpose not the sparse code under test): the reduced rows."""
    rows = [list(row) for row in rows]
    rank, width = 0, len(rows[0]) if rows else 0
    for column in range(width):
        pivot = next((i for i in range(rank, len(rows)) if rows[i][column] != 0), None)
        if pivot is None:
            continue
        rows[rank], rows[pivot] = rows[pivot], rows[rank]
        rows[rank] = [value / rows[rank][column] for value in rows[rank]]
        for i in range(len(rows)):
            if i != rank and rows[i][column] != 0:
                factor = rows[i][column]
                rows[i] = [a - factor * b for a, b in zip(rows[i], rows[rank], strict=True)]
        rank += 1
    return rows[:rank]


def derivable(month) -> list:
    """The hidden cells whose unit vector lies in the span of the sums' equations over the hidden cells: in the
    reduced form exactly the rows with one non-zero entry."""
    groups = figures._groups(month)
    hidden = list({id(c): c for total, parts in groups for c in (total, *parts) if c.hidden}.values())
    index = {id(c): i for i, c in enumerate(hidden)}
    equations = []
    for total, parts in groups:
        row = [Fraction(0)] * len(hidden)
        for cell, sign in [(total, 1)] + [(p, -1) for p in parts]:
            if cell.hidden:
                row[index[id(cell)]] += sign
        if any(row):
            equations.append(row)
    found = []
    for row in _reduced_rows(equations):
        nonzero = [i for i, value in enumerate(row) if value != 0]
        if len(nonzero) == 1:
            found.append(hidden[nonzero[0]])
    return found


def _counts(**paper) -> dict:
    return {"delivered": 0, "opened_soon": 0, **{f"paper_{who}": paper.get(who, 0)
                                                 for who in ("citizen", "helper", "sender", "policy",
                                                             "safety_net")}}


counts = st.integers(min_value=0, max_value=40)
type_counts = st.fixed_dictionaries({name: counts for name in ("delivered", "opened_soon", "paper_citizen",
                                                               "paper_helper", "paper_sender", "paper_policy",
                                                               "paper_safety_net")})


@settings(max_examples=examples(60), deadline=None, phases=[Phase.explicit, Phase.generate])
@given(st.lists(st.lists(type_counts, min_size=1, max_size=4), min_size=1, max_size=4))
# Found by hypothesis against the per-sum rule alone: one organisation's four types, where the paper copies by
# asker per type and per organisation let a hidden figure be solved. The exact audit (figures.determined) is
# what keeps it hidden.
@example([[_counts(citizen=10, sender=10, policy=1), _counts(citizen=10, helper=1, sender=1),
           _counts(citizen=10, helper=10, policy=10), _counts(citizen=10, helper=10, policy=10)]])
def test_no_hidden_cell_can_be_worked_out_by_subtraction(organisations):
    from portal.models import Organisation

    parts, country = [], {}
    for n, types in enumerate(organisations):
        org = Organisation(id=n + 1, slug=f"o{n}", name_nl=f"O{n}", name_en=f"O{n}")
        org_sum = {}
        for counted in types:
            figures._add(org_sum, counted)
        figures._add(country, org_sum)
        parts.append((figures._row("2027-01", org, None, org_sum),
                      [figures._row("2027-01", org, f"t{i}", c) for i, c in enumerate(types)]))
    month = figures.Month("2027-01", True, figures._row("2027-01", None, None, country), parts)
    figures.suppress(month)
    for row in month.rows():
        for cell in row.cells.values():
            assert (cell.value < figures.THRESHOLD) <= bool(cell.hidden)
    assert derivable(month) == []


def test_datapackage_describes_the_csv_and_validates(known, client, tmp_path):
    from frictionless import Package

    (tmp_path / "data.csv").write_bytes(client.get("/statistics/data.csv").get_data())
    (tmp_path / "datapackage.json").write_bytes(client.get("/statistics/datapackage.json").get_data())
    descriptor = json.loads((tmp_path / "datapackage.json").read_text())
    assert descriptor["licenses"][0]["name"] == "CC0-1.0"
    report = Package(str(tmp_path / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_statistics_pages_fit_in_14_kb_compressed_with_their_css(known, client):
    import gzip
    import re

    for url in ("/statistics?month=2027-01", "/statistics/organisations/belastingdienst?month=2027-01"):
        html = client.get(url).get_data()
        css_url = re.search(rb'href="(/static/portal\.css[^"]*)"', html).group(1).decode()
        css = client.get(css_url).get_data()
        total = len(gzip.compress(html, 9)) + len(gzip.compress(css, 9))
        assert total <= 14 * 1024, (url, total)


def test_the_national_page_stays_within_14_kb_compressed_at_100_organisations(app, client):
    """One line per organisation: 140 KB of HTML at 100 of them, but rows of the same shape compress well."""
    import gzip
    import re

    from portal.statistics.rollup import COLUMNS

    rows = []
    for i in range(100):
        org = factories.create_organisation(slug=f"org{i}", name_nl=f"Gemeente {i}", name_en=f"Municipality {i}")
        for t in range(5):
            delivered = 10 + (i * 37 + t * 11) % 400
            rows.append({**dict.fromkeys(COLUMNS, 0), "organisation": org.id, "message_type": f"type-{t}",
                         "day": datetime(2027, 1, 10).date(), "month": "2027-01", "delivered": delivered,
                         "opened_soon": delivered * (i % 7 + 2) // 10, "with_deadline": delivered // 2,
                         "opened_before_deadline": delivered * (t + 1) // 12, "deadline_passed": delivered // 2,
                         "unopened_at_deadline": delivered // 2 - delivered * (t + 1) // 12,
                         "paper_citizen": (i * t) % 23, "paper_policy": (i + t) % 17})
    StatisticsDay.insert_many(rows).execute()
    html = client.get("/statistics?month=2027-01").get_data()
    assert html.count(b"/statistics/organisations/org") >= 100 and len(html) > 100_000
    css = client.get(re.search(rb'href="(/static/portal\.css[^"]*)"', html).group(1).decode()).get_data()
    assert len(gzip.compress(html, 9)) + len(gzip.compress(css, 9)) <= 14 * 1024


def test_open_data_answers_to_odd_months_and_unknown_organisations(known, client):
    assert client.get("/statistics/organisations/nobody").status_code == 404
    for month in ("2027-13", "9999-01", "x" * 500, "2027-1"):
        assert client.get(f"/statistics?month={month}").status_code == 200
        assert client.get(f"/statistics/data.csv?month={month}").status_code == 200


def test_rollup_command_back_fills_and_refuses_a_bad_date(app):
    from portal.clock import utcnow

    org = factories.create_organisation(slug="duo")
    sent(org, message_type="lening", delivered=utcnow() - timedelta(days=100))
    runner = app.test_cli_runner()
    done = runner.invoke(args=["portal", "statistics", "rollup"])  # the last two months only
    assert done.exit_code == 0 and StatisticsDay.select().count() == 0
    done = runner.invoke(args=["portal", "statistics", "rollup", "--since", "2020-01-01"])
    assert done.exit_code == 0 and "1 day row(s) written" in done.output
    assert StatisticsDay.get().delivered == 1
    assert runner.invoke(args=["portal", "statistics", "rollup", "--since", "31-01-2027"]).exit_code == 2
