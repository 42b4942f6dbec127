"""The caseload in w3m, keyboard alone: the coordinator logs in, sees both clients' deadlines, asks paper for
two letters at once, and opens Anna's overdue letter under the acting-for banner."""

from datetime import timedelta

import pytest

from portal.clock import local_today, utcnow
from portal.paper.models import PaperRequest
from tests import factories
from tests.caseload.conftest import Office
from tests.textbrowser.conftest import gettext_in, log_in

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
    # the landing page of a helper organisation's staff
    log_in(browser, live_server, office.coordinator.account.email, t, lands_on=t("What your clients must do"))
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


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_demo_guardian_sees_both_clients_opens_annas_fine_and_asks_paper_for_two_in_w3m(app, live_server, w3m,
                                                                                               language):
    """The issue's walk on the demo data: bewindvoerder@example.nl logs in to one page with what both demo
    clients must do, opens Anna's overdue fine under the acting-for banner, goes back through the header's
    link and asks paper for two letters at once; Anna's access log names who at Bewindvoering Utrecht did it."""
    from portal import demo
    from portal.accesslog import services as accesslog
    from portal.models import Account, Message

    t = gettext_in(app, language)
    demo.seed(now=utcnow(), password=factories.PASSWORD)
    guardian = Account.by_email("bewindvoerder@example.nl")
    guardian.language = language
    guardian.save()
    anna = Account.by_email("burger@example.nl").citizen
    started = utcnow()
    fine = Message.get(Message.recipient == anna, Message.subject_nl.startswith("Verkeersboete"),
                       Message.done_at.is_null(), Message.deadline < local_today(utcnow()) + timedelta(days=1))

    browser = w3m(language)
    page = log_in(browser, live_server, "bewindvoerder@example.nl", t, lands_on=t("What your clients must do"))
    assert "Anna de" in page and "Pieter" in page and t("Overdue") in page and t("Later") in page  # w3m wraps
    assert "Bewindvoering Utrecht" in page

    browser.click(f"{t('Open')}:")  # the first row: Anna's overdue fine
    page = browser.wait_for(t("You are reading the mail of %(name)s.", name="Anna de Vries"))
    assert (fine.subject_en if language == "en" else fine.subject_nl)[:20] in page
    browser.click(t("Stop reading the mail of %(name)s", name="Anna de Vries"))
    browser.wait_for(t("What your clients must do"))

    browser.choose(f"{t('Choose')}: Anna")  # the first of Anna's rows: the fine
    browser.choose(f"{t('Choose')}: Pieter")
    browser.click(t("Ask for paper for the chosen letters"))
    browser.wait_for("2 " + ("letters." if language == "en" else "brieven."))
    asked = {p.message_id for p in PaperRequest.select()}
    assert len(asked) == 2 and fine.id in asked
    steps = [e for e in accesslog.all_entries(anna) if e.event.at >= started]
    assert {"paper_requested", "read", "acting_started"} <= {e.event.kind for e in steps}
    assert {e.who for e in steps} == {"Karin Smit of Bewindvoering Utrecht (helps you)"}
