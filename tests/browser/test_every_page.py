"""Every HTML page of the portal, in Dutch and in English, has zero axe-core violations, and so does every form
sent back with its errors; and no page scrolls sideways at 320 px for any kind of visitor.

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
    "statistics.data_csv", "statistics.data_json", "statistics.datapackage",  # tests/statistics
    "oidc.callback",  # only ever redirects: to the page the log-in started from, or to a refusal page
    "oidc.start",  # only ever redirects: to DigiD, or to a refusal page (tests/oidc/test_browser.py)
    "accesslog.download", "takeout.download",  # CSV and ZIP: tests/assisted
    "takeout.status",  # the htmx fragment of /takeout/ (a plain GET is sent to that page)
}
# The log-in with DigiD exists only when a provider is configured; these pages render without reaching it.
DIGID = {"OIDC_ISSUER": "http://127.0.0.1:9/digid", "OIDC_CLIENT_ID": "portal", "OIDC_CLIENT_SECRET": "s" * 32}
REFUSALS = ["unavailable", "expired", "failed", "assurance", "no-bsn", "bad-bsn"]
VIEWERS = {"public": None, "account": "citizen", "citizen": "citizen", "sender": "sender"}
# Who walks the site at 320 px and the levels of the pages each sees: "shared" is the citizen on a public
# computer (the shared-computer note under the header), "acting" a helper reading the citizen's mail (the
# acting-for banner; only the routes a helper may use).
WALKERS = {"public": ["public"], "citizen": ["account", "citizen"], "shared": ["citizen"], "helper": ["account"],
           "acting": ["citizen"], "sender": ["account", "sender"]}
NARROW = {"width": 320, "height": 640}
# What sticks out past the right edge, deepest first, for the failure message; and the banners' side padding.
OVERFLOW = """() => {
  const width = window.innerWidth, wide = [];
  const scrolls = el => { for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
    if (getComputedStyle(p).overflowX !== 'visible') return true; } return false; };
  for (const el of document.querySelectorAll('body *')) {
    const box = el.getBoundingClientRect();
    if (!box.width || el.closest('.visually-hidden, .skip-link') || scrolls(el)) continue;
    if (Math.max(box.right, box.left + el.scrollWidth) > width + 0.5) wide.push(el);
  }
  const deepest = wide.filter(el => !wide.some(other => other !== el && el.contains(other)));
  return {scroll: document.documentElement.scrollWidth, width: width,
          wide: deepest.slice(0, 5).map(el => el.outerHTML.slice(0, 160))};
}"""
BANNER_PADDING = """() => [...document.querySelectorAll('.acting-banner__text, .public-note')].map(el => {
  const range = document.createRange();
  range.selectNodeContents(el);
  const box = range.getBoundingClientRect();  // the text itself, inside the padding
  return {left: box.left, right: window.innerWidth - box.right};
})"""
# Cells of a table stacked into blocks (no header row to see) must say which column they are (data-label),
# unless they hold only a button, which names itself, or nothing ("–").
UNLABELLED = """() => [...document.querySelectorAll('table td')].filter(td =>
  getComputedStyle(td).display === 'block' && !td.dataset.label && !td.querySelector('button')
  && !['', '–'].includes(td.textContent.trim())).map(td => td.outerHTML.slice(0, 120))"""
# The long words of Dutch letters: a heading must wrap them, not push the page wider.
LONG_SUBJECT = "Naheffingsaanslag motorrijtuigenbelasting"
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
    ("caseload.organisations", "citizen"),
    ("caseload.staff", "citizen"),  # the citizen coordinates the walk's guardianship office too
    ("helpers.accept", "citizen"),  # any account: the citizen's will do
    ("auth.change_password", "citizen"),
    ("webhooks.index", "sender"),
    ("safetynet.welcome_back", "citizen"),
]


@pytest.fixture
def config_overrides():
    return DIGID


@dataclass
class World:
    citizen: object
    sender: object
    helper: object
    delegation: object
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
    from portal.caseload import services as caseload
    from portal.helpers import services as helper_services
    from portal.webhooks import deadlines
    from portal.webhooks import services as webhook_services

    citizen = factories.create_citizen(name="Anna de Vries", language=language)
    factories.give_postal_address(citizen)
    organisation = factories.create_organisation(slug="belastingdienst")
    subscription, _secret = webhook_services.create(  # before the mail: its deliveries are on the page
        organisation, url="https://zaaksysteem.belastingdienst.example.nl/api/overheidspost/gebeurtenissen",
        event_types=[], is_test=False, production=False, now=utcnow())
    today = local_today(utcnow())
    message = factories.create_message(recipient=citizen, organisation=organisation, deadline=today + timedelta(3),
                                       subject=LONG_SUBJECT, subject_en=f"{LONG_SUBJECT} (vehicle tax)",
                                       attachments=[("aanslag.pdf", b"%PDF-1.4\n%%EOF\n")])
    deadlines.change(message, deadline=today + timedelta(10), reason="Uitstel na ons telefoongesprek van vandaag",
                     api_key=None, now=utcnow())  # the message page says the date moved, from when, and why
    factories.create_message(recipient=citizen, organisation=organisation, subject="Voorschot",
                             deadline=date(2020, 1, 1))  # overdue: a second kind of banner
    sender = factories.create_sender_user(organisation=organisation, language=language)
    key = create_key(org_slug=organisation.slug, kind="test", name="Test", now=utcnow())
    _, token = create_password_reset(citizen.account.email, now=utcnow(), valid=timedelta(hours=1))
    helper = factories.create_account(name="Fatima El Amrani", role="helper", language=language)
    _, code = helper_services.invite(citizen, helper.email, "paper_done", None, actor=citizen.account, now=utcnow())
    delegation = helper_services.accept(helper, code, client="192.0.2.10", now=utcnow())
    # The caseload (account pages): the helper coordinates a guardianship office the citizen authorised; the
    # citizen, who walks the account pages too, is also one of its coordinators (a volunteer at the desk), so
    # the coordinator's staff pages are walked as well; Joost is its one plain staff member.
    office = caseload.create_organisation(slug="bewindvoering-utrecht", name="Bewindvoering Utrecht", now=utcnow())
    coordinator = caseload.add_staff(org_slug=office.slug, email=helper.email, password=None, name=None,
                                     coordinator=True, now=utcnow())
    volunteer = caseload.add_staff(org_slug=office.slug, email=citizen.account.email, password=None, name=None,
                                   coordinator=True, now=utcnow())
    client = caseload.authorise(citizen, office, scope="paper_done", end=None, actor=citizen.account, now=utcnow(),
                                court_reference="C/16/512345 / BW RK 26-1234", court_decided_on=today)
    # The sender's staff member walks the account pages too: a coordinator there as well.
    sender_volunteer = caseload.add_staff(org_slug=office.slug, email=sender.account.email, password=None,
                                          name=None, coordinator=True, now=utcnow())
    staff_member = caseload.add_staff(org_slug=office.slug, email="joost@example.nl", password=factories.PASSWORD,
                                      name="Joost Visser", coordinator=False, now=utcnow())
    for member in (coordinator, volunteer, sender_volunteer, staff_member):
        caseload.assign(coordinator, client.id, member.id, now=utcnow())
    # The safety net moved the citizen's inbox to paper: the log-in lands on "welcome back" (/welcome-back).
    from portal.safetynet.models import ChannelSwitch

    ChannelSwitch.create(citizen=citizen, reason="no_login", switched_at=utcnow())
    return World(citizen, sender, helper, delegation, {"public_id": message.public_id, "key_id": key.key.id,
                                                       "authorisation_id": client.id,
                                                       "staff_id": staff_member.id,
                                                       "token": token, "reason": REFUSALS[0],
                                                       **{f"webhooks.{name}.public_id": subscription.public_id
                                                          for name in ("show", "rotate", "delete")},
                                                       "slug": _statistics(organisation)})


def _statistics(organisation) -> str:
    """Enough letters for the public statistics to show figures; returns the organisation's slug."""
    from portal.statistics.rollup import rollup

    for _ in range(12):
        factories.create_message(organisation=organisation, message_type="aanslag")
    rollup(now=utcnow())
    return organisation.slug


def pages_for(app, world: World, level: str, *, acting: bool = False) -> list[tuple[str, int]]:
    """(URL, the status it must answer with) for each page of the level; `acting`: only the routes a helper
    acting for the citizen may use."""
    from portal.auth.oidc import REFUSED_STATUS
    from portal.helpers.acting import OWNER

    urls = []
    with app.test_request_context():
        for rule in app.url_map.iter_rules():
            if "GET" not in rule.methods or rule.endpoint in NOT_HTML or level_of(app, rule.endpoint) != level:
                continue
            if acting and getattr(app.view_functions[rule.endpoint], "helper_scope", OWNER) == OWNER:
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
    elif level == "sender":
        log_in(page, live_server, world.sender.account.email)
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


def sign_in(page, base: str, world: World, walker: str) -> None:
    """Bring the browser where the walker starts, through the forms a person uses."""
    if walker in ("citizen", "shared"):
        log_in(page, base, world.citizen.account.email, public=walker == "shared")
    elif walker in ("helper", "acting"):
        log_in(page, base, world.helper.email)
    elif walker == "sender":
        log_in(page, base, world.sender.account.email)
    if walker == "acting":
        page.goto(f"{base}/helping")
        with page.expect_navigation():
            page.click(f"form[action='/helping/{world.delegation.id}/open'] button")
        assert page.locator(".acting-banner").count() == 1


def walk(app, world: World, walker: str) -> list[tuple[str, int]]:
    return sorted({url for level in WALKERS[walker] for url in pages_for(app, world, level, acting=walker == "acting")})


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("walker", WALKERS)
def test_no_page_scrolls_sideways_at_320_px(app, chromium, live_server, world, walker, language):
    """WCAG 1.4.10 (reflow): at 320 CSS px everything fits the width; the banners keep their side padding;
    a table's cells say their column's name; and no page asks for a file that is not there (the favicon)."""
    context = chromium.new_context(viewport=NARROW, extra_http_headers={"Accept-Language": language})
    context.set_default_timeout(10_000)
    page = context.new_page()
    missing = []
    page.on("response", lambda r: missing.append(r.url) if r.status == 404 and r.request.resource_type != "document"
            else None)
    try:
        sign_in(page, live_server, world, walker)
        problems = []
        for url, status in walk(app, world, walker):
            response = page.goto(live_server + url)
            if response.status != status:
                problems.append(f"{url}: HTTP {response.status}, not {status}")
                continue
            found = page.evaluate(OVERFLOW)
            if found["scroll"] > found["width"]:
                wide = " | ".join(found["wide"])
                problems.append(f"{url}: {found['scroll']} px wide at {found['width']} px: {wide}")
            problems += [f"{url}: a stacked table cell without data-label: {c}" for c in page.evaluate(UNLABELLED)]
            for banner in page.evaluate(BANNER_PADDING):
                if min(banner["left"], banner["right"]) < 12:
                    problems.append(f"{url}: a banner's text touches the edge of the screen: {banner}")
        assert page.locator("html").get_attribute("lang") == language
    finally:
        context.close()
    assert not missing, f"files not found: {sorted(set(missing))}"
    assert not problems, "\n".join(problems)
