"""The HTTP edge of the API: the key in the Authorization header, the rate limit, reading JSON bodies strictly,
query parameters, JSON answers, and running a POST under its Idempotency-Key."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date, datetime, time

from flask import Response, current_app, g, request

from portal.api import idempotency, keys, ratelimit, services
from portal.api.problems import ApiProblem, parameter_error
from portal.api.validation import TYPE
from portal.clock import TIMEZONE, utcnow
from portal.db import write_transaction
from portal.models import ApiKey
from portal.params import naive_utc, whole_number

JSON = "application/json"
REALM = 'Bearer realm="portal-api"'


def authenticate(*, now: datetime) -> ApiKey:
    """The active key from `Authorization: Bearer …`; raises ApiProblem 401 otherwise."""
    header = request.headers.get("Authorization", "")
    scheme, _, secret = header.strip().partition(" ")
    if not header or scheme.lower() != "bearer" or not secret.strip():
        raise ApiProblem("unauthorized", "Send your API key in the Authorization header: "
                         "'Authorization: Bearer <key>'.", headers={"WWW-Authenticate": REALM})
    key = keys.find(secret.strip())
    if key is None or key.revoked_at is not None:
        detail = "This API key was revoked. Ask your organisation for a new one." if key else \
            "This API key is not valid. Check that you copied the whole key."
        raise ApiProblem("unauthorized", detail, headers={"WWW-Authenticate": f'{REALM}, error="invalid_token"'})
    keys.record_use(key, now=now)
    return key


def limit(key: ApiKey, *, now: datetime) -> None:
    sending = request.method != "GET"  # POST, PATCH, DELETE: the send bucket
    bucket = "send" if sending else "read"
    allowed = current_app.config["API_SEND_PER_MINUTE" if sending else "API_READ_PER_MINUTE"]
    verdict = ratelimit.hit(key, bucket, limit=allowed, now=now)
    g.rate_headers = {"RateLimit-Limit": str(verdict.limit), "RateLimit-Remaining": str(verdict.remaining),
                      "RateLimit-Reset": str(verdict.retry_after)}
    if not verdict.allowed:
        raise ApiProblem("rate-limited", f"This key may make {verdict.limit} such requests a minute. Try again in "
                         f"{verdict.retry_after} seconds.", headers={"Retry-After": str(verdict.retry_after),
                                                                     **g.rate_headers})


def json_response(document: object, status: int = 200, headers: dict | None = None) -> Response:
    response = Response(json.dumps(document, ensure_ascii=False), status=status, mimetype=JSON)
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def _no_duplicates(pairs: list[tuple[str, object]]) -> dict:
    result = {}
    for name, value in pairs:
        if name in result:
            raise ValueError(f"the field {name!r} appears twice")
        result[name] = value
    return result


def _no_constants(name: str):
    raise ValueError(f"{name} is not a JSON number")


def read_json(*, optional: bool = False) -> object:
    """The parsed body. Raises ApiProblem 415 (not JSON), 400 (empty or malformed); 413 comes from Flask."""
    raw = request.get_data(cache=True)
    if optional and not raw:
        return {}
    mimetype = request.mimetype or ""
    if mimetype != JSON and not re.fullmatch(r"application/[\w.-]+\+json", mimetype):
        raise ApiProblem("unsupported-media-type", f"The body must be JSON, sent with 'Content-Type: {JSON}' "
                         f"(this request said {mimetype or 'nothing'!r}).")
    if not raw.strip():
        raise ApiProblem("invalid-json", "The body is empty. Send the message as a JSON object.")
    try:
        text = raw.decode("utf-8")
        return json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constants)
    except UnicodeDecodeError:
        raise ApiProblem("invalid-json", "The body is not valid UTF-8 text.") from None
    except json.JSONDecodeError as error:
        raise ApiProblem("invalid-json", f"The body is not valid JSON: {error.msg} at line {error.lineno}, "
                         f"column {error.colno}.") from None
    except (ValueError, RecursionError) as error:
        detail = "it is nested too deeply" if isinstance(error, RecursionError) else str(error)
        raise ApiProblem("invalid-json", f"The body is not valid JSON: {detail}.") from None


def run_idempotent(key: ApiKey, body: object, prepare: Callable[[], object],
                   store: Callable[[object], tuple[int, dict, dict]]) -> Response:
    """Do a POST once per Idempotency-Key and replay its answer after.

    `prepare()` checks the request without writing (it may take a while: attachments are parsed); `store(prepared)`
    writes and returns (status, document, headers) inside the transaction that also stores the answer.
    """
    idem_key = request.headers.get("Idempotency-Key", "").strip()
    problem = idempotency.key_problem(idem_key)
    if problem:
        raise ApiProblem("bad-request", problem, [parameter_error("Idempotency-Key", problem)])
    now = utcnow()
    hashed = idempotency.request_hash(request.method, request.path, body)
    claim = idempotency.claim(key.organisation, idem_key, hashed, now=now)
    if claim.conflict == "mismatch":
        raise ApiProblem("idempotency-key-reused", "This Idempotency-Key was used in the last 24 hours with a "
                         "different request. Use a new key for a new message.")
    if claim.conflict == "busy":
        raise ApiProblem("busy", "The first request with this Idempotency-Key is still being handled. Try again in "
                         "a moment: you will get its answer.", headers={"Retry-After": "1"})
    if claim.replay:
        status, text = claim.replay
        document = json.loads(text)
        return json_response(document, status, {"Idempotent-Replayed": "true", **_location(status, document)})
    try:
        prepared = prepare()
        with write_transaction():
            status, document, headers = store(prepared)
            idempotency.complete(claim.record, status, json.dumps(document, ensure_ascii=False))
    except idempotency.LostClaim:
        raise ApiProblem("busy", "Another request with this Idempotency-Key took over. Try again in a moment.",
                         headers={"Retry-After": "1"}) from None
    except BaseException:
        idempotency.release(claim.record)
        raise
    return json_response(document, status, {**headers, **_location(status, document)})


def _location(status: int, document: dict) -> dict:
    own = (document.get("links") or {}).get("self") if isinstance(document, dict) else None
    return {"Location": own} if status == 201 and own else {}


def query_args(allowed: tuple[str, ...]) -> dict[str, str]:
    unknown = [name for name in request.args if name not in allowed]
    if unknown:
        raise ApiProblem("bad-request", "Unknown query parameter.", [
            parameter_error(name, f"Unknown parameter. Allowed: {', '.join(allowed)}.") for name in unknown])
    return {name: request.args[name] for name in allowed if name in request.args}


def parse_since(value: str) -> datetime | None:
    """A date (midnight in the Netherlands) or an ISO 8601 time with offset, as naive UTC; None if unreadable
    or outside the years portal.params.naive_utc() allows."""
    try:
        if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
            moment = datetime.combine(date.fromisoformat(value), time(), tzinfo=TIMEZONE)
        else:
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
            if moment.tzinfo is None:
                return None
    except ValueError:
        return None
    return naive_utc(moment)


def _since(text: str):
    value = parse_since(text)
    return value, None if value else "Give a date (2027-01-15) or a time with offset (2027-01-15T09:00:00Z)."


def _limit(text: str):
    value = whole_number(text, high=services.PAGE_MAX)
    return value, None if value else f"The limit is a whole number from 1 to {services.PAGE_MAX}."


def _cursor(text: str):
    value = services.decode_cursor(text)
    return value, None if value is not None else "Use the next_cursor value of the previous page as it is."


def _one_of(choices: tuple[str, ...], explain: str):
    return lambda text: (text, None) if text in choices else (None, explain)


LIST_PARAMETERS = {
    "type": ("message_type", lambda text: (text, None) if TYPE.fullmatch(text) else
             (None, "A type is lower-case letters, digits and hyphens.")),
    "since": ("since", _since),
    "status": ("status", _one_of(services.STATUSES, f"The status is one of: {', '.join(services.STATUSES)}.")),
    "limit": ("limit", _limit),
    "cursor": ("after_id", _cursor),
}


def list_query(args: dict[str, str]) -> services.ListQuery:
    """The list's query parameters, checked; raises ApiProblem 400 naming each wrong one."""
    errors, values = [], {}
    for name, text in args.items():
        if text == "":
            continue  # "?type=&status=" means no filter
        field, parse = LIST_PARAMETERS[name]
        value, problem = parse(text)
        if problem:
            errors.append(parameter_error(name, problem))
        else:
            values[field] = value
    if errors:
        raise ApiProblem("bad-request", "Some query parameters are wrong.", errors)
    return services.ListQuery(**values)
