"""The demo's Toeslagen letter, due "vóór vrijdag 4 december", asked for on paper on Tuesday 1 December: it can
arrive on Friday at the latest, after the last day to act (Thursday). The citizen is told before the click (inbox
row, message page) and after it (without JavaScript and with htmx), with the sender's phone number and website;
the sender sees a `paper_late` event in the API and on the dashboard. Letters in time get no warning."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from freezegun import freeze_time

from portal import demo
from portal.api import keys
from portal.clock import utcnow
from portal.models import Event, Message, Organisation
from portal.paper import services as paper
from portal.paper.models import PaperRequest, PrintBatch
from portal.printing import services as printing
from tests import factories
from tests.conftest import seed_demo

NOW = "2026-12-01 09:00:00"  # Tuesday 10:00 in the Netherlands
HX = {"HX-Request": "true"}


def text(soup_or_el) -> str:
    return " ".join(soup_or_el.get_text(" ").split())


@pytest.fixture
def toeslagen_letter(app, pages):
    with freeze_time(NOW):
        seed_demo(utcnow())
        pages.login(demo.CITIZENS[0][0], demo.DEFAULT_PASSWORD)
    message = Message.get(Message.message_type == "informatie-nodig")
    assert message.deadline == date(2026, 12, 4)
    return message


def test_the_inbox_row_warns_before_the_click_with_the_senders_phone(pages, toeslagen_letter):
    with freeze_time(NOW):
        row = pages.get("/inbox/").select_one(f"#paper-row-{toeslagen_letter.public_id}")
    warning = text(row.find(class_="paper-late"))
    assert "Per post komt deze brief te laat." in warning
    assert "uiterlijk vrijdag 4 december 2026" in warning and "donderdag 3 december 2026" in warning
    assert "bel Dienst Toeslagen: 0800 0543" in warning
    assert row.find(class_="paper-late").find_next("form")["action"].endswith("/request")  # warned, then the button


def test_the_message_page_warns_before_the_click_with_phone_and_website(pages, toeslagen_letter):
    with freeze_time(NOW):
        panel = pages.get(f"/inbox/{toeslagen_letter.public_id}").select_one(f"#paper-{toeslagen_letter.public_id}")
    warning = panel.find(class_="paper-late")
    assert "De laatste dag om iets te doen is donderdag 3 december 2026." in text(warning)
    assert "Regel het nu online, of bel Dienst Toeslagen: 0800 0543." in text(warning)
    assert warning.find("a")["href"] == "https://www.toeslagen.nl"


def test_after_the_click_without_javascript_the_paper_page_says_it_may_be_too_late(pages, toeslagen_letter):
    with freeze_time(NOW):
        response = pages.post(f"/paper/{toeslagen_letter.public_id}/request", {"seen": "0", "view": "page"})
        soup = pages.get(response.location)
    assert "Hij komt misschien te laat: lees hieronder wat u kunt doen." in text(soup.find(class_="notification"))
    panel = text(soup.find(id=f"paper-{toeslagen_letter.public_id}"))
    assert "U krijgt hem uiterlijk vrijdag 4 december 2026." in panel  # the promise we can keep ...
    assert "Dat is misschien te laat: de laatste dag om iets te doen is donderdag 3 december 2026." in panel
    assert "0800 0543" in panel  # ... and what to do instead


def test_after_the_click_htmx_swaps_in_the_same_warning_in_english(pages, toeslagen_letter):
    with freeze_time(NOW):
        pages.post("/language", {"language": "en"})
        response = pages.post(f"/paper/{toeslagen_letter.public_id}/request", {"seen": "0", "view": "row"},
                              headers=HX)
    html = response.get_data(as_text=True)
    assert "It may arrive too late: read below what you can do." in html
    assert "That may be too late: the last day to act is Thursday 3 December 2026." in html
    assert "Do it online now, or call Benefits Agency on 0800 0543." in html


def test_the_sender_sees_a_paper_late_event_in_the_api_and_on_the_dashboard(app, pages, client, toeslagen_letter):
    organisation = Organisation.get(Organisation.slug == "toeslagen")
    with freeze_time(NOW):
        pages.post(f"/paper/{toeslagen_letter.public_id}/request", {"seen": "0"})
        pages.logout()
        secret = keys.create_key(org_slug="toeslagen", kind="live", name="t", now=utcnow()).secret
        answer = client.get(f"/api/v1/messages/{toeslagen_letter.public_id}",
                            headers={"Authorization": f"Bearer {secret}"})
        staff = factories.create_sender_user(organisation=organisation)
        pages.login(staff.account.email)
        dashboard = pages.get("/senders/")
    assert "paper_late" in [event["kind"] for event in answer.get_json()["events"]]
    assert Event.get(Event.kind == "paper_late").detail == "2026-12-04"
    section = text(dashboard.find(id="paper-late-title").parent)
    assert toeslagen_letter.reference in section
    assert "uiterlijk vrijdag 4 december 2026 aan, en de laatste dag om iets te doen is donderdag 3 december" in section


def test_a_letter_with_time_enough_gets_no_warning_and_no_event(pages, citizen):
    factories.give_postal_address(citizen)
    logged_in = pages
    with freeze_time(NOW):
        pages.login(citizen.account.email)
        message = factories.create_message(recipient=citizen, deadline=date(2026, 12, 8))  # last day Monday 7
        soup = logged_in.get(f"/inbox/{message.public_id}")
        assert soup.find(class_="paper-late") is None
        response = logged_in.post(f"/paper/{message.public_id}/request", {"seen": "0"})
        page = logged_in.get(response.location)
    assert page.find(class_="paper-late") is None and "vrijdag 4 december 2026" in text(page)
    assert not Event.select().where(Event.kind == "paper_late").exists()


def test_a_letter_posted_later_than_planned_tells_the_sender_once(app, citizen, tmp_path):
    factories.give_postal_address(citizen)
    with app.app_context():
        with freeze_time("2026-11-30 09:00:00"):  # Monday: posted Tuesday, arrives Thursday 3: in time
            message = factories.create_message(recipient=citizen, deadline=date(2026, 12, 5))  # last day Friday 4
            paper.request_paper_copy(message, requested_by="citizen", actor=None, now=utcnow(), reason="button")
        assert not Event.select().where(Event.kind == "paper_late").exists()
        with freeze_time("2026-12-02 09:00:00"):  # the batch went out a day late: arrives Friday 4
            batch = printing.claim_batch(tmp_path, now=utcnow())
            PrintBatch.update(status="ready").where(PrintBatch.id == batch.id).execute()  # printed: not this test's
            printing.mark_posted(batch.id, now=utcnow())
            printing.mark_posted(batch.id, now=utcnow())
    (event,) = Event.select().where(Event.kind == "paper_late")
    assert event.detail == "2026-12-04" and event.at == datetime(2026, 12, 2, 9)
    assert PaperRequest.get().status == "posted"


def test_an_overdue_letter_says_the_last_day_was_not_is(pages, toeslagen_letter):
    fine = Message.get(Message.message_type == "verkeersboete", Message.done_at.is_null())
    with freeze_time(NOW):
        panel = pages.get(f"/inbox/{fine.public_id}").select_one(f"#paper-{fine.public_id}")
    assert "De laatste dag om iets te doen was vrijdag 27 november 2026." in text(panel.find(class_="paper-late"))


def test_the_sender_is_warned_before_and_after_sending_a_late_letter_on_paper(pages, citizen):
    """The unopened list warns on the row whose paper copy would come too late, not on the one in time, and the
    confirmation after the click says so again."""
    factories.give_postal_address(citizen)
    organisation = factories.create_organisation(slug="belastingdienst-late")
    with freeze_time(NOW):
        late = factories.create_message(recipient=citizen, organisation=organisation, deadline=date(2026, 12, 4))
        in_time = factories.create_message(recipient=citizen, organisation=organisation, deadline=date(2026, 12, 8))
        for message, reference in ((late, "LATE-1"), (in_time, "TIME-1")):
            Message.update(reference=reference).where(Message.id == message.id).execute()
        staff = factories.create_sender_user(organisation=organisation)
        pages.login(staff.account.email)
        rows = {row.th.get_text(strip=True): row for row in pages.get("/senders/unopened").select("tbody tr")}
        assert rows["TIME-1"].find(class_="paper-late") is None
        warning = text(rows["LATE-1"].find(class_="paper-late"))
        assert "uiterlijk vrijdag 4 december 2026" in warning and "donderdag 3 december 2026" in warning
        response = pages.post(f"/senders/messages/{late.public_id}/paper")
        after = text(pages.get(response.location).find("main"))
        pages.post(f"/senders/messages/{in_time.public_id}/paper")
    assert "LATE-1" in after and "donderdag 3 december 2026" in after and "neem ook contact op" in after.lower()
    assert PaperRequest.select().count() == 2
