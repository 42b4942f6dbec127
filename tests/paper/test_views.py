"""One click for paper through the test client: without JavaScript (post/redirect/get) and with htmx (the
same panel swapped into its status region), the address step, cancelling, and the letter download."""

import io
from datetime import date, datetime

import pytest
from bs4 import BeautifulSoup
from freezegun import freeze_time
from pypdf import PdfReader

from portal.models import Event, Message
from portal.paper.models import PaperRequest
from portal.printing import services as printing
from tests import factories
from tests.pagecheck import check_page

HX = {"HX-Request": "true"}


@pytest.fixture
def anna(logged_in, citizen):
    factories.give_postal_address(citizen)
    return logged_in, citizen


def text(soup_or_el) -> str:
    return " ".join(soup_or_el.get_text(" ").split())


def test_one_click_on_the_message_page_confirms_address_and_arrival_with_a_cancel_button(anna):
    pages, citizen = anna
    with freeze_time("2027-04-23 10:00:00"):  # Friday before King's Day week
        pages.login(citizen.account.email)
        message = factories.create_message(recipient=citizen)
        soup = pages.get(f"/inbox/{message.public_id}")
        form = soup.select_one(f"#paper-{message.public_id} form")
        assert form["action"] == f"/paper/{message.public_id}/request" and form["method"] == "post"
        assert form.find("button").get_text() == "Stuur mij dit per post"
        response = pages.post(form["action"], {"seen": "0", "view": "page"})
        assert response.status_code == 303 and response.location == f"/paper/{message.public_id}"
        soup = pages.get(response.location)
    assert "We sturen deze brief per post naar u." in text(soup.find(class_="notification"))
    panel = text(soup.find(id=f"paper-{message.public_id}"))
    assert "maandag 26 april 2027" in panel and "donderdag 29 april 2027" in panel  # posted, arrives by
    assert "Dorpsstraat 12A, 1234 AB Ons Dorp" in panel
    assert soup.select_one(f"#paper-{message.public_id} form")["action"] == f"/paper/{message.public_id}/cancel"
    assert PaperRequest.get().requested_by == "citizen"


def test_a_double_submit_makes_one_request_and_says_it_is_on_its_way(anna):
    pages, citizen = anna
    message = factories.create_message(recipient=citizen)
    for _ in range(2):
        response = pages.post(f"/paper/{message.public_id}/request", {"seen": "0"})
    soup = pages.get(response.location)
    assert "Deze brief is al onderweg naar u. Er is niets veranderd." in text(soup.find(class_="notification"))
    assert PaperRequest.select().count() == 1


def test_the_inbox_row_has_the_button_and_shows_the_status_after_the_click(anna):
    pages, citizen = anna
    message = factories.create_message(recipient=citizen, subject="Uw aanslag")
    row = pages.get("/inbox/").select_one(f"#paper-row-{message.public_id}")
    assert row["role"] == "status" and row["data-hx-target"] == "this"
    button = row.find("button")
    assert text(button) == "Stuur mij dit per post : Uw aanslag"  # the subject is visually hidden
    pages.post(row.form["action"], {"seen": row.find("input", attrs={"name": "seen"})["value"], "view": "row"})
    row = pages.get("/inbox/").select_one(f"#paper-row-{message.public_id}")
    assert "Per post: we versturen hem op" in text(row) and "Annuleer de papieren brief" in text(row)


def test_htmx_gets_the_same_panel_for_its_status_region_with_vary(anna):
    pages, citizen = anna
    message = factories.create_message(recipient=citizen)
    response = pages.post(f"/paper/{message.public_id}/request", {"seen": "0", "view": "row"}, headers=HX)
    assert response.status_code == 200 and response.headers["Vary"] == "HX-Request, Cookie"
    html = response.get_data(as_text=True)
    assert "<html" not in html and "<h1" not in html
    fragment = BeautifulSoup(html, "html.parser")
    assert text(fragment.find(class_="paper-panel__notice")) == "We sturen deze brief per post naar u."
    assert fragment.find(class_="paper-panel__notice").has_attr("autofocus")
    # The same partial renders the region in the full page (without the notice): the rest matches.
    page_region = pages.get("/inbox/").select_one(f"#paper-row-{message.public_id}")
    fragment.find(class_="paper-panel__notice").decompose()
    assert text(fragment) == text(page_region)
    again = pages.post(f"/paper/{message.public_id}/request", {"seen": "0", "view": "row"}, headers=HX)
    assert "al onderweg" in again.get_data(as_text=True)
    # The paper page is the same for htmx and without it: no Vary on HX-Request.
    assert pages.client.get(f"/paper/{message.public_id}").headers["Vary"] == "Cookie"


def test_without_an_address_the_button_leads_to_the_address_form_then_the_request_is_made(logged_in, citizen):
    message = factories.create_message(recipient=citizen)
    soup = logged_in.get(f"/inbox/{message.public_id}")
    assert "eerst om uw postadres" in text(soup.find(id=f"paper-{message.public_id}"))
    response = logged_in.post(f"/paper/{message.public_id}/request", {"seen": "0"})
    assert response.location == f"/paper/{message.public_id}/address"
    htmx = logged_in.post(f"/paper/{message.public_id}/request", {"seen": "0"}, headers=HX)
    assert htmx.status_code == 200 and htmx.headers["HX-Redirect"] == f"/paper/{message.public_id}/address"
    form = logged_in.get(response.location)
    assert form.find(id="name")["value"] == "Anna de Vries"
    bad = logged_in.post(response.location, {"name": "Anna de Vries", "street": "Dorpsstraat", "house_number": "12",
                                              "postcode": "12345", "city": "Ons Dorp"})
    soup = check_page(bad.get_data(as_text=True))
    assert bad.status_code == 200 and soup.title.get_text().startswith("Fout:")
    assert soup.select_one(".error-summary a")["href"] == "#postcode"
    assert soup.find(id="postcode")["aria-invalid"] == "true"
    assert PaperRequest.select().count() == 0
    good = logged_in.post(response.location, {"name": "Anna de Vries", "street": "Dorpsstraat",
                                              "house_number": "12", "postcode": "1234ab", "city": "Ons Dorp"})
    assert good.location == f"/paper/{message.public_id}"
    assert PaperRequest.get().address_postcode == "1234 AB"
    panel = logged_in.get(good.location).find(id=f"paper-{message.public_id}")
    assert "Dorpsstraat 12, 1234 AB Ons Dorp" in text(panel)


def test_cancel_before_batching_works_and_after_batching_is_refused_with_a_clear_message(anna, tmp_path):
    pages, citizen = anna
    first, second = (factories.create_message(recipient=citizen) for _ in range(2))
    for message in (first, second):
        pages.post(f"/paper/{message.public_id}/request", {"seen": "0"})
    response = pages.post(f"/paper/{first.public_id}/cancel", {"view": "page"})
    soup = pages.get(response.location)
    assert "De papieren brief is geannuleerd." in text(soup.find(class_="notification"))
    assert soup.select_one(f"#paper-{first.public_id} form")["action"].endswith("/request")
    printing.claim_batch(tmp_path, now=datetime(2027, 3, 1, 9))
    refused = pages.post(f"/paper/{second.public_id}/cancel", {"view": "page"})
    soup = pages.get(refused.location)
    assert "De brief wordt al geprint. U kunt hem niet meer annuleren." in text(soup.find(class_="notification"))
    assert not soup.select(f"#paper-{second.public_id} form")
    htmx = pages.post(f"/paper/{second.public_id}/cancel", {"view": "row"}, headers=HX)
    assert htmx.status_code == 200 and "wordt al geprint" in htmx.get_data(as_text=True)
    assert PaperRequest.get(PaperRequest.message == second.id).status == "batched"


def test_a_posted_letter_shows_when_it_was_posted_and_offers_another_copy(anna, tmp_path):
    pages, citizen = anna
    message = factories.create_message(recipient=citizen)
    pages.post(f"/paper/{message.public_id}/request", {"seen": "0"})
    PaperRequest.update(status="posted", posted_at=datetime(2027, 3, 2, 15)).execute()
    soup = pages.get(f"/paper/{message.public_id}")
    panel = text(soup.find(id=f"paper-{message.public_id}"))
    assert "Per post verstuurd op dinsdag 2 maart 2027" in panel and "donderdag 4 maart 2027" in panel
    assert pages.post(f"/paper/{message.public_id}/request", {"seen": "0"}).status_code == 303  # a replay
    assert PaperRequest.select().count() == 1
    seen = soup.select_one(f"#paper-{message.public_id} input[name=seen]")["value"]
    pages.post(f"/paper/{message.public_id}/request", {"seen": seen})
    assert PaperRequest.select().count() == 2


def test_another_persons_message_answers_404(anna):
    pages, _ = anna
    other = factories.create_message()
    assert pages.post(f"/paper/{other.public_id}/request", {"seen": "0"}).status_code == 404
    assert pages.post(f"/paper/{other.public_id}/cancel").status_code == 404
    assert pages.client.get(f"/paper/{other.public_id}").status_code == 404
    assert pages.client.get(f"/paper/{other.public_id}/letter.pdf").status_code == 404
    assert PaperRequest.select().count() == 0


def test_test_messages_have_no_paper_button_and_refuse_requests(anna):
    pages, citizen = anna
    message = factories.create_message(recipient=citizen)
    Message.update(is_test=True).execute()
    assert pages.post(f"/paper/{message.public_id}/request", {"seen": "0"}).status_code == 404


def test_paper_for_good_shows_why_and_offers_no_cancel_for_a_senders_request(anna):
    from portal.paper import api_link

    pages, citizen = anna
    message = factories.create_message(recipient=citizen)
    api_link.request_by_sender(message, now=message.delivered_at)
    panel = text(pages.get(f"/paper/{message.public_id}").find(id=f"paper-{message.public_id}"))
    assert "heeft besloten deze brief op papier te sturen" in panel and "Annuleer" not in panel


@pytest.mark.parametrize("language", ["nl", "en"])
def test_download_as_pdf_is_the_tagged_letter_in_the_page_language(anna, language):
    pages, citizen = anna
    pages.post("/language", {"language": language})
    message = factories.create_message(recipient=citizen, deadline=date(2030, 1, 1))
    link = pages.get(f"/inbox/{message.public_id}").find("a", string="Download as PDF" if language == "en"
                                                            else "Download als pdf")
    response = pages.client.get(link["href"])
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(response.data))
    catalog = reader.trailer["/Root"]
    assert catalog["/Lang"] == language and catalog["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in catalog
    first = reader.pages[0].extract_text()
    assert "Anna de Vries" in first and ("Your tax assessment" if language == "en" else "Uw aanslag") in first
    assert Event.select().where(Event.message == message, Event.kind == "read").count() == 2  # page + PDF
