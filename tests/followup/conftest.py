"""Follow-up fixtures: a real SMTP server on loopback (aiosmtpd) that counts what it accepted, a real
redis-server started for the test run, and helpers to make messages with a policy.

A missing redis-server fails the tests with an install hint (a skip would hide that nothing was checked):
`make test` installs it.
"""

from __future__ import annotations

import email
import email.policy
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from tests import factories
from tests.servers import free_port, redis_url  # noqa: F401 -- redis_url: the fixture


@dataclass
class Received:
    envelope_to: list[str]
    message: email.message.EmailMessage

    @property
    def text(self) -> str:
        return self.message.get_body(("plain",)).get_content()

    @property
    def html(self) -> str:
        return self.message.get_body(("html",)).get_content()


@dataclass
class Handler:
    """Keeps every e-mail it accepted. `answer` (optional) decides per e-mail: None accepts (250), or a reply
    line like "451 4.3.0 try later" refuses it. `on_data` runs first and may answer too: the crash test kills the
    worker there, before the server accepts the e-mail, and refuses it (the client is gone; nothing is kept)."""

    received: list[Received] = field(default_factory=list)
    answer: Callable[[object], str | None] | None = None
    on_data: Callable[[object], str | None] | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)
    attempts: int = 0

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 -- aiosmtpd's name
        with self.lock:
            self.attempts += 1
        refusal = self.on_data(envelope) if self.on_data else None
        refusal = refusal or (self.answer(envelope) if self.answer else None)
        if refusal:
            return refusal
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.lock:
            self.received.append(Received(list(envelope.rcpt_tos), parsed))
        return "250 Message accepted for delivery"

    def message_ids(self) -> list[str]:
        with self.lock:
            return [r.message["Message-ID"] for r in self.received]


@dataclass
class SmtpServer:
    url: str
    handler: Handler

    @property
    def received(self) -> list[Received]:
        return self.handler.received


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    handler = Handler()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield SmtpServer(f"smtp://127.0.0.1:{controller.port}", handler)
    finally:
        controller.stop()


@pytest.fixture
def config_overrides(smtp_server) -> dict:
    return {"SMTP_URL": smtp_server.url}


def citizen_with_address(**kwargs):
    citizen = factories.create_citizen(**kwargs)
    return factories.give_postal_address(citizen)


def set_policy(message, **steps) -> None:
    import json

    from portal.models import Message

    Message.update(policy=json.dumps(steps, sort_keys=True)).where(Message.id == message.id).execute()
    message.policy = json.dumps(steps, sort_keys=True)


ROOT = Path(__file__).resolve().parents[2]


# The shared browser and text-browser harness, for the page tests in this folder.
from tests.browser.conftest import _tab, chromium, language, page  # noqa: E402, F401
from tests.live import live_server  # noqa: E402, F401
from tests.textbrowser.conftest import w3m  # noqa: E402, F401
