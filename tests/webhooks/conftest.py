"""Webhook fixtures: a real HTTP receiver on loopback (a threaded http.server in this test process) that
verifies every request's signature with the `standardwebhooks` library, as a sender's system would, and
records what arrived; plus an organisation with keys and subscriptions."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from portal.clock import utcnow
from portal.webhooks import delivery, services
from tests.api import conftest as api_area

# The API area's fixtures, the same organisation, keys and client: webhooks are managed through that API.
organisation, live_key, test_key, api = api_area.organisation, api_area.live_key, api_area.test_key, api_area.api


@dataclass
class Arrival:
    webhook_id: str
    payload: dict
    headers: dict


@dataclass
class Receiver:
    """Answers `answer()` (default 200); keeps every request whose signature verifies against one of
    `secrets`; counts the ones that do not."""

    url: str
    secrets: list[str] = field(default_factory=list)
    arrivals: list[Arrival] = field(default_factory=list)
    bad_signatures: int = 0
    requests: int = 0
    answer: Callable[[], int] = lambda: 200
    after: Callable[[], None] = lambda: None  # called after each request that was kept
    lock: threading.Lock = field(default_factory=threading.Lock)

    def types(self) -> list[str]:
        with self.lock:
            return [a.payload["type"] for a in self.arrivals]

    def of_type(self, event_type: str) -> list[Arrival]:
        with self.lock:
            return [a for a in self.arrivals if a.payload["type"] == event_type]

    def unique_ids(self) -> set[str]:
        with self.lock:
            return {a.webhook_id for a in self.arrivals}

    def handle(self, body: bytes, headers: dict) -> int:
        status = self.answer()
        verified = None
        for secret in self.secrets:
            try:
                verified = Webhook(secret).verify(body, headers)
                break
            except WebhookVerificationError:
                continue
        with self.lock:
            self.requests += 1
            if verified is None:
                self.bad_signatures += 1
                return 400
            if 200 <= status < 300:
                self.arrivals.append(Arrival(headers["webhook-id"], verified, headers))
        self.after()
        return status


def _handler(receiver: Receiver) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 -- http.server's name
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            status = receiver.handle(body, {k.lower(): v for k, v in self.headers.items()})
            answer = json.dumps({"status": status}).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, *args):
            return None

    return Handler


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    yield from running_receiver()


@pytest.fixture
def second_receiver() -> Iterator[Receiver]:
    yield from running_receiver()


def running_receiver() -> Iterator[Receiver]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), None)
    found = Receiver(url=f"http://127.0.0.1:{server.server_address[1]}/hook")
    server.RequestHandlerClass = _handler(found)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    try:
        yield found
    finally:
        server.shutdown()
        server.server_close()


def subscribe(sender, receiver: Receiver, *, is_test: bool = False, event_types=()):
    subscription, secret = services.create(sender, url=receiver.url, event_types=list(event_types),
                                           is_test=is_test, production=False, now=utcnow())
    receiver.secrets.append(secret)
    return subscription


def drain(now=None):
    """What the worker does: send every due delivery."""
    return delivery.drain(now=now)


def assert_documented(arrivals: list[Arrival]) -> None:
    """Each payload matches its schema in the OpenAPI document's `webhooks` section."""
    import jsonschema_rs

    from tests.api.conftest import document

    doc = document()
    for arrival in arrivals:
        event_type = arrival.payload["type"]
        spec = doc["webhooks"][event_type]["post"]["requestBody"]["content"]["application/json"]["schema"]
        schema = {**spec, "components": doc["components"]}
        errors = [str(e) for e in jsonschema_rs.Draft202012Validator(schema).iter_errors(arrival.payload)]
        assert not errors, f"{event_type} does not match the document: {errors[:3]}"
