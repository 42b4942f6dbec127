"""Screenshots of the demo for the documentation: the inbox and a message, on a desktop and on a 320-pixel phone
screen, in Dutch (and the inbox in English), and the warning that a paper copy of the Toeslagen letter (due in
three days) comes too late, before and after the click. Made from a fresh demo database, so they show what
`make run` shows.

Usage: .venv/bin/python docs/screenshots.py   (writes docs/*.png; needs Chromium, which `make test` installs)
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SHOTS = [  # file name, viewport width, language, what to open
    ("inbox-desktop.png", 1280, "nl", "inbox"),
    ("inbox-desktop-en.png", 1280, "en", "inbox"),
    ("inbox-320.png", 320, "nl", "inbox"),
    ("message-320.png", 320, "nl", "message"),
]
# The paper section of the Toeslagen letter: before the click at both widths, then the confirmation after it.
LATE_SUBJECT = "Stuur ons uw huurcontract en huurspecificatie"
LATE_SHOTS = [("paper-late-warning.png", 1280, False), ("paper-late-warning-320.png", 320, False),
              ("paper-late-confirmation.png", 1280, True)]


def serve(folder: Path) -> tuple[str, object]:
    os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'demo.db'}"
    os.environ.setdefault("SECRET_KEY", "screenshots-only")
    from werkzeug.serving import make_server

    from portal import create_app, db, demo
    from portal.clock import utcnow

    app = create_app()
    with app.app_context():
        db.migrate()
        with db.database.connection_context():
            demo.seed(now=utcnow())
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_port}", server


def log_in(browser, base: str, width: int, language: str):
    from portal.demo import CITIZENS, DEFAULT_PASSWORD

    height = 900 if width > 600 else 1100  # a phone's page, a few screens long
    context = browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=1,
                                  extra_http_headers={"Accept-Language": language})
    page = context.new_page()
    page.goto(f"{base}/login")
    page.fill("#email", CITIZENS[0][0])
    page.fill("#password", DEFAULT_PASSWORD)
    with page.expect_navigation():
        page.click("main form:has(#email) button")
    return context, page


def late_paper_shots(browser, base: str) -> None:
    """The paper section alone (an element screenshot): the warning, the sender's phone and website, the button."""
    for name, width, after_click in LATE_SHOTS:
        context, page = log_in(browser, base, width, "nl")
        with page.expect_navigation():
            page.click(f"main a:has-text('{LATE_SUBJECT}') >> nth=0")
        if after_click:  # htmx swaps the confirmation into the panel's status region
            page.click("section.paper form button")
            page.wait_for_selector("section.paper .paper-panel__notice")
        page.locator("section.paper").screenshot(path=str(ROOT / "docs" / name))
        print(f"docs/{name}: {page.url.removeprefix(base)} at {width} px, the paper section")


def dashboard_shots(browser, base: str) -> None:
    """The sender's dashboard (chart and statistics table) at 1280 px and on a 320-pixel phone screen, where the
    table's rows become blocks of labelled figures."""
    from portal.demo import DEFAULT_PASSWORD, SENDER

    for name, width in [("dashboard-desktop.png", 1280), ("dashboard-320.png", 320)]:
        context = browser.new_context(viewport={"width": width, "height": 900}, device_scale_factor=1)
        page = context.new_page()
        page.goto(f"{base}/login")
        page.fill("#email", SENDER[0])
        page.fill("#password", DEFAULT_PASSWORD)
        with page.expect_navigation():
            page.click("main form:has(#email) button")
        page.goto(f"{base}/senders/?period=12m")
        # From the chart's heading through the table (its first rows on a phone, where it grows long).
        top = page.locator("main h2").first.bounding_box()
        table = page.locator(".stats-table").first.bounding_box()
        height = min(table["y"] + table["height"] - top["y"], 2000)
        page.screenshot(path=str(ROOT / "docs" / name), full_page=True,
                        clip={"x": 0, "y": top["y"] - 16, "width": width, "height": height + 32})
        print(f"docs/{name}: {page.url.removeprefix(base)} at {width} px, nl")
        context.close()


def main() -> None:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        base, server = serve(Path(folder))
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=ARGS)
        dashboard_shots(browser, base)
        for name, width, language, what in SHOTS:
            context, page = log_in(browser, base, width, language)
            if language == "en":
                with page.expect_navigation():
                    page.click("header button[name=language]")
            if what == "message":
                with page.expect_navigation():
                    page.click(".deadline__what a >> nth=0")
            page.screenshot(path=str(ROOT / "docs" / name))
            print(f"docs/{name}: {page.url.removeprefix(base)} at {width} px, {language}")
            if language == "en":  # the choice is kept on the account: back to Dutch for the next ones
                with page.expect_navigation():
                    page.click("header button[name=language]")
            context.close()
        late_paper_shots(browser, base)
        browser.close()
        server.shutdown()


if __name__ == "__main__":
    main()
