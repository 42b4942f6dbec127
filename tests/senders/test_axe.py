"""The dashboard pages in headless Chromium with axe-core: zero violations, in Dutch and in English.

A small live server of its own (the shared browser harness was not in the tree when this was written)."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from portal.api import keys
from portal.clock import utcnow
from tests import factories

AXE = Path(__file__).resolve().parents[2] / ".cache/node/node_modules/axe-core/axe.min.js"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]

pytestmark = pytest.mark.browser


@pytest.fixture
def live_url(app):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture
def browser_page():
    if not AXE.exists() or not Path(CHROMIUM).exists():
        pytest.fail("Chromium and axe-core are needed: run `make system-deps node-deps`.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page()
        yield page
        browser.close()


def violations(page) -> list[str]:
    page.evaluate(AXE.read_text())
    found = page.evaluate("""async () => (await axe.run(document, {resultTypes: ['violations']})).violations
        .map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))""")
    return found


@pytest.mark.parametrize("language", ["nl", "en"])
def test_dashboard_pages_have_no_axe_violations(live_url, browser_page, sender, known_mail, language):
    made = keys.create_key(org_slug=sender.organisation.slug, kind="live", name="Systeem", now=utcnow())
    keys.create_key(org_slug=sender.organisation.slug, kind="test", name="Proef", now=utcnow())
    page = browser_page
    page.goto(f"{live_url}/login")
    page.fill("#email", sender.account.email)
    page.fill("#password", factories.PASSWORD)
    page.click("main button")
    page.wait_for_url(f"{live_url}/senders/")
    if language == "en":
        page.click("button[name=language][value=en]")
        page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == language
    for path in ("/senders/?period=all", "/senders/unopened", "/senders/keys", f"/senders/keys/{made.key.id}/revoke",
                 "/senders/api-reference"):
        page.goto(f"{live_url}{path}")
        assert page.locator("h1").count() == 1, path
        assert violations(page) == [], (language, path)
