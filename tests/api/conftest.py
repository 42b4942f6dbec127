"""API test helpers: an organisation with live and test keys, a citizen with an inbox, a valid message body,
and a check that every answer matches the served OpenAPI document."""

from __future__ import annotations

import base64
import itertools
import json
from dataclasses import dataclass
from datetime import date, timedelta

import jsonschema_rs
import pytest

from portal.api import keys
from portal.clock import local_today, utcnow
from tests import factories

_idempotency = itertools.count(1)
PDF_CACHE: dict[str, bytes] = {}


def make_pdf(pages: int = 1) -> bytes:
    if pages not in PDF_CACHE:
        from portal.pdf import render_pdf

        body = "".join(f'<section class="page">Pagina {n}</section>' for n in range(pages))
        PDF_CACHE[pages] = render_pdf(
            '<!doctype html><html lang="nl"><head><title>Bijlage</title><style>.page{page-break-after:always}'
            f"</style></head><body>{body}</body></html>"
        )
    return PDF_CACHE[pages]


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def message_body(bsn: str, **changes) -> dict:
    body = {
        "recipient": {"bsn": bsn},
        "type": "voorschot-huurtoeslag",
        "reference": "HT-2027-001",
        "subject": {"nl": "Uw voorschot huurtoeslag", "en": "Your housing allowance advance"},
        "summary": {"nl": "U krijgt elke maand een voorschot. U hoeft niets te doen.",
                    "en": "You get an advance every month. You do not need to do anything."},
        "action": {"nl": "Controleer uw inkomen.", "en": "Check your income."},
        "body": {"nl": "Wij hebben uw voorschot berekend.", "en": "We calculated your advance."},
        "deadline": {"date": (local_today(utcnow()) + timedelta(days=30)).isoformat(), "kind": "respond"},
    }
    for name, value in changes.items():
        if value is ...:
            body.pop(name, None)
        else:
            body[name] = value
    return body


@dataclass
class Api:
    client: object
    secret: str

    def headers(self, secret: str | None = None, idempotency: str | None = None, **extra) -> dict:
        headers = {"Authorization": f"Bearer {secret or self.secret}"}
        if idempotency is not False:
            headers["Idempotency-Key"] = idempotency or f"test-{next(_idempotency)}"
        headers.update(extra)
        return headers

    def send(self, body, *, secret=None, idempotency=None, **headers):
        return self.client.post("/api/v1/messages", json=body, headers=self.headers(secret, idempotency, **headers))

    def get(self, url, *, secret=None, **headers):
        return self.client.get(url, headers=self.headers(secret, False, **headers))

    def post(self, url, *, secret=None, idempotency=None, **kwargs):
        return self.client.post(url, headers=self.headers(secret, idempotency), **kwargs)


@pytest.fixture
def organisation(app):
    return factories.create_organisation(slug="toeslagen", name_nl="Dienst Toeslagen", name_en="Benefits Agency")


@pytest.fixture
def live_key(organisation):
    return keys.create_key(org_slug=organisation.slug, kind="live", name="main", now=utcnow())


@pytest.fixture
def test_key(organisation):
    return keys.create_key(org_slug=organisation.slug, kind="test", name="sandbox", now=utcnow())


@pytest.fixture
def api(client, live_key) -> Api:
    return Api(client, live_key.secret)


@pytest.fixture
def recipient(app):
    return factories.create_citizen(email="burger@example.nl", bsn="999990019")


@pytest.fixture
def body(recipient) -> dict:
    return message_body(recipient.bsn)


# --- the OpenAPI document as the judge of real answers ---------------------------------------------------

_DOCUMENT: dict | None = None


def document() -> dict:
    global _DOCUMENT
    if _DOCUMENT is None:
        from portal.api.openapi import document as build

        _DOCUMENT = build()
    return _DOCUMENT


def matches_document(response, path: str, method: str) -> None:
    """Fail unless the answer's status and body are what the document says for this operation."""
    operation = document()["paths"][path][method.lower()]
    status = str(response.status_code)
    assert status in operation["responses"] or response.status_code >= 500, (
        f"{method} {path}: status {status} is not documented")
    answer = operation["responses"].get(status, operation["responses"].get("default"))
    (media, spec), = answer["content"].items()
    assert response.mimetype == media, f"{method} {path} {status}: {response.mimetype}, documented {media}"
    schema = {**spec["schema"], "components": document()["components"]}
    errors = [str(e) for e in jsonschema_rs.Draft202012Validator(schema).iter_errors(json.loads(response.data))]
    assert not errors, f"{method} {path} {status} does not match the document: {errors[:3]}"
    assert "Set-Cookie" not in response.headers, "the API never sets a cookie"


def today() -> date:
    return local_today(utcnow())
