"""A live server, headless Chromium with axe-core, and w3m driven in tmux, for the paper pages.

Small and local: the shared browser harness was not in the tree when these tests were written. They fail
(not skip) when Chromium, axe-core, w3m or tmux are missing: `make system-deps node-deps` installs them.
"""

from __future__ import annotations

import shutil
import subprocess
import threading
import time
import uuid
from pathlib import Path

import pytest
from werkzeug.serving import make_server

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / ".cache/node/node_modules/axe-core/axe.min.js"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture
def live_url(app):
    """The test app on a free loopback port, in a thread (each request gets its own database connection)."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture
def chromium():
    if not AXE.exists() or not Path(CHROMIUM).exists():
        pytest.fail("Chromium and axe-core are needed: run `make system-deps node-deps`.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        yield page
        browser.close()


def axe_violations(page, ignore: tuple[str, ...] = ()) -> list[str]:
    """Run axe-core on the page (injected with evaluate: the CSP blocks inline script tags)."""
    page.evaluate(AXE.read_text())
    found = page.evaluate("""async () => (await axe.run(document, {resultTypes: ['violations']})).violations
        .map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))""")
    return [violation for violation in found if violation not in ignore]


class W3m:
    """w3m in a detached tmux session: no JavaScript, real forms, cookies kept between pages."""

    def __init__(self, url: str, *, width: int = 160, height: int = 60):
        for tool in ("w3m", "tmux"):
            if not shutil.which(tool):
                pytest.fail(f"{tool} is needed: run `make system-deps`.")
        self.session = f"w3m-{uuid.uuid4().hex[:8]}"
        command = ("w3m -o confirm_qq=0 -o use_cookie=1 -o accept_cookie=1 -o accept_bad_cookie=1 -o show_cookie=0 "
                   f"-o accept_language=nl -o display_link_number=0 -o use_mouse=0 -o ignorecase_search=0 '{url}'")
        self._tmux("new-session", "-d", "-s", self.session, "-x", str(width), "-y", str(height), command)
        time.sleep(0.3)

    def _tmux(self, *args: str) -> str:
        return subprocess.run(["tmux", *args], check=True, capture_output=True, text=True, timeout=10).stdout

    def keys(self, *keys: str, pause: float = 0.03) -> None:
        for key in keys:
            self._tmux("send-keys", "-t", self.session, key)
            time.sleep(pause)

    def type(self, text: str) -> None:
        self._tmux("send-keys", "-t", self.session, "-l", text)
        time.sleep(0.03)

    def screen(self) -> str:
        return self._tmux("capture-pane", "-p", "-t", self.session)

    def text(self) -> str:
        return " ".join(self.screen().split())

    def wait_for(self, words: str, timeout: float = 10) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if words in self.text():
                return self.text()
            time.sleep(0.2)
        raise AssertionError(f"{words!r} did not appear in w3m:\n{self.screen()}")

    def goto(self, url: str) -> None:
        self.keys("U")
        self.keys("C-a", "C-k")
        self.type(url)
        self.keys("Enter", pause=0.3)

    def find(self, words: str) -> None:
        """Put the cursor on the first place the words appear (a search from the top of the page)."""
        self.keys("g", "/")
        self.type(words)
        self.keys("Enter")

    def fill(self, label: str, value: str) -> None:
        """Type into the text field that follows the label."""
        self.find(label)
        self.keys("Tab", "Enter", "C-a", "C-k")
        self.type(value)
        self.keys("Enter")

    def choose(self, label: str) -> None:
        """Tick the radio button or checkbox in front of its label."""
        self.find(label)
        self.keys("BTab", "Enter")

    def press(self, button: str) -> None:
        """Submit a form with the button that shows these words."""
        self.find(button)
        self.keys("Enter", pause=0.3)

    def close(self) -> None:
        subprocess.run(["tmux", "kill-session", "-t", self.session], capture_output=True, timeout=10)


@pytest.fixture
def w3m(live_url):
    browsers: list[W3m] = []

    def start(path: str = "/login") -> W3m:
        browsers.append(W3m(live_url + path))
        return browsers[-1]

    yield start
    for browser in browsers:
        browser.close()
