"""Real w3m, driven by keys inside tmux: the portal without JavaScript, as a text-browser user meets it.

`w3m` fixture: a factory, `w3m(language)` → a W3m that has not opened a page yet. Each W3m runs in a tmux
server of its own (own socket, HOME in a temporary folder, so w3m's cookie jar and history stay there) and is
killed when the test ends. Nothing sleeps for a fixed time: every step polls the screen until what it expects
is there, and fails with the screen when it does not come.

Use `gettext_in(app, language)` to find texts by their English msgid, so one test runs in both languages.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask_babel import force_locale, gettext

from tests.live import live_server  # noqa: F401 -- the fixture, for the tests in this folder

TIMEOUT = 10.0  # seconds any one step may take before the test fails
POLL = 0.02
WIDTH, HEIGHT = 120, 50
# w3m shows links in blue and form controls (inputs, buttons) in red: that is how we tell them apart.
LINK, FORM = 34, 31
SGR = re.compile(r"\x1b\[([0-9;]*)m")
# w3m searches take a regular expression; labels are plain text.
REGEX_SPECIALS = re.compile(r"([\\.*+?^$()\[\]|{}])")


def gettext_in(app, language: str) -> Callable[..., str]:
    """`t("Log out")` → the text the app shows for that msgid in `language` (from the compiled catalogue)."""

    def translate(msgid: str, **variables) -> str:
        with app.test_request_context(), force_locale(language):
            return gettext(msgid, **variables)

    return translate


def colours(line: str, colour: int | None = None) -> tuple[list[int | None], int | None]:
    """The foreground colour (30-37) of each column of a `tmux capture-pane -e` line (None: the default), and
    the colour at its end. tmux does not repeat a colour at the start of the next line: pass it in."""
    columns: list[int | None] = []
    position = 0
    for match in SGR.finditer(line):
        columns.extend([colour] * len(line[position:match.start()]))
        position = match.end()
        colour = _next_colour(colour, match.group(1))
    columns.extend([colour] * len(line[position:]))
    return columns, colour


def _next_colour(colour: int | None, parameters: str) -> int | None:
    codes = [int(code) for code in parameters.split(";") if code.isdigit()] or [0]
    for code in codes:
        if code in (0, 39):
            colour = None
        elif 30 <= code <= 37:
            colour = code
    return colour


class W3m:
    """One w3m in its own tmux server. Methods wait until their effect shows on the screen."""

    def __init__(self, home: Path, *, language: str):
        self.home = home
        self.language = language
        self.socket = str(home / "tmux.sock")
        self.started = False

    # Looking -------------------------------------------------------------------------------------------

    def screen(self) -> str:
        return self._tmux("capture-pane", "-p")

    def text(self) -> str:
        """The screen as one line of words, so texts that wrap still match."""
        return " ".join(self.screen().split())

    def cursor(self) -> tuple[int, int]:
        x, y = self._tmux("display-message", "-p", "#{cursor_x} #{cursor_y}").split()
        return int(x), int(y)

    def wait_for(self, words: str, timeout: float = TIMEOUT) -> str:
        """Wait until the words are on the screen; return the screen's text."""
        self._until(lambda: words in self.text(), f"{words!r} on the screen", timeout)
        return self.text()

    def wait_for_any(self, *choices: str, timeout: float = TIMEOUT) -> str:
        """Wait until one of the texts is on the screen; return that one."""
        self._until(lambda: any(c in self.text() for c in choices), f"one of {choices!r}", timeout)
        return next(c for c in choices if c in self.text())

    # Moving --------------------------------------------------------------------------------------------

    def open(self, url: str) -> None:
        """Start w3m on the URL, or go to it (the U command). Follow with wait_for: loading is not awaited."""
        if not self.started:
            self._start(url)
            return
        self.press("U")
        self._wait_for_prompt("Goto URL:")
        self.press("C-a", "C-k")
        self.type(url)
        self.press("Enter")
        self._until(lambda: not self._in_prompt(), "the URL to be taken")

    def find(self, words: str, *, control: bool = False) -> None:
        """Put the cursor on the first place from the top where the words start; with control=True the first
        place where they are a link or a form control (so a heading with a button's words is passed over)."""
        # From the top of the page, as a search goes forward from the cursor. At the top-left corner the
        # cursor is on no match, so "the cursor is on the words" below means the search has run.
        self.press("g")
        self._until(lambda: self.cursor() == (0, 0), "the top of the page")
        self.press("/")
        self._wait_for_prompt("Forward:")
        # w3m's own regular expressions know no "\?": search for the words before it, then check them all below.
        self.type(REGEX_SPECIALS.sub(r"\\\1", words.split("?")[0]))
        self.press("Enter")
        # Not found from the prompt leaves no trace on the screen: that case ends in the timeout.
        self._until(lambda: self._at_cursor().startswith(words), f"{words!r} on the page")
        while not self._not_found() and control and self._colour_at_cursor() not in (LINK, FORM):
            self._move("n", or_else=self._not_found)  # the next match
        if self._not_found():
            raise AssertionError(f"{words!r} is not on the page{' as a control' * control}:\n{self.screen()}")

    def next_field(self) -> None:
        """Tab to the next link or form control."""
        self._move("Tab")

    def previous_field(self) -> None:
        self._move("BTab")

    def focus_field(self, label: str) -> None:
        """Put the cursor in the text field that follows its label."""
        self.find(label)
        self.next_field()
        if not self._in_text_field():
            raise AssertionError(f"No text field after {label!r}:\n{self.screen()}")

    # Doing ---------------------------------------------------------------------------------------------

    def type_into_field(self, text: str) -> None:
        """Replace the value of the text or password field under the cursor."""
        self.press("Enter")
        self._wait_for_prompt("TEXT:", "Password:")
        self.press("C-a", "C-k")
        self.type(text)
        self.press("Enter")
        self._until(lambda: self._field_shows(text), f"the field to show {text!r}")

    def fill(self, label: str, text: str) -> None:
        self.focus_field(label)
        self.type_into_field(text)

    def click(self, words: str) -> None:
        """Follow the link or press the button that shows these words (the first one from the top)."""
        self.find(words, control=True)
        self.press("Enter")

    def choose(self, label: str) -> None:
        """Tick the radio button or checkbox in front of its label (w3m draws them as ( ) and [ ])."""
        self.find(label)
        self.previous_field()
        before = self._at_cursor()
        self.press("Enter")
        self._until(lambda: self._at_cursor() != before, f"the control before {label!r} to change")

    def press(self, *keys: str) -> None:
        """Send keys by tmux name (Enter, Tab, BTab, C-a, …)."""
        self._tmux("send-keys", "-t", "w3m", *keys)

    def type(self, text: str) -> None:
        """Send text as it is (no key names)."""
        self._tmux("send-keys", "-t", "w3m", "-l", text)

    def close(self) -> None:
        if self.started:
            subprocess.run(["tmux", "-S", self.socket, "kill-server"], capture_output=True, timeout=10)
            self.started = False

    # Inside --------------------------------------------------------------------------------------------

    def _start(self, url: str) -> None:
        command = [
            shutil.which("w3m") or "w3m",
            "-o", "accept_cookie=1", "-o", "use_cookie=1", "-o", "accept_bad_cookie=1", "-o", "show_cookie=0",
            "-o", f"accept_language={self.language}", "-o", "confirm_qq=0", "-o", "use_mouse=0",
            "-o", "ignorecase_search=0", "-o", "wrap_search=0",
            "-o", "color=1", "-o", "anchor_color=blue", "-o", "form_color=red",
            url,
        ]
        # The tmux server (and so w3m) gets this environment: HOME keeps w3m's files in the test's folder.
        environment = {"PATH": os.environ.get("PATH", os.defpath), "HOME": str(self.home), "LANG": "C.UTF-8",
                       "TERM": "xterm-256color"}
        subprocess.run(["tmux", "-S", self.socket, "new-session", "-d", "-s", "w3m", "-x", str(WIDTH),
                        "-y", str(HEIGHT), *command], check=True, env=environment, timeout=10)
        self.started = True

    def _tmux(self, *args: str) -> str:
        done = subprocess.run(["tmux", "-S", self.socket, *args], check=True, capture_output=True, text=True,
                              timeout=10)
        return done.stdout

    def _until(self, condition: Callable[[], object], what: str, timeout: float = TIMEOUT) -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > deadline:
                raise AssertionError(f"Waited {timeout} s for {what}. The screen:\n{self.screen()}")
            time.sleep(POLL)

    def _move(self, key: str, or_else: Callable[[], bool] = lambda: False) -> None:
        """Press a key that moves the cursor (or scrolls), and wait until it has moved or `or_else()` holds."""
        before = (self.cursor(), self.screen())
        self.press(key)
        self._until(lambda: (self.cursor(), self.screen()) != before or or_else(), f"the cursor to move ({key})")

    def _wait_for_prompt(self, *prompts: str) -> None:
        """Wait until w3m asks on its bottom line. The cursor must be there too: the text of an answered prompt
        can stay on the screen after it has closed."""
        self._until(lambda: self._in_prompt() and self._bottom_line().startswith(prompts), f"w3m to ask {prompts}")

    def _in_prompt(self) -> bool:
        return self.cursor()[1] == HEIGHT - 1

    def _bottom_line(self) -> str:
        lines = self.screen().splitlines()
        return lines[-1] if lines else ""

    def _not_found(self) -> bool:
        return self._bottom_line().startswith("Not found")

    def _at_cursor(self) -> str:
        x, y = self.cursor()
        lines = self.screen().splitlines()
        return lines[y][x:] if y < len(lines) else ""

    def _colour_at_cursor(self) -> int | None:
        x, y = self.cursor()
        lines = self._tmux("capture-pane", "-p", "-e").splitlines()
        colour = None
        for above in lines[:y]:  # a link that starts a line may have its colour set at the end of the one above
            _, colour = colours(above, colour)
        line = colours(lines[y], colour)[0] if y < len(lines) else []
        return line[x] if x < len(line) else None

    def _field_shows(self, text: str) -> bool:
        """The field under the cursor shows the start of the text (or as many stars, for a password)."""
        shown = self._at_cursor().split("]")[0]
        start = text[: len(shown)]
        return bool(shown) and shown.rstrip() in (start.rstrip(), "*" * len(start))

    def _in_text_field(self) -> bool:
        x, y = self.cursor()
        lines = self.screen().splitlines()
        return 0 < x <= len(lines[y]) and lines[y][x - 1] == "[" and self._colour_at_cursor() == FORM


@pytest.fixture
def w3m(tmp_path_factory) -> Iterator[Callable[..., W3m]]:
    """`w3m(language="nl")` → a W3m (open a page with `.open(url)`), closed after the test."""
    for tool in ("w3m", "tmux"):
        if not shutil.which(tool):
            pytest.fail(f"{tool} is not installed: run `make test` (it installs what the tests need).")
    started: list[W3m] = []

    def start(language: str = "nl") -> W3m:
        # A short folder name: the tmux socket path must stay under the kernel's ~100-character limit.
        started.append(W3m(tmp_path_factory.mktemp("w3m"), language=language))
        return started[-1]

    yield start
    for browser in started:
        browser.close()


def log_in(browser: W3m, base_url: str, email: str, t: Callable[..., str], password: str | None = None, *,
           lands_on: str | None = None) -> str:
    """Log in through the form, as a keyboard user does; return the screen of the page after it, once it shows
    `lands_on` (by default the inbox's heading)."""
    from tests import factories

    browser.open(f"{base_url}/login")
    browser.wait_for(t("Log in to read the letters that government organisations send you."))
    browser.fill(t("E-mail address"), email)
    browser.fill(t("Password"), password or factories.PASSWORD)
    browser.click(t("Log in"))  # the first control with these words: the button
    return browser.wait_for(lands_on or t("Your messages"))
