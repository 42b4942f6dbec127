"""The shared harness, for the paper pages: a live server, Chromium with axe-core (tests/browser) and w3m
(tests/textbrowser)."""

from tests.browser.conftest import _tab, chromium, language, page  # noqa: F401 -- fixtures for this folder
from tests.live import live_server  # noqa: F401
from tests.textbrowser.conftest import w3m  # noqa: F401
