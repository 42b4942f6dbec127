"""Fixtures for the scale-out tests: a real redis-server on a free loopback port (started by the test run,
in a temporary folder, stopped at the end). A missing redis-server fails with an install hint: a skip would
hide that nothing was checked."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.api.conftest import api, live_key, organisation, recipient  # noqa: F401 -- shared API fixtures
from tests.servers import free_port, redis_url, wait_for_port  # noqa: F401 -- redis_url: the fixture


class SmtpCounter:
    """A real SMTP server on loopback (aiosmtpd) that keeps the Message-ID of every e-mail it accepted."""

    def __init__(self):
        import threading

        self.lock, self.received = threading.Lock(), []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 -- aiosmtpd's name
        import email
        import email.policy

        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.lock:
            self.received.append(message["Message-ID"])
        return "250 Message accepted for delivery"

    def ids(self) -> list[str]:
        with self.lock:
            return list(self.received)


@pytest.fixture
def smtp_counter() -> Iterator[SmtpCounter]:
    from aiosmtpd.controller import Controller

    handler = SmtpCounter()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    handler.url = f"smtp://127.0.0.1:{controller.port}"
    try:
        yield handler
    finally:
        controller.stop()
