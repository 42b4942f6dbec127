"""Helper pages and e-mails speak to the helper ("U mag de post van Anna lezen"), not in the citizen's own words
("Mijn post lezen"); the helper area has one name in the menu, its title and heading, the settings and the
e-mails; after log-in a helper lands on the people they help."""

from __future__ import annotations

from datetime import date

import pytest

from tests import factories
from tests.assisted.conftest import act_for, authorise
from tests.assisted.test_views import sent_mails, text_of

AREA = "Mensen die u helpt"  # "People you help"
SCOPES = {
    "read": "U mag de post van Anna de Vries lezen.",
    "paper": "U mag de post van Anna de Vries lezen en brieven op papier vragen.",
    "paper_done": "U mag de post van Anna de Vries lezen, brieven op papier vragen en brieven markeren als gedaan.",
}
CITIZEN_VOICE = ("Mijn post", "mijn post", "Read my mail")


@pytest.mark.parametrize("scope", SCOPES)
def test_the_helpers_page_tells_the_helper_what_they_may_do(pages, citizen, helper, scope):
    authorise(citizen, helper, scope)
    pages.login(helper.email)
    text = pages.get("/helping").get_text(" ", strip=True)
    assert SCOPES[scope] in text
    assert not any(words in text for words in CITIZEN_VOICE)


@pytest.mark.parametrize("scope", SCOPES)
def test_the_invitation_speaks_to_the_helper_and_names_the_helper_area(app, pages, citizen, helper, scope):
    pages.login(citizen.account.email)
    pages.post("/my-helpers/invite", {"email": helper.email, "scope": scope, "end": ""})
    (mail,) = sent_mails(app)
    body = text_of(mail)
    assert "Anna de Vries vraagt u om te helpen met de post van de overheid." in body
    assert SCOPES[scope] in body and f"Ga naar “{AREA}”" in body
    assert not any(words in body for words in CITIZEN_VOICE)


def test_the_citizen_reads_what_their_helper_may_do(pages, citizen, helper):
    authorise(citizen, helper, "paper")
    pages.login(citizen.account.email)
    pages.post("/my-helpers/invite", {"email": "jan@example.nl", "scope": "read", "end": ""})
    text = pages.get("/my-helpers").get_text(" ", strip=True)
    assert "Fatima El Amrani mag uw post lezen en brieven op papier vragen." in text
    assert "jan@example.nl mag uw post lezen." in text


def test_a_helper_lands_on_the_people_they_help_after_log_in(pages, citizen, helper):
    authorise(citizen, helper)
    assert pages.login(helper.email).location == "/"
    assert pages.client.get("/").location == "/helping"
    assert pages.get("/helping").h1.get_text() == AREA


def test_a_citizen_who_also_helps_lands_in_their_own_inbox(pages, citizen):
    other = factories.create_citizen(email="bram@example.nl", name="Bram Jansen")
    authorise(other, citizen.account)
    pages.login(citizen.account.email)
    assert pages.client.get("/").location == "/inbox/"
    # ... and finds the people they help in the settings, under the same name.
    link = pages.get("/settings/").select_one("a[href='/helping']")
    assert link.get_text() == AREA


def test_the_helper_area_has_one_name_in_menu_title_heading_and_join_page(pages, citizen, helper):
    authorise(citizen, helper)
    pages.login(helper.email)
    page = pages.get("/helping")
    menu = page.select_one("nav.site-header__nav a[href='/helping']")
    assert menu.get_text() == page.h1.get_text() == AREA
    assert page.title.get_text().startswith(AREA)
    pages.logout()
    join = pages.get("/helping/join").get_text(" ", strip=True)
    assert f"vul de code in onder “{AREA}”" in join


def test_reading_someones_mail_the_inbox_does_not_say_your_messages(pages, citizen, helper):
    factories.create_message(recipient=citizen, deadline=date(2030, 1, 1))
    act_for(pages, helper, authorise(citizen, helper))
    inbox = pages.get("/inbox/")
    assert inbox.h1.get_text() == "Berichten" and "Uw berichten" not in inbox.get_text()
    assert inbox.find("h2", id="deadlines-title").get_text() == "1 brief met een uiterste datum"
    menu = inbox.select_one("nav.site-header__nav a[href='/inbox/']")
    assert menu.get_text() == "Post van Anna de Vries"


def test_the_citizen_still_reads_your_messages(pages, citizen):
    pages.login(citizen.account.email)
    inbox = pages.get("/inbox/")
    assert inbox.h1.get_text() == "Uw berichten"
    assert inbox.select_one("nav.site-header__nav a[href='/inbox/']").get_text() == "Uw berichten"



def test_the_invitation_date_hint_shows_what_the_date_field_accepts(pages, citizen):
    from portal.clock import utcnow
    from portal.helpers.models import Delegation
    from portal.helpers.services import default_end

    pages.login(citizen.account.email)
    form = pages.get("/my-helpers/invite")
    field = form.select_one("input[name=end]")
    assert field.get("type", "text") == "text"  # a date picker would show its own format, not the hint's
    hint = form.select_one(f"#{field['aria-describedby'].split()[0]}").get_text()
    end = default_end(utcnow())
    example = f"{end.day:02d}-{end.month:02d}-{end.year}"
    assert hint.startswith(f"Bijvoorbeeld {example}.")
    # What the hint shows is what the field takes; a date picker's year-month-day works too.
    for typed, email in ((example, "a@example.nl"), (end.isoformat(), "b@example.nl"),
                         (example.replace("-", "/"), "c@example.nl")):
        assert pages.post("/my-helpers/invite", {"email": email, "scope": "read", "end": typed}).status_code == 303
        assert Delegation.get(Delegation.invited_email == email).valid_until.date() == end


@pytest.mark.parametrize("typed", ["31-02-2027", "2027-31-12", "morgen", "12-2027"])
def test_a_date_that_does_not_exist_gets_a_clear_error(pages, citizen, typed):
    pages.login(citizen.account.email)
    response = pages.post("/my-helpers/invite", {"email": "a@example.nl", "scope": "read", "end": typed})
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert "Vul een datum in die bestaat, zoals 31-12-2027" in text and f'value="{typed}"' in text
