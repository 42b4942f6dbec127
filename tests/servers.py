"""Real servers the tests start on loopback: a free port, waiting until a process listens on it, and a
redis-server in a temporary folder. A missing redis-server fails with an install hint: a skip would hide that
nothing was checked. Import `redis_url` into a folder's conftest to use the fixture there."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

REDIS_HINT = "redis-server is not installed: run `make test` (or `apt-get install redis-server`)."


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, what: str, timeout: float = 15) -> None:
    """Wait until something accepts connections on the port; fail (and kill the process) if it exits or the
    time is up first."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                # Not pytest.fail: the benchmarks (bench/common.py) start their servers with this too.
                raise RuntimeError(f"{what} did not start on port {port}.") from None
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
    """A real redis-server on a free loopback port for the whole test run."""
    process, url = start_redis(tmp_path_factory.mktemp("redis"))
    try:
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)
