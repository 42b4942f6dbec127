"""Errors as `application/problem+json` (RFC 9457) for everything under /api/, including routing errors
(404, 405), oversized bodies (413) and unexpected failures (500), which the HTML error pages answer elsewhere.

Every problem has `type` (a link to its explanation in the API reference), `title`, `status` and `detail`;
validation problems add `errors`: a list of {"pointer": "#/recipient/bsn", "detail": "…"}.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass, field

from flask import Flask, Response, current_app, request
from werkzeug.exceptions import HTTPException, InternalServerError

API_PREFIX = "/api/"
MEDIA_TYPE = "application/problem+json"
REFERENCE_URL = "/senders/api-reference"

# type slug -> (status, title). The reference page lists these; the OpenAPI document names them.
PROBLEMS = {
    "bad-request": (400, "The request could not be read"),
    "invalid-json": (400, "The body is not valid JSON"),
    "unauthorized": (401, "No valid API key"),
    "forbidden": (403, "This key may not do this"),
    "not-found": (404, "Not found"),
    "method-not-allowed": (405, "Method not allowed"),
    "busy": (409, "The first request with this Idempotency-Key is still being handled"),
    "too-large": (413, "The request body is too large"),
    "unsupported-media-type": (415, "Send the body as application/json"),
    "validation": (422, "The request has errors"),
    "idempotency-key-reused": (422, "This Idempotency-Key was used with another request"),
    "no-address": (422, "This citizen has no inbox and no postal address"),
    "rate-limited": (429, "Too many requests"),
    "server-error": (500, "Something went wrong on our side"),
}
_BY_STATUS = {400: "bad-request", 401: "unauthorized", 403: "forbidden", 404: "not-found",
              405: "method-not-allowed", 409: "busy", 413: "too-large", 415: "unsupported-media-type",
              422: "validation", 429: "rate-limited"}


@dataclass
class FieldError:
    """One wrong field: `pointer` into the JSON body ("#/recipient/bsn"), or the name of a URL or header
    `parameter` ("since", "Idempotency-Key")."""

    pointer: str | None
    detail: str
    parameter: str | None = None

    def as_json(self) -> dict:
        where = {"parameter": self.parameter} if self.parameter is not None else {"pointer": self.pointer}
        return {**where, "detail": self.detail}


def parameter_error(name: str, detail: str) -> FieldError:
    return FieldError(None, detail, parameter=name)


@dataclass
class ApiProblem(Exception):
    """Raise anywhere in the API to answer with a problem document."""

    kind: str
    detail: str
    errors: list[FieldError] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def status(self) -> int:
        return PROBLEMS[self.kind][0]


def problem_type(kind: str) -> str:
    return f"{REFERENCE_URL}#problem-{kind}"


def problem_response(kind: str, detail: str, *, errors: list[FieldError] | None = None,
                     headers: dict[str, str] | None = None, status: int | None = None) -> Response:
    status = status or PROBLEMS[kind][0]
    document = {"type": problem_type(kind), "title": PROBLEMS[kind][1], "status": status, "detail": detail}
    if errors:
        document["errors"] = [e.as_json() for e in errors]
    response = Response(json.dumps(document, ensure_ascii=False), status=status, mimetype=MEDIA_TYPE)
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def from_problem(problem: ApiProblem) -> Response:
    return problem_response(problem.kind, problem.detail, errors=problem.errors, headers=problem.headers)


def is_api_request() -> bool:
    return request.path.startswith(API_PREFIX)


def _from_http(error: HTTPException) -> Response:
    kind = _BY_STATUS.get(error.code or 500, "bad-request")
    detail = {
        "not-found": "There is nothing at this address. The API reference lists every address.",
        "method-not-allowed": f"This address does not accept {request.method}.",
        "too-large": "The request body is larger than this API accepts.",
    }.get(kind, error.description or PROBLEMS[kind][1])
    headers = {}
    if kind == "method-not-allowed" and getattr(error, "valid_methods", None):
        headers["Allow"] = ", ".join(error.valid_methods)
    return problem_response(kind, detail, headers=headers, status=error.code)


def _server_error(error: BaseException) -> Response:
    reference = secrets.token_hex(4).upper()
    current_app.logger.error("unhandled API error, reference %s", reference, exc_info=error)
    return problem_response("server-error", f"Please try again later. If it keeps failing, quote reference "
                                            f"{reference}.")


def install(app: Flask) -> None:
    """Answer problem+json under /api/; leave every other path to the HTML error pages already installed."""
    handlers = app.error_handler_spec[None][None]
    html_http, html_other = handlers.get(HTTPException), handlers.get(Exception)

    @app.errorhandler(ApiProblem)
    def _problem(problem: ApiProblem):
        return from_problem(problem)

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException):
        if not is_api_request():
            return html_http(error) if html_http else error
        if error.code and error.code >= 500:
            original = getattr(error, "original_exception", None) if isinstance(error, InternalServerError) else None
            return _server_error(original or error)
        return _from_http(error)

    @app.errorhandler(Exception)
    def _other(error: Exception):
        if not is_api_request():
            if html_other:
                return html_other(error)
            raise error
        return _server_error(error)
