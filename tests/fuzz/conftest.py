"""The route fuzzer's app: CSRF checks off (so generated form values reach the forms' own validation, which
is what is fuzzed; CSRF itself is tested in tests/test_security.py), API rate limits out of the way, and every
log record of the app kept so a traceback fails the test even when the answer looks fine."""

from __future__ import annotations

import logging

import pytest

from tests.fuzz.routes import RecordingRequest


@pytest.fixture
def config_overrides():
    # DigiD on, with a broker that refuses every connection at once: its pages run their own code (and their
    # refusals), not the 404 they answer while it is off. tests/oidc runs them against a real provider.
    return {"WTF_CSRF_ENABLED": False, "API_SEND_PER_MINUTE": 10**6, "API_READ_PER_MINUTE": 10**6,
            "OIDC_ISSUER": "http://127.0.0.1:9", "OIDC_CLIENT_ID": "portal", "OIDC_CLIENT_SECRET": "fuzz"}


@pytest.fixture
def app(app):
    app.request_class = RecordingRequest
    return app


class Kept(logging.Handler):
    def __init__(self):
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.ERROR or record.exc_info:
            self.records.append(record)

    def take(self) -> list[str]:
        texts = [logging.Formatter("%(levelname)s %(name)s: %(message)s").format(r) for r in self.records]
        self.records.clear()
        return texts


@pytest.fixture
def app_log():
    """Records of level ERROR or with a traceback (formatted with it), from any logger."""
    kept = Kept()
    root = logging.getLogger()
    root.addHandler(kept)
    yield kept
    root.removeHandler(kept)
