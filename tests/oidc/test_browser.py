"""DigiD in and out in Chromium, with the portal's CSP enforced: the flows that leave our origin. The other
DigiD tests drive the portal through the test client, which knows no CSP; Chromium applies `form-action` to
every redirect after a form POST, and only a real browser shows whether the citizen gets to DigiD and back.

One Chromium for the run (tests/browser/conftest.py), the run's one oidc-provider (conftest.py), and the
portal on a live server at a free port: the provider's native client `portal-live` accepts its loopback
addresses on any port.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from flask_babel import force_locale, gettext
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from portal.auth.models import OidcLogin, Session
from tests import factories
from tests.browser.conftest import _tab, assert_accessible, chromium, page  # noqa: F401 -- fixtures and a helper
from tests.live import live_server  # noqa: F401 -- the fixture, for this module
from tests.oidc.live import config_overrides, portal  # noqa: F401 -- the fixtures

pytestmark = pytest.mark.browser
BRAM_BSN = "999990020"  # "bram" in provider.json: DigiD Hoog


@pytest.fixture(params=["nl", "en"])
def language(request) -> str:
    return request.param


@pytest.fixture
def csp_reports(page) -> list[str]:  # noqa: F811
    """Every console message about the Content Security Policy, from every page the tab shows in the test.
    Chromium says nothing else when it blocks a form's redirect: the click seems to do nothing."""
    found: list[str] = []

    def on_console(message) -> None:
        if "Content Security Policy" in message.text:
            found.append(f"{message.type}: {message.text}")

    page.on("console", on_console)
    yield found
    page.remove_listener("console", on_console)


def text(app, language: str, msgid: str) -> str:
    with app.test_request_context(), force_locale(language):
        return gettext(msgid)


def control(page, words: str):  # noqa: F811
    """The link or button in the main part of the page with exactly these words."""
    return page.locator("main").locator("a, button").filter(has_text=re.compile(rf"^\s*{re.escape(words)}\s*$"))


def arrive(page, url: str, csp_reports: list[str]) -> None:  # noqa: F811
    """Wait until the tab shows `url` (a glob); a blocked navigation fails with what the console said."""
    try:
        page.wait_for_url(url, timeout=5_000)
    except PlaywrightTimeoutError:
        pytest.fail(f"the browser stayed on {page.url} instead of going to {url}; console: {csp_reports}")


def log_in_with_digid(app, page, portal: str, language: str, person: str, oidc_provider, csp_reports) -> None:  # noqa: F811
    page.goto(f"{portal}/login")
    control(page, text(app, language, "Log in with DigiD")).click()
    arrive(page, f"{oidc_provider.issuer}/interaction/**", csp_reports)  # the broker's page, not our log-in page
    page.check(f"input[name=login][value={person}]")
    page.get_by_role("button", name="Log in").click()


def log_out_button(app, page, language: str):  # noqa: F811
    return page.locator("header").get_by_role("button", name=text(app, language, "Log out"))


def test_a_citizen_logs_in_with_digid_and_out_again_through_the_broker(
    app, page, portal, language, oidc_provider, csp_reports,  # noqa: F811
):
    factories.create_citizen(bsn=BRAM_BSN, language=language)
    log_in_with_digid(app, page, portal, language, "bram", oidc_provider, csp_reports)
    arrive(page, f"{portal}/inbox/", csp_reports)
    assert page.locator("h1").inner_text() == text(app, language, "Your messages")
    assert page.locator("html").get_attribute("lang") == language
    assert Session.select().count() == 1 and OidcLogin.select().count() == 1

    log_out_button(app, page, language).click()
    arrive(page, f"{oidc_provider.issuer}/session/end?*", csp_reports)  # the broker asks to log out there too
    assert Session.select().count() == 0  # the portal session ended before the browser left
    page.get_by_role("button", name="Yes, sign me out").click()
    arrive(page, f"{portal}/logged-out", csp_reports)
    assert page.locator("h1").inner_text() == text(app, language, "You are logged out")

    # The broker's session ended too: the next person at this computer is asked who they are, not let in.
    page.goto(f"{portal}/login")
    control(page, text(app, language, "Log in with DigiD")).click()
    arrive(page, f"{oidc_provider.issuer}/interaction/**", csp_reports)
    assert csp_reports == []


def test_the_page_on_the_way_to_log_out_at_digid_is_accessible_and_its_link_goes_there(
    app, page, portal, language, oidc_provider, csp_reports,  # noqa: F811
):
    factories.create_citizen(bsn=BRAM_BSN, language=language)
    log_in_with_digid(app, page, portal, language, "bram", oidc_provider, csp_reports)
    arrive(page, f"{portal}/inbox/", csp_reports)
    # Hold the refresh's trip to the broker (a 204 leaves the page as it is), check the page, then take its
    # link, as a browser that follows no refresh (w3m) would.
    end_session = f"{oidc_provider.issuer}/session/end?*"
    page.route(end_session, lambda route: route.fulfill(status=204), times=1)
    with page.expect_request(end_session):  # the refresh, made by the browser on its own
        log_out_button(app, page, language).click()
    assert page.url == f"{portal}/logout"
    assert_accessible(page, language)
    control(page, text(app, language, "Go on to DigiD")).click()
    arrive(page, end_session, csp_reports)
    assert page.get_by_role("button", name="Yes, sign me out").is_visible()
    assert csp_reports == []


def assert_shared_computer_inbox(app, page, portal: str, language: str, csp_reports) -> None:  # noqa: F811
    arrive(page, f"{portal}/inbox/", csp_reports)
    row = Session.get()
    assert row.public_computer, "the session after DigiD is a public-computer session"
    assert page.locator("#session-timeout").get_attribute("data-seconds-left") in {str(s) for s in range(590, 601)}
    note = text(app, language, "Shared computer: we log you out after 10 minutes without activity. Delete the "
                               "files you download, and close the browser when you are done.")
    assert note in page.locator("header").inner_text()


def test_a_citizen_on_a_shared_computer_logs_in_with_digid_and_out_with_the_advice_to_close_the_browser(
    app, page, portal, language, oidc_provider, csp_reports,  # noqa: F811
):
    factories.create_citizen(bsn=BRAM_BSN, language=language)
    page.goto(f"{portal}/login?public=1")  # the log-in page for a shared computer, with its one DigiD link
    assert_accessible(page, language)
    page.goto(f"{portal}/login")
    assert_accessible(page, language)
    control(page, text(app, language, "Log in with DigiD on a shared or public computer")).click()
    arrive(page, f"{oidc_provider.issuer}/interaction/**", csp_reports)
    page.check("input[name=login][value=bram]")
    page.get_by_role("button", name="Log in").click()
    assert_shared_computer_inbox(app, page, portal, language, csp_reports)

    with page.expect_response(f"{portal}/logout") as answer, \
            page.expect_request(f"{oidc_provider.issuer}/session/end?*") as to_broker:
        log_out_button(app, page, language).click()
    assert answer.value.header_value("Clear-Site-Data") == '"cache", "storage", "cookies"'
    assert parse_qs(urlsplit(to_broker.value.url).query)["state"] == ["public"]
    # That header clears the broker's cookies here too: cookies know no ports, and in this test the broker and
    # the portal both listen on 127.0.0.1. With no session left to ask about, the broker sends the browser
    # straight back. (A real broker is another site and asks first, as in the test of a normal log-out.)
    arrive(page, f"{portal}/logged-out?state=public", csp_reports)
    advice = text(app, language, "You used a shared or public computer. Close every browser window now.")
    assert advice in page.locator("main").inner_text()
    assert csp_reports == []


@pytest.mark.parametrize("language", ["en"])
def test_ticking_the_shared_computer_box_makes_the_digid_link_a_shared_computer_log_in(
    app, page, portal, language, oidc_provider, csp_reports,  # noqa: F811
):
    factories.create_citizen(bsn=BRAM_BSN, language=language)
    page.goto(f"{portal}/login")
    page.get_by_label(text(app, language, "I am on a shared or public computer")).check()
    control(page, text(app, language, "Log in with DigiD")).click()
    arrive(page, f"{oidc_provider.issuer}/interaction/**", csp_reports)
    page.check("input[name=login][value=bram]")
    page.get_by_role("button", name="Log in").click()
    assert_shared_computer_inbox(app, page, portal, language, csp_reports)
    assert csp_reports == []


def test_without_javascript_the_shared_computer_log_in_page_leads_to_digid_and_back(
    app, chromium, portal, language, oidc_provider,  # noqa: F811
):
    factories.create_citizen(bsn=BRAM_BSN, language=language)
    context = chromium.new_context(java_script_enabled=False, extra_http_headers={"Accept-Language": language})
    try:
        tab = context.new_page()
        tab.set_default_timeout(10_000)
        reports: list[str] = []
        tab.on("console", lambda message: reports.append(message.text) if "Content Security Policy" in message.text
               else None)
        tab.goto(f"{portal}/login")
        control(tab, text(app, language, "Log in on a shared or public computer")).click()
        arrive(tab, f"{portal}/login?public=1", reports)
        control(tab, text(app, language, "Log in with DigiD")).click()
        arrive(tab, f"{oidc_provider.issuer}/interaction/**", reports)
        tab.check("input[name=login][value=bram]")
        tab.get_by_role("button", name="Log in").click()
        arrive(tab, f"{portal}/inbox/", reports)
        assert Session.get().public_computer
        assert reports == []
    finally:
        context.close()
