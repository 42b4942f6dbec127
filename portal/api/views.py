"""The sender API at /api/v1: JSON in, JSON out, an API key on every call but the OpenAPI document."""

from __future__ import annotations

from urllib.parse import urlencode

from flask import Blueprint, current_app, g, request

from portal.access import api_route, public
from portal.api import http, openapi, services, validation
from portal.api.problems import ApiProblem, FieldError, from_problem, parameter_error
from portal.clock import local_today, utcnow
from portal.errors_domain import NotFound

bp = Blueprint("api", __name__, url_prefix="/api/v1")


@bp.before_request
def _authenticate():
    request.max_content_length = current_app.config["API_MAX_REQUEST_BYTES"]
    if request.endpoint == "api.openapi_document":
        return
    now = utcnow()
    g.api_key = http.authenticate(now=now)
    http.limit(g.api_key, now=now)


@bp.after_request
def _rate_headers(response):
    for name, value in (getattr(g, "rate_headers", None) or {}).items():
        response.headers.setdefault(name, value)
    return response


@bp.errorhandler(NotFound)
def _not_found(error):
    return from_problem(ApiProblem("not-found", "There is no message with this id for this key. A message of another "
                     "organisation, or a test message asked for with a live key (or the other way round), is not "
                     "found either."))


@bp.get("/openapi.json")
@public
def openapi_document():
    return http.json_response(openapi.document())


@bp.post("/messages")
@api_route
def create_message():
    body = http.read_json()

    def store(spec):
        message = services.send_message(g.api_key, spec, now=utcnow())
        return 201, services.created(message), {}

    return http.run_idempotent(
        g.api_key, body, lambda: validation.parse_message(body, today=local_today(utcnow())), store)


@bp.get("/messages/<message_id>")
@api_route
def get_message(message_id: str):
    return http.json_response(services.detail(services.get_message(g.api_key, message_id)))


@bp.get("/messages")
@api_route
def list_messages():
    query = http.list_query(http.query_args(("type", "since", "status", "limit", "cursor")))
    rows, cursor = services.list_messages(g.api_key, query)
    next_link = None
    if cursor:
        args = {k: v for k, v in request.args.items() if k != "cursor"}
        next_link = f"{request.path}?{urlencode(sorted({**args, 'cursor': cursor}.items()))}"
    return http.json_response({"items": [services.summary(m) for m in rows], "next_cursor": cursor,
                               "links": {"next": next_link}})


@bp.post("/messages/<message_id>/paper")
@api_route
def request_paper(message_id: str):
    body = http.read_json(optional=True)
    if body != {}:
        raise ApiProblem("validation", "This request takes no fields: send an empty body or {}.",
                         [FieldError("#", "Send an empty JSON object {}, or no body at all.")])

    def store(message):
        state, made = services.request_paper(g.api_key, message, now=utcnow())
        return (201 if made else 200), {"id": message_id, "paper": state, "created": made}, {}

    return http.run_idempotent(g.api_key, body, lambda: services.paper_allowed(g.api_key, message_id), store)


@bp.get("/recipients/<bsn>/channel")
@api_route
def recipient_channel(bsn: str):
    if g.api_key.is_test:  # a test key would otherwise tell who has an inbox, without sending anything real
        raise ApiProblem("forbidden", "Test keys cannot look up citizens. Use a live key.")
    if problem := validation.bsn_problem(bsn):
        raise ApiProblem("bad-request", "This is not a valid citizen service number.",
                         [parameter_error("bsn", problem)])
    return http.json_response({"channel": services.channel_of(g.api_key, bsn)})
