"""Headless Chromium (one per test session) against the live server, and axe-core to scan pages.

Fixtures: `chromium` (the browser), `page` (one tab for the whole session, handed to each test without cookies
and asking for the `language` fixture in Accept-Language: "nl" unless a test parametrises `language`).
Helpers: `axe_scan(page)` → violations, `assert_accessible(page, language)`, `log_in(page, live_server, email)`.
A test that needs its own context (no JavaScript, a phone's screen) makes one from `chromium` and closes it.

Missing Chromium or axe-core fails the tests (a skip would hide that nothing was checked): `make test`
installs both.
"""

from __future__ import annotations

import functools
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests import factories
from tests.live import live_server  # noqa: F401 -- the fixture, for the tests in this folder

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / ".cache/node/node_modules/axe-core/axe.min.js"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
# WCAG 2.2 AA (axe tags each rule with the levels it checks) plus axe's best practices (landmarks, one h1, …).
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
VIEWPORT = {"width": 1280, "height": 720}
INSTALL_HINT = "run `make test`, which installs the browser test tools"
# Only what a report needs, so a failure message stays readable.
RUN_AXE = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
    nodes: v.nodes.map(n => ({target: n.target.join(' '), html: n.html, summary: n.failureSummary})),
  }));
}"""


# One Playwright and one Chromium for the whole run, whichever folder's conftest asks first: folders import
# `chromium` into their own conftest (a separate fixture each), and a second sync Playwright cannot start while
# the first is alive ("Sync API inside the asyncio loop").
_SHARED: dict = {}


@pytest.fixture(scope="session")
def chromium() -> Iterator:
    executable = shutil.which("chromium")
    if not executable:
        pytest.fail(f"Chromium is not installed: {INSTALL_HINT}.")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail(f"Python playwright is not installed: {INSTALL_HINT}.")

    if "browser" not in _SHARED:
        _SHARED["playwright"] = sync_playwright().start()
        _SHARED["browser"] = _SHARED["playwright"].chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
    yield _SHARED["browser"]
    if "browser" in _SHARED:  # the first of these fixtures to end closes it, at the end of the run
        _SHARED.pop("browser").close()
        _SHARED.pop("playwright").stop()


@pytest.fixture
def language() -> str:
    """The visitor's language; parametrise `language` in a test to change it."""
    return "nl"


class Tab:
    """One browser tab kept for the whole session. A new tab costs a new renderer process, cold: loading and
    compiling axe-core there takes three times as long as in a warm one (about 0.75 s against 0.25 s a scan)."""

    def __init__(self, browser):
        self.browser = browser
        self.page = None

    def fresh(self, language: str):
        """The tab as a new visitor would have it: no cookies, asking for `language`, the default size."""
        if self.page is None or self.page.is_closed():
            context = self.browser.new_context(viewport=VIEWPORT)
            context.set_default_timeout(10_000)  # fail in seconds, not the default 30
            self.page = context.new_page()
        context = self.page.context
        context.clear_cookies()
        context.unroute_all()
        context.set_extra_http_headers({"Accept-Language": language})
        if self.page.viewport_size != VIEWPORT:
            self.page.set_viewport_size(VIEWPORT)
        return self.page


@pytest.fixture(scope="session")
def _tab(chromium) -> Tab:
    return Tab(chromium)


@pytest.fixture
def page(_tab, language):
    """A logged-out visitor whose browser asks for `language`; open pages at `live_server + path`.

    Each test has its own live server (a new port, so a new origin: no storage is shared) and no cookies.
    """
    return _tab.fresh(language)


@functools.cache
def axe_source() -> str:
    if not AXE.exists():
        pytest.fail(f"axe-core is not installed ({AXE.relative_to(ROOT)} is missing): {INSTALL_HINT}.")
    return AXE.read_text()


def axe_scan(page) -> list[dict]:
    """Run axe-core on the page as it is now; return its violations.

    Injected with evaluate: the CSP (script-src 'self') blocks an inline <script>, not DevTools evaluation.
    """
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(axe_source())
    return page.evaluate(RUN_AXE, AXE_TAGS)


def format_violations(violations: list[dict], url: str) -> str:
    lines = [f"{len(violations)} axe-core violation(s) on {url}:"]
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}  {violation['helpUrl']}")
        for node in violation["nodes"]:
            lines.append(f"    at {node['target']}: {node['html'][:200]}")
            lines.extend(f"      {line}" for line in (node["summary"] or "").splitlines())
    return "\n".join(lines)


def assert_accessible(page, language: str) -> None:
    """The page says it is in `language` and axe-core finds nothing wrong with it."""
    page.wait_for_load_state()  # styles applied: colour contrast depends on them
    assert page.locator("html").get_attribute("lang") == language, f"<html lang> on {page.url}"
    violations = axe_scan(page)
    assert not violations, format_violations(violations, page.url)


def log_in(page, base_url: str, email: str, password: str = factories.PASSWORD, *, public: bool = False) -> None:
    """Log in through the form at the live server's base URL; wait until the page after it has loaded.
    `public`: as on a shared computer (the log-in link of a library's desktop ticks that box)."""
    page.goto(f"{base_url}/login{'?public=1' if public else ''}")
    page.fill("#email", email)
    page.fill("#password", password)
    with page.expect_navigation():  # the answer to the POST, after its redirect when the log-in worked
        page.click("main form:has(#email) button")  # not the DigiD button, when log-in with DigiD is on
