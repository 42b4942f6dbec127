"""Without JavaScript, in w3m: ask for a message on paper, cancel it, add the postal address on the way, and
change the settings. Every step is a real form and a redirect."""

import pytest

from portal.models import Citizen
from portal.paper.models import PaperRequest
from tests import factories
from tests.textbrowser.conftest import gettext_in, log_in

pytestmark = pytest.mark.textbrowser


@pytest.fixture
def browser(app, w3m, live_server, citizen):
    """w3m in Dutch with the citizen logged in."""
    browser = w3m("nl")
    log_in(browser, live_server, citizen.account.email, gettext_in(app, "nl"))
    return browser


def test_request_paper_on_a_message_and_cancel_it_without_javascript(browser, live_server, citizen):
    message = factories.create_message(recipient=citizen, subject="Uw aanslag 2026")
    browser.open(f"{live_server}/inbox/{message.public_id}")
    browser.wait_for("Op papier")
    browser.click("Stuur mij dit per post")
    # No address yet: the button leads to the address form; saving it makes the request.
    browser.wait_for("Waar moeten we de brief heen sturen?")
    browser.fill("Straat", "Dorpsstraat")
    browser.fill("Huisnummer", "12")
    browser.fill("Postcode", "1234ab")
    browser.fill("Woonplaats", "Ons Dorp")
    browser.click("Bewaar het adres en stuur de brief")
    page = browser.wait_for("We sturen deze brief per post naar u.")
    assert "Adres: Dorpsstraat 12, 1234 AB Ons Dorp" in page and "U krijgt hem uiterlijk" in page
    assert PaperRequest.get().status == "requested"

    browser.click("Annuleer de papieren brief")
    browser.wait_for("De papieren brief is geannuleerd. We sturen hem niet.")
    assert PaperRequest.get().status == "cancelled"

    browser.click("Stuur mij dit per post")  # and again: now with the address known, at once
    browser.wait_for("We sturen deze brief per post naar u.")
    assert PaperRequest.select().where(PaperRequest.status == "requested").count() == 1


def test_the_inbox_row_button_works_without_javascript(browser, live_server, citizen):
    factories.give_postal_address(citizen)
    factories.create_message(recipient=citizen, subject="Uw aanslag 2026")
    browser.open(f"{live_server}/inbox/")
    browser.wait_for("Uw aanslag 2026")
    browser.click("Stuur mij dit per post")
    page = browser.wait_for("Brief per post")
    assert "We sturen deze brief per post naar u." in page and "Uw aanslag 2026" in page


def test_settings_address_and_paper_for_good_without_javascript(browser, live_server, citizen):
    organisation = factories.create_organisation(name_nl="Gemeente Ons Dorp")
    browser.open(f"{live_server}/settings/")
    browser.wait_for("Instellingen")
    browser.click("Vul uw postadres in")
    browser.wait_for("Uw postadres")
    browser.fill("Straat", "Kerkstraat")
    browser.fill("Huisnummer", "3")
    browser.fill("Postcode", "12")
    browser.fill("Woonplaats", "Stad")
    browser.click("Bewaar het adres")
    page = browser.wait_for("Er is een probleem")
    assert "Vul een postcode in van 4 cijfers en 2 letters" in page
    browser.fill("Postcode", "4321 XY")
    browser.click("Bewaar het adres")
    page = browser.wait_for("Uw postadres is bewaard.")
    assert "4321 XY STAD" in page

    browser.click("Wijzig uw instellingen voor papier")
    browser.wait_for("Altijd op papier van deze organisaties")
    browser.choose("Gemeente Ons Dorp")
    browser.choose("In mijn online berichtenbox en ook op papier")
    browser.click("Bewaar de instellingen voor papier")
    page = browser.wait_for("Uw instellingen voor papier zijn bewaard.")
    assert "ook op papier" in page
    citizen = Citizen.get_by_id(citizen.id)
    assert citizen.channel == "paper" and [p.organisation_id for p in citizen.paper_preferences] == [organisation.id]
