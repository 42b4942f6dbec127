"""The caseload in w3m, keyboard alone: the coordinator logs in, sees both clients' deadlines, asks paper for
two letters at once, and opens Anna's overdue letter under the acting-for banner."""

from datetime import timedelta

import pytest

from portal.clock import local_today, utcnow
from portal.paper.models import PaperRequest
from tests import factories
from tests.caseload.conftest import Office
from tests.textbrowser.conftest import gettext_in

pytestmark = pytest.mark.textbrowser


@pytest.mark.parametrize("language", ["en", "nl"])
def test_the_coordinator_asks_paper_for_two_letters_and_opens_one_in_w3m(app, live_server, w3m, language):
    t = gettext_in(app, language)
    office = Office()
    office.coordinator.account.language = language
    office.coordinator.account.save()
    anna, _ = office.client(name="Anna de Vries", assign_to=[office.coordinator])
    piet, _ = office.client(name="Piet Jansen", assign_to=[office.coordinator])
    cjib = factories.create_organisation(name_nl="CJIB", name_en="CJIB")
    today = local_today(utcnow())
    fine = factories.create_message(recipient=anna, organisation=cjib, subject="Boete", subject_en="Fine",
                                    deadline=today - timedelta(days=2))
    factories.create_message(recipient=piet, organisation=cjib, subject="Aanmaning", subject_en="Reminder",
                             deadline=today + timedelta(days=3))
    fine_subject = "Fine" if language == "en" else "Boete"

    browser = w3m(language)
    browser.open(f"{live_server}/login")
    browser.wait_for(t("Log in to read the letters that government organisations send you."))
    browser.fill(t("E-mail address"), office.coordinator.account.email)
    browser.fill(t("Password"), factories.PASSWORD)
    browser.click(t("Log in"))
    page = browser.wait_for(t("What your clients must do"))  # the landing page of a helper organisation's staff
    page = browser.wait_for(t("Overdue"))
    assert "Anna de" in page and "Piet" in page and t("Overdue") in page  # w3m wraps the table's cells
    browser.choose(f"{t('Choose')}: Anna")  # the label goes on with the client and the letter
    browser.choose(f"{t('Choose')}: Piet")
    browser.click(t("Ask for paper for the chosen letters"))
    browser.wait_for("2 " + ("letters." if language == "en" else "brieven."))  # "We will print and post 2 letters."
    assert PaperRequest.select().count() == 2

    browser.click(f"{t('Open')}:")  # the first row's: Anna's overdue fine (w3m may wrap the client's name)
    page = browser.wait_for(t("You are reading the mail of %(name)s.", name="Anna de Vries"))
    assert fine_subject in page and fine.public_id
