"""The inbox and message pages through the test client, in Dutch and English."""

import gzip
import re
from datetime import date, datetime, timedelta
from io import BytesIO

import icalendar
import pytest
from flask_babel import force_locale
from freezegun import freeze_time
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from playhouse.test_utils import count_queries

from portal import deadlines
from portal.access import level_of
from portal.clock import utcnow
from portal.models import Event, Message
from tests import factories
from tests.budget import examples


@pytest.fixture
def inbox(logged_in, citizen):
    """Anna, logged in, with a few messages; returns (pages, citizen)."""
    return logged_in, citizen


def make_pdf(title="Bijlage") -> bytes:
    from portal.pdf import render_pdf

    return render_pdf(f'<!doctype html><html lang="nl"><head><title>{title}</title></head><body><p>x</p></body></html>')


@pytest.mark.parametrize("language", ["nl", "en"])
def test_empty_inbox_says_so_in_both_languages(inbox, language):
    pages, citizen = inbox
    pages.post("/language", {"language": language})
    soup = pages.get("/inbox/")
    assert soup.html["lang"] == language
    text = soup.find("main").get_text(" ")
    assert ("nog geen berichten" in text) if language == "nl" else ("no messages yet" in text)


def test_home_sends_a_citizen_to_the_inbox(inbox):
    pages, _ = inbox
    assert pages.client.get("/").location == "/inbox/"


def test_banners_show_every_open_deadline_overdue_first_with_words(inbox):
    pages, citizen = inbox
    with freeze_time("2027-01-12 10:00:00"):
        pages.login(citizen.account.email)  # the session from before would have expired in this frozen future
        for subject, deadline, kind in [("Later", date(2027, 2, 15), "respond"), ("Snel", date(2027, 1, 15), "pay"),
                                        ("Te laat", date(2027, 1, 5), "object")]:
            factories.create_message(recipient=citizen, subject=subject, deadline=deadline, deadline_kind=kind)
        soup = pages.get("/inbox/")
    items = soup.select(".deadline-list li")
    texts = [" ".join(li.get_text(" ").split()) for li in items]
    assert "Te laat" in texts[0] and "Maak bezwaar vóór dinsdag 5 januari 2027" in texts[0]
    assert "Betaal vóór vrijdag 15 januari 2027" in texts[1] and "Nog 3 dagen." in texts[1]
    assert "Reageer vóór maandag 15 februari 2027" in texts[2]
    assert soup.find("h2", id="deadlines-title").get_text() == "3 brieven met een uiterste datum"


def test_marking_done_removes_the_banner(inbox):
    pages, citizen = inbox
    deadline = utcnow().date() + timedelta(days=5)
    message = factories.create_message(recipient=citizen, subject="Betaal", deadline=deadline)
    assert pages.get("/inbox/").select(".deadline-list li")
    response = pages.post(f"/inbox/{message.public_id}/done", {"done": "1"})
    assert response.location == f"/inbox/{message.public_id}"
    soup = pages.get(response.location)
    assert "Gemarkeerd als gedaan" in soup.find(role="status").get_text()
    assert not pages.get("/inbox/").select(".deadline-list li")


def test_page_two_has_its_number_in_the_title_and_links_back(inbox):
    pages, citizen = inbox
    for i in range(27):
        factories.create_message(recipient=citizen, subject=f"Brief {i}")
    soup = pages.get("/inbox/?page=2")
    assert "pagina 2 van 2" in soup.title.get_text()
    assert len(soup.select(".message-list li")) == 2
    assert soup.find("a", rel="prev")["href"] == "/inbox/"
    pages.get("/inbox/?page=3", status=404)


def test_unread_is_said_in_words_and_sender_and_date_on_every_row(inbox):
    pages, citizen = inbox
    org = factories.create_organisation(name_nl="Dienst Toeslagen")
    with freeze_time("2027-01-12 10:00:00"):
        factories.create_message(recipient=citizen, organisation=org, subject="Voorschot")
    row = pages.get("/inbox/").select_one(".message-list li")  # delivered in the past, read now
    text = " ".join(row.get_text(" ").split())
    assert "Ongelezen" in text and "Dienst Toeslagen" in text and "dinsdag 12 januari 2027" in text


def test_search_without_results_says_so(inbox):
    pages, citizen = inbox
    factories.create_message(recipient=citizen, subject="Paspoort")
    soup = pages.get("/inbox/?q=zorgtoeslag")
    assert "0 berichten gevonden voor" in soup.find(id="inbox-status").get_text()
    assert "Geen berichten gevonden" in soup.find(id="inbox-results").get_text() or "geen berichten" in \
        soup.find(id="inbox-results").get_text().lower()


def test_htmx_gets_only_the_list_with_the_status_out_of_band(inbox):
    pages, citizen = inbox
    factories.create_message(recipient=citizen, subject="Paspoort")
    response = pages.client.get("/inbox/?q=pas", headers={"HX-Request": "true", "HX-Target": "inbox-results"})
    html = response.get_data(as_text=True)
    assert "<html" not in html and "Paspoort" in html and 'data-hx-swap-oob="true"' in html
    assert "HX-Request" in response.headers["Vary"]
    full = pages.client.get("/inbox/?q=pas")
    assert "<html" in full.get_data(as_text=True) and "HX-Request" in full.headers["Vary"]


def test_only_htmx_itself_gets_the_list_alone(inbox):
    pages, citizen = inbox
    factories.create_message(recipient=citizen, subject="Paspoort")
    # htmx sends "true"; another value, or a target without HX-Request, is a browser asking for the page.
    for headers in ({"HX-Request": "false", "HX-Target": "inbox-results"}, {"HX-Target": "inbox-results"},
                    {"HX-Request": "true", "HX-Target": "elsewhere"}):
        response = pages.client.get("/inbox/?q=pas", headers=headers)
        assert "<html" in response.get_data(as_text=True), headers
        assert response.headers["Vary"] == "HX-Request, Cookie"


def test_inbox_list_runs_a_fixed_number_of_queries(inbox):
    pages, citizen = inbox
    org = factories.create_organisation()

    def queries():
        with count_queries() as counter:
            assert pages.client.get("/inbox/").status_code == 200
        return counter.count

    factories.create_message(recipient=citizen, organisation=org, deadline=date(2030, 1, 1))
    queries()  # the first page after log-in also does once-per-session work (portal/followup/views.py)
    few = queries()
    for i in range(30):
        factories.create_message(recipient=citizen, organisation=org, deadline=date(2030, 1, 1) if i % 3 else None)
    assert queries() == few
    assert few <= 7
    # Senders the page's 25 rows do not show: the filter reads them with a query of its own, one, however many.
    for i in range(30):
        factories.create_message(recipient=citizen, organisation=factories.create_organisation(),
                                 delivered_at=datetime(2020, 1, 1) + timedelta(days=i))
    assert queries() == few + 1


def test_the_sender_filter_is_the_same_read_from_the_page_or_on_its_own(app):
    from portal.inbox import services

    citizen = factories.create_citizen()
    names = ["Zorgverzekeraar", "belastingdienst", "Åland", "DUO", "Gemeente Ämsterdam", "gemeente Utrecht"]
    orgs = [factories.create_organisation(name_nl=name) for name in names]
    for n, org in enumerate(orgs * 2):
        factories.create_message(recipient=citizen, organisation=org, delivered_at=datetime(2026, 1, 1, n))
    with factories.request_of(app, citizen.account, language="nl", path="/inbox/"):
        page = services.list_inbox(citizen, services.InboxQuery(), now=utcnow(), senders=True)
        assert sorted(page.sender_ids) == sorted(org.id for org in orgs)
        with count_queries() as counter:
            from_page = services.senders_of(citizen, page)
        assert counter.count == 0
        on_its_own = services.senders_of(citizen)
        assert [o.id for o in from_page] == [o.id for o in on_its_own]  # in the database's order of names
        assert [o.name_nl for o in from_page] != names  # not merely in the order they were made
        deleted = services.list_inbox(citizen, services.InboxQuery(filter="deleted"), now=utcnow(), senders=True)
        assert deleted.messages == [] and deleted.sender_ids is None  # no row to carry them: their own query
        assert services.senders_of(citizen, deleted) == on_its_own


def test_inbox_page_fits_in_14_kb_compressed_with_its_css(inbox):
    pages, citizen = inbox
    for i in range(25):
        factories.create_message(recipient=citizen, subject=f"Voorlopige aanslag inkomstenbelasting 2027 nr {i}",
                                 deadline=date(2030, 1, 1) if i < 3 else None)
    html = pages.client.get("/inbox/").get_data()
    css_url = re.search(rb'href="(/static/portal\.css[^"]*)"', html).group(1).decode()
    css = pages.client.get(css_url).get_data()
    total = len(gzip.compress(html, 9)) + len(gzip.compress(css, 9))
    assert total <= 14 * 1024, total


def test_message_page_shows_action_first_then_summary_and_records_the_opening(inbox):
    pages, citizen = inbox
    org = factories.create_organisation(name_nl="Belastingdienst")
    org.phone, org.website = "0800 0543", "https://www.belastingdienst.nl"
    org.save()
    message = factories.create_message(
        recipient=citizen, organisation=org, deadline=utcnow().date() + timedelta(days=10),
        body="Lees [de uitleg](https://www.belastingdienst.nl/uitleg).\n\n<script>alert(1)</script>",
        attachments=[("specificatie.pdf", make_pdf())],
    )
    soup = pages.get(f"/inbox/{message.public_id}")
    headings = [h.get_text() for h in soup.find("main").find_all("h2")]
    assert headings.index("Wat u moet doen") < headings.index("Samenvatting") < headings.index("De hele brief")
    body = soup.select_one(".letter__body")
    assert "(https://www.belastingdienst.nl/uitleg)" in body.get_text() and not body.find("script")
    assert "0800 0543" in soup.get_text()
    link = soup.find("a", string="specificatie.pdf")
    assert re.search(r"\(pdf, \d+ kB\)", link.parent.get_text())
    assert Message.get_by_id(message.id).first_opened_at is not None
    read = Event.get(Event.message == message, Event.kind == "read")
    assert read.actor_id == citizen.account.id and read.citizen_id == citizen.id


def test_english_page_says_when_there_is_no_english_text(inbox):
    pages, citizen = inbox
    pages.post("/language", {"language": "en"})
    message = factories.create_message(recipient=citizen, subject="Alleen Nederlands", subject_en=None)
    soup = pages.get(f"/inbox/{message.public_id}")
    assert "in Dutch only" in soup.get_text()
    assert soup.h1["lang"] == "nl"
    assert soup.find("div", lang="nl").find("h2", lang="en")
    english = factories.create_message(recipient=citizen)
    assert pages.get(f"/inbox/{english.public_id}").h1.get_text() == "Your tax assessment"


def test_attachment_download_is_logged_and_served_as_pdf(inbox):
    pages, citizen = inbox
    data = make_pdf()
    message = factories.create_message(recipient=citizen, attachments=[("brief.pdf", data)])
    attachment = message.attachments[0]
    response = pages.client.get(f"/inbox/{message.public_id}/attachments/{attachment.id}")
    assert response.data == data and response.mimetype == "application/pdf"
    assert "attachment" in response.headers["Content-Disposition"]
    assert Event.select().where(Event.kind == "attachment_read").count() == 1


def test_message_pdf_address_leads_to_the_tagged_letter_in_the_page_language(inbox):
    from pypdf import PdfReader

    pages, citizen = inbox
    message = factories.create_message(recipient=citizen, deadline=date(2030, 1, 1))
    for language, subject in (("nl", "Uw aanslag"), ("en", "Your tax assessment")):
        pages.post("/language", {"language": language})
        moved = pages.client.get(f"/inbox/{message.public_id}/pdf")
        assert moved.status_code == 301 and moved.location == f"/paper/{message.public_id}/letter.pdf"
        response = pages.client.get(moved.location)
        assert response.mimetype == "application/pdf"
        reader = PdfReader(BytesIO(response.data))
        root = reader.trailer["/Root"]
        assert root["/MarkInfo"]["/Marked"] and root["/Lang"] == language
        assert reader.metadata.title == subject
        assert subject in reader.pages[0].extract_text()


def test_calendar_file_for_the_deadline(inbox):
    pages, citizen = inbox
    message = factories.create_message(recipient=citizen, deadline=date(2027, 1, 15))
    response = pages.client.get(f"/inbox/{message.public_id}/deadline.ics")
    text = response.get_data(as_text=True)
    assert response.mimetype == "text/calendar"
    assert "DTSTART;VALUE=DATE:20270114" in text and "DTEND;VALUE=DATE:20270115" in text
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    no_deadline = factories.create_message(recipient=citizen)
    assert pages.client.get(f"/inbox/{no_deadline.public_id}/deadline.ics").status_code == 404


# Controls, CR, LF, commas, …; not NUL, which no stored text holds (every input refuses it, PostgreSQL too).
ANY_CHARACTER = st.characters(codec="utf-8", exclude_categories=("Cs",), exclude_characters="\x00")
SUBJECTS = st.text(alphabet=ANY_CHARACTER, min_size=1, max_size=200)  # the subject column's width
ACTIONS = st.text(alphabet=ANY_CHARACTER, min_size=1, max_size=300)


@settings(max_examples=examples(40), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(subject=SUBJECTS, action=ACTIONS)
@example(subject="Aanslag, 2027; deel\\1\rvolgende regel", action="Betaal \r\n€ 412;\nof bel, " + "lang " * 40)
def test_calendar_file_reads_back_as_the_texts_it_was_given(inbox, subject, action):
    pages, citizen = inbox
    message = factories.create_message(recipient=citizen, subject=subject, subject_en=None, deadline=date(2027, 1, 15))
    Message.update(action_nl=action).where(Message.id == message.id).execute()
    raw = pages.client.get(f"/inbox/{message.public_id}/deadline.ics").data
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))  # folded at 75 octets (RFC 5545 3.1)
    assert b"\n" not in raw.replace(b"\r\n", b"")  # no bare line break can end a property early
    event = icalendar.Calendar.from_ical(raw).walk("VEVENT")[0]

    def clean(text):  # what RFC 5545 TEXT can carry: line breaks as \n, no other control characters
        return re.sub(r"[\x00-\x08\x0b-\x1f\x7f]", "", text.replace("\r\n", "\n").replace("\r", "\n"))

    with pages.client.application.test_request_context(), force_locale("nl"):
        given = deadlines.calendar_description(Message.get_by_id(message.id), "nl")
    assert action in given and str(event["description"]) == clean(given)
    assert str(event["summary"]).endswith(clean(subject))
    assert event.decoded("dtstart") == date(2027, 1, 14) and event["dtstamp"].to_ical().endswith(b"Z")


def test_delete_goes_through_a_confirmation_page_and_can_be_undone(inbox):
    pages, citizen = inbox
    message = factories.create_message(recipient=citizen, subject="Weg ermee", deadline=date(2030, 1, 1))
    soup = pages.get(f"/inbox/{message.public_id}/delete")
    assert "Weg ermee" in soup.get_text() and "30 dagen" in soup.get_text()
    assert "niet gedaan" in soup.get_text()  # warns that the deadline still stands
    assert pages.post(f"/inbox/{message.public_id}/delete").location == "/inbox/"
    assert "Weg ermee" not in pages.get("/inbox/").find(id="inbox-results").get_text()
    deleted = pages.get("/inbox/?filter=deleted")
    assert "Weg ermee" in deleted.get_text()
    pages.post(f"/inbox/{message.public_id}/restore")
    assert "Weg ermee" in pages.get("/inbox/").find(id="inbox-results").get_text()


def test_archive_and_back(inbox):
    pages, citizen = inbox
    message = factories.create_message(recipient=citizen, subject="Archiveer mij")
    assert pages.post(f"/inbox/{message.public_id}/archive", {"archived": "1"}).location == "/inbox/?filter=archived"
    assert "Archiveer mij" in pages.get("/inbox/?filter=archived").find(id="inbox-results").get_text()
    assert "Archiveer mij" not in pages.get("/inbox/").find(id="inbox-results").get_text()
    pages.post(f"/inbox/{message.public_id}/archive", {"archived": "0"})
    assert "Archiveer mij" in pages.get("/inbox/").find(id="inbox-results").get_text()


def test_every_route_with_a_message_id_answers_404_for_another_citizens_message(app, inbox):
    pages, citizen = inbox
    theirs = factories.create_message(attachments=[("a.pdf", b"%PDF-1.4")], deadline=date(2030, 1, 1))
    attachment_id = theirs.attachments[0].id
    rules = [r for r in app.url_map.iter_rules() if "<public_id>" in r.rule and level_of(app, r.endpoint) == "citizen"]
    assert len(rules) >= 8
    for rule in rules:
        url = rule.rule.replace("<public_id>", theirs.public_id).replace("<int:attachment_id>", str(attachment_id))
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            response = pages.client.get(url) if method == "GET" else pages.post(url, {"done": "1", "archived": "1"})
            assert response.status_code == 404, (method, url)
    fresh = Message.get_by_id(theirs.id)
    assert (fresh.first_opened_at, fresh.done_at, fresh.archived_at, fresh.deleted_at) == (None,) * 4
