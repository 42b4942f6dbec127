"""API routes of this area, on the API blueprint (/api/v1): moving a message's deadline, and webhook
subscriptions. Bodies are checked by the schemas the OpenAPI document publishes (portal/webhooks/openapi.py,
run by portal.api.contract), then by the rules no schema says; each wrong field is named in the problem's
errors."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import current_app, g

from portal.access import api_route
from portal.api import contract, http
from portal.api import services as api_services
from portal.api.problems import ApiProblem, FieldError
from portal.api.validation import Checker
from portal.api.views import bp
from portal.clock import utcnow
from portal.errors_domain import NotFound, ValidationFailed
from portal.webhooks import deadlines, services

DEADLINE_PROBLEMS = {
    "missing": "Give the new deadline as YYYY-MM-DD.",
    "no_deadline": "This message has no deadline to move.",
    "past": "The new deadline must be after today: the citizen acts before this date.",
    "far": f"The deadline can be at most {deadlines.MAX_YEARS} years ahead.",
    "same": "This is the deadline the message has already.",
}
REASON_PROBLEMS = {"missing": "Give the reason the citizen will read, like 'Extended after our phone call'.",
                   "too_long": f"The reason can be at most {deadlines.REASON_MAX} characters long."}


def _invalid(errors: list[FieldError], what: str = "The request") -> ApiProblem:
    count = len(errors)
    return ApiProblem("validation", f"{what} has {count} wrong field{'s' if count > 1 else ''}. Nothing was "
                      "changed.", errors)


def _checked(data: Any, schema: str) -> Checker:
    """The schema's findings; raises at once when the body is no object, as nothing else can be read then."""
    c = Checker(contract.check(data, schema))
    if not isinstance(data, dict):
        raise _invalid(c.errors, "The body")
    return c


def parse_deadline_change(data: Any) -> tuple[date, str]:
    c = _checked(data, "DeadlineChangeRequest")
    day = c.text(data.get("deadline"), "#/deadline")
    reason = c.text(data.get("reason"), "#/reason", multiline=True)
    if c.errors:
        raise _invalid(c.errors, "The body")
    return date.fromisoformat(day), reason  # the schema's format "date" has checked it is one


@bp.patch("/messages/<message_id>")
@api_route
def change_message(message_id: str):
    body = http.read_json()

    def prepare():
        day, reason = parse_deadline_change(body)
        return api_services.get_message(g.api_key, message_id), day, reason

    def store(prepared):
        message, day, reason = prepared
        try:
            deadlines.change(message, deadline=day, reason=reason, api_key=g.api_key, now=utcnow())
        except ValidationFailed as failed:
            words = {"deadline": DEADLINE_PROBLEMS, "reason": REASON_PROBLEMS}
            raise _invalid([FieldError(f"#/{name}", words[name][code]) for name, code in failed.errors.items()],
                           "The change") from None
        return 200, api_services.detail(message), {}

    return http.run_idempotent(g.api_key, body, prepare, store)


# Subscriptions ------------------------------------------------------------------------------------------


def as_json(sub, secret: str | None = None) -> dict:
    document = {"id": sub.public_id, "url": sub.url, "events": sub.event_types, "test": bool(sub.is_test),
                "enabled": bool(sub.enabled), "created_at": api_services.iso(sub.created_at),
                "old_secret_valid_until": api_services.iso(sub.old_secret_until) if sub.old_secret_until else None}
    if secret:
        document["secret"] = secret
    return document


def delivery_json(row) -> dict:
    return {"id": row.public_id, "type": row.event_type, "status": row.status, "attempts": row.attempts,
            "created_at": api_services.iso(row.created_at), "last_status": row.last_status,
            "last_answer": row.last_answer, "next_attempt_at": api_services.iso(row.due_at)
            if row.status == "pending" else None}


def _subscription(public_id: str):
    try:
        return services.get(g.api_key.organisation, public_id, is_test=g.api_key.is_test)
    except NotFound:
        raise ApiProblem("not-found", "There is no webhook subscription with this id for this key (test keys see "
                         "test subscriptions, live keys live ones).") from None


def parse_new_webhook(data: Any) -> tuple[str, list[str]]:
    c = _checked(data, "NewWebhook")
    url = c.text(data.get("url"), "#/url")
    production = current_app.config["ENV"] == "production"
    if url is not None and (problem := services.url_problem(url, production=production)):
        c.fail("#/url", services.URL_PROBLEMS[problem])
    if c.errors:
        raise _invalid(c.errors, "The body")
    return url, sorted(set(data.get("events", [])))


@bp.get("/webhooks")
@api_route
def list_webhooks():
    subs = services.of(g.api_key.organisation, is_test=g.api_key.is_test)
    return http.json_response({"items": [as_json(sub) for sub in subs]})


@bp.post("/webhooks")
@api_route
def create_webhook():
    url, chosen = parse_new_webhook(http.read_json())
    try:
        sub, secret = services.create(g.api_key.organisation, url=url, event_types=chosen,
                                      is_test=g.api_key.is_test, production=current_app.config["ENV"] == "production",
                                      now=utcnow())
    except ValidationFailed as failed:
        words = {**services.URL_PROBLEMS, **services.EVENT_PROBLEMS}
        raise _invalid([FieldError(f"#/{name}", words[code]) for name, code in failed.errors.items()]) from None
    return http.json_response(as_json(sub, secret), 201, {"Location": f"/api/v1/webhooks/{sub.public_id}"})


@bp.get("/webhooks/<public_id>")
@api_route
def get_webhook(public_id: str):
    sub = _subscription(public_id)
    return http.json_response({**as_json(sub), "deliveries": [delivery_json(r) for r in services.recent(sub)]})


@bp.patch("/webhooks/<public_id>")
@api_route
def change_webhook(public_id: str):
    sub = _subscription(public_id)
    body = http.read_json()
    c = _checked(body, "WebhookChange")
    if c.errors:
        raise _invalid(c.errors, "The body")
    services.set_enabled(sub, body["enabled"], now=utcnow())
    return http.json_response(as_json(sub))


@bp.post("/webhooks/<public_id>/rotate")
@api_route
def rotate_webhook(public_id: str):
    sub = _subscription(public_id)
    secret = services.rotate(sub, now=utcnow())
    return http.json_response(as_json(sub, secret))


@bp.post("/webhooks/<public_id>/test")
@api_route
def test_webhook(public_id: str):
    row = services.send_test(_subscription(public_id), now=utcnow())
    return http.json_response(delivery_json(row), 202)


@bp.delete("/webhooks/<public_id>")
@api_route
def delete_webhook(public_id: str):
    services.delete(_subscription(public_id))
    return http.json_response({"id": public_id, "deleted": True})


