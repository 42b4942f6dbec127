"""One test per class of odd input that answered 500 (issue 14): each now gets a normal page or a clear 4xx.
The route fuzzer (tests/fuzz) sends the same classes everywhere; these pin each class to a route it broke."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from portal.helpers.models import Delegation
from portal.models import KeptForm
from portal.paper.models import PaperRequest
from tests import factories

BEYOND_64_BITS = "123456789012345678901234567890"


@pytest.fixture
def letter(citizen):
    factories.give_postal_address(citizen)
    return factories.create_message(recipient=citizen)


@pytest.fixture
def sender_pages(pages):
    pages.login(factories.create_sender_user().account.email)
    return pages


# Integers beyond 64 bits and digits that are not ASCII ----------------------------------------------------


@pytest.mark.parametrize("page", [BEYOND_64_BITS, "²", "١", "-1"])
def test_an_odd_page_number_shows_the_first_page(logged_in, letter, page):
    logged_in.get(f"/inbox/?page={page}")
    logged_in.get(f"/access-log/?page={page}")


def test_an_odd_page_number_for_unopened_messages_shows_the_first_page(sender_pages):
    for page in (BEYOND_64_BITS, "²"):
        sender_pages.get(f"/senders/unopened?page={page}")


def test_an_attachment_id_beyond_64_bits_is_not_found(logged_in, letter):
    logged_in.get(f"/inbox/{letter.public_id}/attachments/{BEYOND_64_BITS}", status=404)


@pytest.mark.parametrize("seen", ["²", BEYOND_64_BITS])
def test_a_paper_request_with_an_odd_seen_value_is_made(logged_in, letter, seen):
    response = logged_in.post(f"/paper/{letter.public_id}/request", {"seen": seen})
    assert response.status_code == 303
    assert PaperRequest.select().where(PaperRequest.message == letter.id).count() == 1


@pytest.mark.parametrize("organisation", ["²", BEYOND_64_BITS])
def test_an_odd_organisation_in_the_paper_choices_is_a_form_error(logged_in, letter, organisation):
    response = logged_in.post("/settings/paper", {"channel": "digital", "organisations": organisation})
    assert response.status_code == 200
    assert "Fout:" in response.get_data(as_text=True)


# Dates and periods out of range ---------------------------------------------------------------------------


@pytest.mark.parametrize("period", ["9999-12", "1-1", "0001-01", "2027-01\n", "²⁰²⁷-01", "2027-٠١"])
def test_a_period_out_of_range_shows_the_default_period(sender_pages, period):
    soup = sender_pages.get(f"/senders/?period={quote(period)}")
    assert soup.find("option", selected=True)["value"] == "90d"
    response = sender_pages.client.get("/senders/statistics.csv", query_string={"period": period})
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].endswith('-90d.csv"')


# Line breaks in a redirect target -------------------------------------------------------------------------


def test_a_line_break_in_next_after_the_right_password_logs_in_and_goes_home(pages, citizen):
    response = pages.post("/login?next=/inbox/%0D%0ASet-Cookie:%20x=1", {"email": citizen.account.email,
                                                                          "password": factories.PASSWORD})
    assert response.status_code == 302 and response.location == "/"
    assert pages.client.get("/inbox/").status_code == 200


@pytest.mark.parametrize("target", ["/help\r\nX-Evil: 1", "/\t/evil.example", "/help\u2028"])
def test_a_line_break_in_the_language_switch_target_goes_home(pages, target):
    response = pages.post("/language", {"language": "en", "next": target})
    assert response.status_code == 302 and response.location == "/"


def test_the_language_switch_still_returns_to_the_page_it_was_on(pages):
    response = pages.post("/language", {"language": "en", "next": "/help?q=één"})
    assert response.location == "/help?q=%C3%A9%C3%A9n"


# NUL characters: PostgreSQL can neither store nor compare them ---------------------------------------------


def test_a_nul_character_in_a_query_or_form_is_a_400_page(logged_in, letter):
    soup = logged_in.get("/inbox/?q=a%00b", status=400)
    assert "null" in soup.get_text() or "nul" in soup.get_text()
    assert logged_in.post("/settings/address", {"street": "Dorp\x00straat"}).status_code == 400
    assert logged_in.client.get(f"/inbox/{letter.public_id}%00").status_code == 400


# Length limits before the database ------------------------------------------------------------------------


def test_an_e_mail_address_too_long_for_the_database_is_a_form_error(logged_in):
    address = "a" * 300 + "@example.nl"  # 311 characters: the right format, but PostgreSQL keeps at most 254
    response = logged_in.post("/my-helpers/invite", {"email": address, "scope": "read"})
    assert response.status_code == 200
    assert "254" in response.get_data(as_text=True)
    assert not Delegation.select().where(Delegation.invited_email == address).exists()


def test_a_long_referer_is_not_kept_after_a_time_out(pages):
    long_path = "/settings/address" + "/x" * 300
    response = pages.post("/settings/address", {"street": "Dorpsstraat"},
                          headers={"Referer": f"http://localhost{long_path}"})
    assert response.status_code == 302
    assert not KeptForm.select().exists()


def test_accounts_and_organisations_made_on_the_command_line_respect_the_columns(app):
    from portal.auth import accounts
    from portal.clock import utcnow
    from portal.errors_domain import ValidationFailed

    with pytest.raises(ValidationFailed) as long_email:
        factories.create_account(email="a" * 300 + "@example.nl")
    with pytest.raises(ValidationFailed) as long_name:
        factories.create_account(name="N" * 201)
    with pytest.raises(ValidationFailed) as long_org:
        accounts.create_organisation(slug="lang", name_nl="O" * 201, name_en="Org", now=utcnow())
    assert set(long_email.value.errors) == {"email"} and set(long_name.value.errors) == {"name"}
    assert set(long_org.value.errors) == {"name_nl"}
