"""The inbox in w3m, without JavaScript: the deadline overview, opening a message, done and archive, and paging
through, with the keyboard alone. Run in English and in Dutch (texts looked up by msgid)."""

from datetime import timedelta

import pytest
from flask_babel import force_locale, ngettext

from portal import deadlines
from portal.clock import local_today, utcnow
from portal.models import Message
from tests import factories
from tests.textbrowser.conftest import gettext_in, log_in

pytestmark = pytest.mark.textbrowser


@pytest.mark.parametrize("language", ["en", "nl"])
def test_read_a_deadline_mark_it_done_archive_and_page_through_in_w3m(app, live_server, w3m, language):
    t = gettext_in(app, language)
    citizen = factories.create_citizen(language=language)
    organisation = factories.create_organisation(name_nl="CJIB", name_en="CJIB")
    deadline = local_today(utcnow()) + timedelta(days=4)
    fine = factories.create_message(recipient=citizen, organisation=organisation, subject="Betaal uw boete",
                                    subject_en="Pay your fine", deadline=deadline, deadline_kind="pay")
    for n in range(26):  # 27 in all: two pages of 25
        factories.create_message(recipient=citizen, organisation=organisation, subject=f"Brief {n:02}",
                                 subject_en=f"Letter {n:02}", delivered_at=utcnow() - timedelta(days=n + 1))
    subject = "Pay your fine" if language == "en" else "Betaal uw boete"
    with app.test_request_context(), force_locale(language):
        pay_before = deadlines.action_line(fine)  # "Pay before …": written as every deadline is
        in_inbox = ngettext("%(num)d message.", "%(num)d messages.", 26)

    browser = w3m(language)
    page = log_in(browser, live_server, citizen.account.email, t)
    assert pay_before in page and t("This week") in page  # the banner, in words, not colour
    browser.find(t("Page %(page)d of %(pages)d", page=1, pages=2))  # below the list: find scrolls to it

    browser.click(t("Next page"))
    page = browser.wait_for(t("page %(page)d of %(pages)d", page=2, pages=2))  # in the title, on w3m's last line
    assert ("Letter 25" if language == "en" else "Brief 25") in page
    browser.click(t("Previous page"))
    browser.wait_for(t("page %(page)d of %(pages)d", page=1, pages=2))

    browser.click(f"CJIB: {subject}")  # the banner's link to the message
    page = browser.wait_for(t("What you must do"))
    assert pay_before in page
    assert Message.get_by_id(fine.id).first_opened_at is not None

    browser.click(t("Mark as done"))
    page = browser.wait_for(t("Mark as not done"))
    assert Message.get_by_id(fine.id).done_at is not None
    browser.click(t("Archive"))
    page = browser.wait_for(t("The message is in the archive."))  # and the archive is shown, with it in
    assert subject in page and Message.get_by_id(fine.id).archived_at is not None

    browser.click(t("All"))  # the inbox itself
    page = browser.wait_for(in_inbox)
    assert pay_before not in page  # done: out of the overview
    assert subject not in page  # archived: out of the list
