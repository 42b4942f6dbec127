"""The settings pages: the hub, the postal address form with its errors, and paper for good."""

import pytest

from portal.models import Citizen, Event
from portal.paper.models import PaperPreference
from tests import factories

ADDRESS = {"name": "Anna de Vries", "street": "Dorpsstraat", "house_number": "12", "addition": "a",
           "postcode": "1234ab", "city": "Ons Dorp"}


def text(el) -> str:
    return " ".join(el.get_text(" ").split())


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_hub_has_a_section_per_topic_with_links(logged_in, language):
    logged_in.post("/language", {"language": language})
    soup = logged_in.get("/settings/")
    headings = [text(h) for h in soup.select("main h2")]
    assert headings == (["Postadres", "E-mailberichten", "Post op papier", "Hulp en privacy", "Uw account"]
                        if language == "nl"
                        else ["Postal address", "E-mail alerts", "Mail on paper", "Help and privacy", "Your account"])
    links = {a["href"] for a in soup.select("main a")}
    assert {"/settings/address", "/settings/paper", "/account"} <= links


def test_a_helper_without_an_inbox_sees_only_the_account_section(pages):
    helper = factories.create_account(role="helper")
    pages.login(helper.email)
    soup = pages.get("/settings/")
    assert [text(h) for h in soup.select("main h2")] == ["Uw account"]
    assert pages.client.get("/settings/address").status_code == 403


def test_saving_an_address_redirects_to_the_hub_and_shows_it(logged_in, citizen):
    response = logged_in.post("/settings/address", ADDRESS)
    assert response.status_code == 303 and response.location == "/settings/"
    soup = logged_in.get("/settings/")
    assert "Uw postadres is bewaard." in text(soup.find(class_="notification"))
    assert text(soup.find(class_="address-lines")) == "Anna de Vries Dorpsstraat 12A 1234 AB ONS DORP"
    assert Event.get(Event.citizen == citizen, Event.kind == "address_changed").actor_id == citizen.account.id


def test_a_wrong_address_shows_an_error_summary_linked_to_each_field(logged_in):
    response = logged_in.post("/settings/address", {**ADDRESS, "postcode": "1234", "house_number": "twaalf",
                                                    "city": ""})
    assert response.status_code == 200
    from tests.pagecheck import check_page

    soup = check_page(response.get_data(as_text=True))
    assert soup.title.get_text().startswith("Fout:")
    assert [a["href"] for a in soup.select(".error-summary a")] == ["#house_number", "#postcode", "#city"]
    assert "Vul een postcode in van 4 cijfers en 2 letters" in text(soup.find(id="postcode-error"))
    assert soup.find(id="postcode")["aria-describedby"] == "postcode-hint postcode-error"
    assert soup.find(id="street")["value"] == "Dorpsstraat"  # what was typed stays


def test_paper_for_everything_needs_an_address_first(logged_in, citizen):
    soup = logged_in.get("/settings/paper")
    assert soup.find("a", href="/settings/address")
    response = logged_in.post("/settings/paper", {"channel": "paper"})
    from tests.pagecheck import check_page

    soup = check_page(response.get_data(as_text=True))
    assert soup.select_one(".error-summary a")["href"] == "#channel-paper"
    assert "Vul eerst uw postadres in" in text(soup.find(id="channel-error"))
    assert soup.find(id="channel-paper").has_attr("checked")
    assert Citizen.get_by_id(citizen.id).channel == "digital"


def test_paper_choices_are_saved_and_shown(logged_in, citizen):
    factories.give_postal_address(citizen)
    tax = factories.create_organisation(name_nl="Belastingdienst")
    town = factories.create_organisation(name_nl="Gemeente Ons Dorp", name_en="Municipality of Ons Dorp")
    soup = logged_in.get("/settings/paper")
    assert soup.find(id="channel-digital").has_attr("checked")
    assert {i["value"] for i in soup.select("input[name=organisations]")} == {str(tax.id), str(town.id)}
    response = logged_in.post("/settings/paper", {"channel": "digital", "organisations": [str(town.id)]})
    assert response.location == "/settings/"
    hub = logged_in.get("/settings/")
    assert "Altijd op papier van: Gemeente Ons Dorp" in text(hub)
    assert [p.organisation_id for p in PaperPreference.select()] == [town.id]
    logged_in.post("/settings/paper", {"channel": "paper", "organisations": [str(town.id)]})
    assert "ook op papier" in text(logged_in.get("/settings/"))
    assert logged_in.get("/settings/paper").find(id="channel-paper").has_attr("checked")
    factories.create_message(recipient=citizen, organisation=tax)
    assert Event.select().where(Event.kind == "paper_requested").count() == 1


def test_pages_work_in_english(logged_in, citizen):
    logged_in.post("/language", {"language": "en"})
    assert logged_in.get("/settings/address").find("label", attrs={"for": "city"}).get_text() == "Town"
    assert logged_in.get("/settings/paper").find("legend").get_text() == "All your new mail"
