"""In Chromium with axe-core: the time-out dialog appears two minutes before the idle time-out, takes focus,
is announced (role=alertdialog, named and described), and "stay logged in" extends the session, ten times
over; the pages of assisted access have no axe-core violations, with the helper's banner too."""

import pytest

from portal.auth.models import Session
from tests import factories
from tests.assisted.conftest import authorise
from tests.browser.conftest import assert_accessible, log_in

pytestmark = pytest.mark.browser
MINUTE = 60_000


@pytest.fixture
def clock_page(chromium):
    """A tab of its own with Playwright's fake clock: the shared tab stays on real time."""
    context = chromium.new_context(viewport={"width": 1280, "height": 720},
                                   extra_http_headers={"Accept-Language": "nl"})
    context.set_default_timeout(10_000)
    tab = context.new_page()
    tab.clock.install()
    yield tab
    context.close()


def test_the_time_out_dialog_appears_takes_focus_and_extends_ten_times(clock_page, live_server, citizen):
    page = clock_page
    log_in(page, live_server, citizen.account.email)
    page.goto(f"{live_server}/inbox/")
    page.locator("main a").first.focus()
    extends = []
    page.on("request", lambda r: extends.append(r) if r.url.endswith("/session/extend") else None)
    dialog = page.locator("dialog[role=alertdialog]")
    for round_ in range(10):
        page.clock.run_for(27 * MINUTE)
        assert dialog.count() == 0 or not dialog.is_visible(), f"too early in round {round_}"
        page.clock.run_for(MINUTE + 1000)  # 28 minutes idle: 2 minutes left
        dialog.wait_for(state="visible")
        assert dialog.get_attribute("aria-modal") == "true"
        title = page.locator("#" + dialog.get_attribute("aria-labelledby"))
        assert title.inner_text() == "U wordt bijna uitgelogd"
        assert "over 2 minuten" in page.locator("#" + dialog.get_attribute("aria-describedby")).inner_text()
        assert page.evaluate("document.activeElement.textContent") == "Blijf ingelogd"
        if round_ == 0:
            assert_accessible(page, "nl")
        with page.expect_response(lambda r: r.url.endswith("/session/extend")) as answer:
            page.keyboard.press("Enter")
        assert answer.value.status == 200 and answer.value.json()["seconds_left"] == 1800
        dialog.wait_for(state="hidden")
        assert page.evaluate("document.activeElement.closest('main') !== null")  # focus back where it was
    assert len(extends) == 10 and all(r.method == "POST" for r in extends)
    assert all(r.headers.get("x-csrftoken") for r in extends)
    assert Session.select().count() == 1


def test_escape_also_keeps_the_visitor_logged_in(clock_page, live_server, citizen):
    page = clock_page
    log_in(page, live_server, citizen.account.email)
    page.clock.run_for(28 * MINUTE + 1000)
    page.locator("dialog[role=alertdialog]").wait_for(state="visible")
    with page.expect_response(lambda r: r.url.endswith("/session/extend")):
        page.keyboard.press("Escape")
    page.locator("dialog[role=alertdialog]").wait_for(state="hidden")


@pytest.mark.parametrize("language", ["nl", "en"])
def test_assisted_access_pages_have_no_axe_violations(page, live_server, language):
    citizen = factories.create_citizen(language=language)
    helper = factories.create_account(email="fatima@example.nl", language=language)
    message = factories.create_message(recipient=citizen)
    delegation = authorise(citizen, helper, "paper")
    log_in(page, live_server, citizen.account.email)
    for path in ("/my-helpers", "/my-helpers/invite", "/access-log/", "/takeout/", "/account/public-computer"):
        page.goto(live_server + path)
        assert_accessible(page, language)
    page.goto(f"{live_server}/my-helpers/invite")
    with page.expect_navigation():
        page.click("main form button")  # sent empty: the errors
    assert_accessible(page, language)
    page.context.clear_cookies()
    log_in(page, live_server, helper.email)
    page.goto(f"{live_server}/helping")
    assert_accessible(page, language)
    with page.expect_navigation():
        page.click(f"form[action='/helping/{delegation.id}/open'] button")
    assert page.locator(".acting-banner").is_visible()
    assert_accessible(page, language)
    page.goto(f"{live_server}/inbox/{message.public_id}")
    assert_accessible(page, language)
    response = page.goto(f"{live_server}/access-log/")  # outside the scope: the plain refusal
    assert response.status == 403
    assert_accessible(page, language)
