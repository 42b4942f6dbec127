"""The paper pages in headless Chromium with axe-core, Dutch and English: zero violations, and with JavaScript
the button's area swaps in place (htmx) to the confirmation, focus on it, without leaving the page."""

import pytest

from portal.paper.models import PaperRequest
from tests import factories
from tests.browser.conftest import assert_accessible, log_in

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("language", ["nl", "en"])
def test_request_and_cancel_in_place_with_htmx_and_no_axe_violations(live_server, page, language):
    citizen = factories.create_citizen(language=language)
    factories.give_postal_address(citizen)
    in_row = factories.create_message(recipient=citizen, subject="Uw aanslag 2026")
    on_page = factories.create_message(recipient=citizen, subject="Uw toeslag 2027")
    log_in(page, live_server, citizen.account.email)
    assert_accessible(page, language)

    region = page.locator(f"#paper-row-{in_row.public_id}")
    region.locator("button").click()
    notice = region.locator(".paper-panel__notice")
    notice.wait_for()
    assert page.url == f"{live_server}/inbox/"  # swapped in place, no new page
    assert notice.inner_text() == {"nl": "We sturen deze brief per post naar u.",
                                   "en": "We will send this letter to you by post."}[language]
    # htmx moves the focus to the [autofocus] notice after it settles the swap, a moment after the notice is in
    # the page: wait for it (up to 5 s), do not read it at once.
    page.wait_for_function("document.activeElement.classList.contains('paper-panel__notice')", timeout=5000)
    assert region.get_attribute("role") == "status"
    assert_accessible(page, language)

    page.goto(f"{live_server}/inbox/{on_page.public_id}")
    panel = page.locator(f"#paper-{on_page.public_id}")
    assert_accessible(page, language)
    panel.locator("button").click()
    panel.locator("form[action$='/cancel']").wait_for()
    assert "Dorpsstraat 12A, 1234 AB Ons Dorp" in panel.inner_text()
    panel.locator("form[action$='/cancel'] button").click()
    panel.locator("form[action$='/request']").wait_for()
    assert_accessible(page, language)
    statuses = {r.message_id: r.status for r in PaperRequest.select()}
    assert statuses == {in_row.id: "requested", on_page.id: "cancelled"}

    for path in (f"/paper/{in_row.public_id}", "/settings/", "/settings/address", "/settings/paper"):
        page.goto(f"{live_server}{path}")
        assert page.locator("h1").count() == 1, path
        assert_accessible(page, language)


@pytest.mark.parametrize("language", ["nl", "en"])
def test_forms_with_errors_and_the_address_step_have_no_axe_violations(live_server, page, language):
    citizen = factories.create_citizen(language=language)
    message = factories.create_message(recipient=citizen)
    log_in(page, live_server, citizen.account.email)
    page.goto(f"{live_server}/inbox/{message.public_id}")
    page.locator(f"#paper-{message.public_id} button").click()  # no address: htmx follows HX-Redirect
    page.wait_for_url(f"{live_server}/paper/{message.public_id}/address")
    assert_accessible(page, language)
    page.fill("#postcode", "12")
    page.click("main form button")
    page.wait_for_selector(".error-summary")
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    assert_accessible(page, language)
    page.goto(f"{live_server}/settings/paper")
    page.check("#channel-paper")
    page.click("main form button")
    page.wait_for_selector(".error-summary")
    assert_accessible(page, language)


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_late_paper_warning_before_and_after_the_click_has_no_axe_violations(live_server, page, language):
    from datetime import timedelta

    from portal.clock import local_today, utcnow
    from portal.models import Organisation

    citizen = factories.create_citizen(language=language)
    factories.give_postal_address(citizen)
    organisation = factories.create_organisation(name_nl="Dienst Toeslagen", name_en="Benefits Agency")
    Organisation.update(phone="0800 0543", website="https://www.toeslagen.nl").where(
        Organisation.id == organisation.id).execute()
    due = local_today(utcnow()) + timedelta(days=2)  # a letter asked for today arrives after it, any day
    message = factories.create_message(recipient=citizen, organisation=organisation, deadline=due)
    log_in(page, live_server, citizen.account.email)
    page.goto(f"{live_server}/inbox/{message.public_id}")
    panel = page.locator(f"#paper-{message.public_id}")
    before = panel.locator(".paper-late").inner_text()
    assert {"nl": "Per post komt deze brief te laat.", "en": "By post this letter comes too late."}[language] in before
    assert "0800 0543" in before
    assert_accessible(page, language)
    panel.locator("form[action$='/request'] button").click()
    panel.locator(".paper-panel__notice").wait_for()
    after = panel.inner_text()
    assert {"nl": "Dat is misschien te laat", "en": "That may be too late"}[language] in after and "0800 0543" in after
    assert_accessible(page, language)
