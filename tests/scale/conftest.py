"""Fixtures for the scale-out tests: a real redis-server on a free loopback port (started by the test run,
in a temporary folder, stopped at the end). A missing redis-server fails with an install hint: a skip would
hide that nothing was checked."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.api.conftest import api, live_key, organisation, recipient  # noqa: F401 -- shared API fixtures

REDIS_HINT = "redis-server is not installed: run `make test` (or `apt-get install redis-server`)."


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, what: str, timeout: float = 15) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"{what} did not start on port {port}.")
            time.sleep(0.05)


def start_redis(folder: Path) -> tuple[subprocess.Popen, str]:
    binary = shutil.which("redis-server")
    if not binary:
        pytest.fail(REDIS_HINT)
    port = free_port()
    process = subprocess.Popen(  # noqa: S603 -- our own arguments
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--dir", str(folder), "--save", "",
         "--appendonly", "no", "--protected-mode", "yes"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_for_port(port, process, "redis-server")
    return process, f"redis://127.0.0.1:{port}/0"


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory) -> Iterator[str]:
    process, url = start_redis(tmp_path_factory.mktemp("redis"))
    try:
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


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
