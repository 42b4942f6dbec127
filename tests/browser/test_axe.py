"""Every page, in Dutch and in English, has zero axe-core violations (WCAG 2.2 AA and best practice) and says
its language in <html lang>. Logged-out pages take the language from the browser (Accept-Language); logged-in
pages from the account."""

import pytest

from tests import factories
from tests.browser.conftest import assert_accessible, log_in

pytestmark = pytest.mark.browser
LANGUAGES = ["nl", "en"]
PUBLIC_PAGES = {
    "/": 200,
    "/login": 200,
    "/help": 200,
    "/accessibility": 200,
    "/privacy": 200,
    "/password/forgot": 200,
    "/password/sent": 200,
    "/logged-out": 200,
    "/no-such-page": 404,
    "/password/reset/bogus": 410,  # the page for a reset link that is not (or no longer) valid
}
ACCOUNT_PAGES = ["/account", "/account/sessions"]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_page_has_no_axe_violations(page, live_server, path, language):
    response = page.goto(live_server + path)
    assert response.status == PUBLIC_PAGES[path]
    assert_accessible(page, language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_login_form_sent_empty_shows_errors_without_axe_violations(page, live_server, language):
    page.goto(f"{live_server}/login")
    with page.expect_navigation():
        page.click("main form button")
    assert page.locator("[data-error-summary]").count() == 1
    assert page.locator("#email[aria-invalid=true]").count() == 1
    assert_accessible(page, language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_login_with_a_wrong_password_shows_errors_without_axe_violations(page, live_server, language):
    citizen = factories.create_citizen(language=language)
    log_in(page, live_server, citizen.account.email, password="not the password")
    assert page.url.endswith("/login")
    assert page.locator("[data-error-summary]").count() == 1
    assert_accessible(page, language)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("path", ACCOUNT_PAGES)
def test_account_page_has_no_axe_violations(page, live_server, path, language):
    citizen = factories.create_citizen(language=language)
    log_in(page, live_server, citizen.account.email)
    response = page.goto(live_server + path)
    assert response.status == 200 and page.url.endswith(path)  # not sent back to the log-in page
    assert_accessible(page, language)
