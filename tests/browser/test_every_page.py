"""Every HTML page of the portal, in Dutch and in English, has zero axe-core violations, and so does every form
sent back with its errors.

The pages are found by walking the URL map, not by a hand-made list: a new page is scanned the day it is added.
A route that answers something other than HTML is named in NOT_HTML; a route with a URL argument gets its value
from `world` (add one there when a new kind of argument appears). Each person sees the pages of their level:
public pages logged out, account and citizen pages as a citizen, sender pages as a sender's staff member.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from flask import url_for
from playwright.sync_api import Error as PlaywrightError

from portal.access import level_of
from portal.auth import oidc_accounts
from portal.auth.oidc import PENDING_KEY
from portal.auth.oidc_acr import DIGID_SUBSTANTIEEL
from portal.auth.oidc_client import Identity
from portal.auth.services import create_password_reset
from portal.clock import local_today, utcnow
from tests import factories
from tests.browser.conftest import axe_scan, format_violations, log_in
from tests.oidc.conftest import signed_session_cookie

pytestmark = pytest.mark.browser
LANGUAGES = ["nl", "en"]

# Answers that are files or JSON, checked by their own tests (PDF/UA, iCalendar, CSV, problem+json).
NOT_HTML = {
    "static", "inbox.attachment", "inbox.deadline_ics", "inbox.message_pdf", "paper.letter_pdf",
    "senders.statistics_csv", "api.openapi_document",
    "oidc.callback",  # only ever redirects: to the page the log-in started from, or to a refusal page
    "oidc.start",  # only ever redirects: to DigiD, or to a refusal page (tests/oidc/test_browser.py)
    "accesslog.download", "takeout.download",  # CSV and ZIP: tests/assisted
    "takeout.status",  # the htmx fragment of /takeout/ (a plain GET is sent to that page)
}
# The log-in with DigiD exists only when a provider is configured; these pages render without reaching it.
DIGID = {"OIDC_ISSUER": "http://127.0.0.1:9/digid", "OIDC_CLIENT_ID": "portal", "OIDC_CLIENT_SECRET": "s" * 32}
REFUSALS = ["unavailable", "expired", "failed", "assurance", "no-bsn", "bad-bsn"]
VIEWERS = {"public": None, "account": "citizen", "citizen": "citizen", "sender": "sender"}
# Forms that say what is wrong when sent empty: (endpoint, level).
FORMS = [
    ("auth.login", "public"),
    ("auth.forgot_password", "public"),
    ("auth.reset_password", "public"),
    ("oidc.activate", "public"),
    ("helpers.join", "public"),
    ("settings.address", "citizen"),
    ("paper.address", "citizen"),
    ("helpers.invite", "citizen"),
    ("helpers.accept", "citizen"),  # any account: the citizen's will do
    ("auth.change_password", "citizen"),
]


@pytest.fixture
def config_overrides():
    return DIGID


@dataclass
class World:
    citizen: object
    sender: object
    values: dict[str, object]  # URL argument name → value

    def arguments(self, rule) -> dict:
        """Values for the rule's URL arguments: "endpoint.argument" first, then the argument's name alone."""
        found = {}
        for name in rule.arguments:
            value = self.values.get(f"{rule.endpoint}.{name}", self.values.get(name))
            assert value is not None, f"{rule.endpoint}: give the URL argument {name!r} a value in `world`"
            found[name] = value
        return found


@pytest.fixture
def world(app, language) -> World:
    from portal.api.keys import create_key

    citizen = factories.create_citizen(name="Anna de Vries", language=language)
    factories.give_postal_address(citizen)
    organisation = factories.create_organisation(slug="belastingdienst")
    today = local_today(utcnow())
    message = factories.create_message(recipient=citizen, organisation=organisation, deadline=today + timedelta(3),
                                       attachments=[("aanslag.pdf", b"%PDF-1.4\n%%EOF\n")])
    factories.create_message(recipient=citizen, organisation=organisation, subject="Voorschot",
                             deadline=date(2020, 1, 1))  # overdue: a second kind of banner
    sender = factories.create_sender_user(organisation=organisation, language=language)
    key = create_key(org_slug=organisation.slug, kind="test", name="Test", now=utcnow())
    _, token = create_password_reset(citizen.account.email, now=utcnow(), valid=timedelta(hours=1))
    return World(citizen, sender, {"public_id": message.public_id, "key_id": key.key.id, "token": token,
                                   "reason": REFUSALS[0]})


def pages_for(app, world: World, level: str) -> list[tuple[str, int]]:
    """(URL, the status it must answer with) for each page of the level."""
    from portal.auth.oidc import REFUSED_STATUS

    urls = []
    with app.test_request_context():
        for rule in app.url_map.iter_rules():
            if "GET" not in rule.methods or rule.endpoint in NOT_HTML or level_of(app, rule.endpoint) != level:
                continue
            if rule.endpoint == "oidc.activate":
                continue  # only reachable in the middle of a DigiD log-in: test_digid_activation_page
            if rule.endpoint == "oidc.refused":
                urls += [(url_for(rule.endpoint, reason=reason), REFUSED_STATUS.get(reason, 403))
                         for reason in REFUSALS]
                continue
            urls.append((url_for(rule.endpoint, **world.arguments(rule)), 200))
    assert urls, level
    return sorted(urls)


def scan_all(page, base: str, urls: list[tuple[str, int]], language: str) -> None:
    """Open each page, check its status and language, collect every violation, then fail once with all."""
    problems = []
    for url, status in urls:
        try:
            response = page.goto(base + url)
        except PlaywrightError as error:
            if "Download is starting" not in str(error):
                raise
            problems.append(f"{url}: answers a download; name its endpoint in NOT_HTML (and test the file)")
            continue
        page.wait_for_load_state()
        if response.status != status or page.url != base + url:
            problems.append(f"{url}: HTTP {response.status} at {page.url}, not {status} at {url}")
            continue
        if page.locator("html").get_attribute("lang") != language:
            problems.append(f"{url}: <html lang> is not {language}")
        violations = axe_scan(page)
        if violations:
            problems.append(format_violations(violations, url))
    assert not problems, "\n".join(problems)


def test_refusal_reasons_are_the_pages_that_exist():
    from portal.auth.oidc import REFUSED_PAGES

    assert set(REFUSALS) == set(REFUSED_PAGES)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("level", ["public", "account", "citizen", "sender"])
def test_every_page_has_no_axe_violations(app, page, live_server, world, level, language):
    viewer = VIEWERS[level]
    if viewer == "citizen":
        log_in(page, live_server, world.citizen.account.email)
    elif viewer == "sender":
        log_in(page, live_server, world.sender.account.email)
    scan_all(page, live_server, pages_for(app, world, level), language)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("endpoint, level", FORMS)
def test_every_form_sent_empty_shows_its_errors_without_axe_violations(app, page, live_server, world, endpoint,
                                                                       level, language):
    if level == "citizen":
        log_in(page, live_server, world.citizen.account.email)
    if endpoint == "oidc.activate":
        _start_digid_activation(app, page, live_server)
    rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)
    with app.test_request_context():
        url = url_for(endpoint, **world.arguments(rule))
    page.goto(live_server + url)
    form = page.locator("main form[method=post]:has(input:not([type=hidden]))").first  # not a lone button
    form.evaluate("f => f.querySelectorAll('input[type=text], input[type=email], input[type=password], "
                  "input:not([type]), textarea').forEach(i => { i.value = '' })")
    form.evaluate("f => f.querySelectorAll('input[type=checkbox]').forEach(i => { i.checked = false })")
    with page.expect_navigation():
        form.locator("button:not([name=decline])").first.click()
    assert page.locator("[data-error-summary]").count() == 1, f"{url}: no error summary after an empty form"
    assert page.locator("[aria-invalid=true]").count() >= 1
    assert page.locator("html").get_attribute("lang") == language
    violations = axe_scan(page)
    assert not violations, format_violations(violations, url)


@pytest.mark.parametrize("language", LANGUAGES)
def test_digid_activation_page(app, page, live_server, language):
    _start_digid_activation(app, page, live_server)
    page.goto(f"{live_server}/login/digid/activate")
    assert page.locator("main h1").count() == 1 and page.locator("input[type=checkbox]").count() == 1
    violations = axe_scan(page)
    assert not violations, format_violations(violations, page.url)


def _start_digid_activation(app, page, live_server) -> None:
    """Put the browser where a first DigiD log-in stops: an unknown BSN waiting for consent."""
    identity = Identity(bsn=factories.next_bsn(), acr=DIGID_SUBSTANTIEEL, name="Jan Smit",
                        id_token="id-token")
    signed_in = oidc_accounts.sign_in(identity, now=utcnow())
    name, value = signed_session_cookie(app, {PENDING_KEY: signed_in.pending_token})
    page.context.add_cookies([{"name": name, "value": value, "url": live_server}])
