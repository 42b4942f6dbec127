"""The OpenAPI 3.1 document of the sender API, kept as a Python structure next to the code it describes.

Served at /api/v1/openapi.json and rendered as the API reference page. The tests check that real answers
match it, and a schema-driven test sends generated requests from it.
"""

from __future__ import annotations

from collections.abc import Callable
from copy import deepcopy
from dataclasses import dataclass
from functools import cache

from portal import richtext
from portal.api import limits, pdfcheck, readability
from portal.api.problems import PROBLEMS, problem_type
from portal.config import PRODUCT_NAME
from portal.followup import reminders
from portal.models import DEADLINE_KINDS
from portal.paper.models import REQUESTERS
from portal.paper.timing import min_paper_days

STATUS_TEXT = {200: "OK", 201: "Created", 400: "Bad request", 401: "No valid API key", 403: "Not allowed for this key",
               404: "Not found", 409: "Still being handled", 413: "Request too large", 415: "Not JSON",
               422: "Invalid request", 429: "Too many requests", 500: "Server error"}


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def nullable(schema: dict) -> dict:
    return {"oneOf": [schema, {"type": "null"}]}


def body_limits() -> str:
    """The body's structural limits in words (richtext.LIMITS), for the reference."""
    limits = richtext.LIMITS
    return (f"its length, a body has at most {limits['lines']:,} lines, {limits['markup']:,} of the characters "
            f"* _ ` [ ] < > ! \\ &, {limits['blocks']:,} paragraphs, headings, list items, quotes, code lines "
            f"and line breaks together, {limits['inline']:,} bits of emphasis, code and links in one paragraph, "
            f"{limits['links']:,} links, and lists and quotes at most {limits['depth']} deep inside each other: "
            "more is refused (422), "
            "so every letter renders in bounded time.")


def texts(name: str, limit: int, what: str) -> dict:
    limit_text = f"{limit:,} characters"
    multiline = "" if name == "subject" else " New lines are allowed."
    text = {"type": "string", "minLength": 1, "maxLength": limit}
    return {
        "type": "object", "additionalProperties": False, "required": ["nl"],
        MESSAGES: {"required": {"nl": "The Dutch text (nl) is required."}},
        "description": f"{what} Dutch (nl) is required, English (en) optional; at most {limit_text} each."
                       f"{multiline}",
        "properties": {"nl": {**text, "description": "Dutch text."},
                       "en": {**text, "description": "English text (optional)."}},
    }


# A schema's own wording for a refusal, per keyword: read by portal.api.contract, which otherwise says it in
# general words. {limit} is the keyword's value, {type} and {count} describe what was sent. Under "required"
# and "dependentRequired" the wording is per missing field.
MESSAGES = "x-messages"
BSN_FORMAT = "A citizen service number (BSN) is 9 digits, as a string, like \"999990019\"."


def _policy_messages(name: str, min_paper: int) -> dict:
    what = "reminders" if name == reminders.COUNT else "days"
    low = min_paper if name == "paper_days_before_deadline" else 1
    plain = f"This must be a whole number of {what} from {low} to {reminders.limit_of(name)}."
    if name != "paper_days_before_deadline":
        return {"type": plain, "minimum": plain, "maximum": plain}
    return {"type": plain, "maximum": plain, "minimum": (
        "Print-if-unread counts back in working days. With fewer than {limit} working days before the deadline, "
        "the letter can arrive on or after the citizen's last day to act (the day before the deadline): posting "
        f"takes 1 working day and delivery up to {min_paper - 3}. Use at least {{limit}}.")}


POLICY_TEXT = {
    "remind_after_days": "An e-mail reminder on the N-th day after delivery, while unopened.",
    "remind_days_before_deadline": "An e-mail reminder N days before the deadline, while not done.",
    "paper_days_before_deadline": "A paper copy N days before the deadline, while unopened (print if unread).",
    "remind_every_days": "Repeat the unopened reminder every N days: the first on remind_after_days (or on day N "
                         "after delivery without it), then every N days while unopened. Needs remind_at_most.",
    "remind_at_most": f"How many unopened reminders at most, the first included: 1 to {reminders.MAX_REMINDERS}. "
                      "Needs remind_every_days.",
}


def _schemas(min_paper: int) -> dict:
    timestamp = {"type": "string", "format": "date-time", "description": "UTC, like 2027-01-15T09:30:00Z."}
    score = {
        "type": "object", "required": ["formula", "score", "warning", "threshold", "words", "sentences", "syllables"],
        "description": "Readability of the summary, from 0 (very hard) to 100 (very easy): a score beyond either "
                       "end is set to it. Figures count as words of one syllable. "
                       f"Below {readability.WARN_BELOW:g} you get a warning, never a "
                       "refusal.",
        "properties": {
            "formula": {"type": "string", "enum": ["flesch-douma", "flesch-reading-ease"]},
            "score": {"type": "number"}, "warning": {"type": "boolean"}, "threshold": {"type": "number"},
            "words": {"type": "integer"}, "sentences": {"type": "integer"}, "syllables": {"type": "integer"},
        },
    }
    links = {"type": "object", "required": ["self", "paper"], "properties": {
        "self": {"type": "string", "description": "This message in the API."},
        "paper": {"type": "string", "description": "Where to ask for a paper copy."}}}
    summary_props = {
        "id": {"type": "string", "description": "The message id: random, use it in URLs."},
        "type": {"type": "string"}, "reference": {"type": "string"},
        "test": {"type": "boolean", "description": "Sent with a test key: never shown to the citizen, never printed."},
        "status": {"type": "string", "enum": ["delivered", "opened", "done"],
                   "description": "delivered: not opened yet; opened: the citizen opened it; done: the citizen "
                                  "marked it done."},
        "channel": {"type": "string", "enum": ["digital", "paper"],
                    "description": "How the message reaches the citizen, as decided at delivery."},
        "delivered_at": timestamp, "first_opened_at": nullable(timestamp), "done_at": nullable(timestamp),
        "deadline": nullable(ref("Deadline")), "links": ref("Links"),
    }
    paper = {
        "type": "object", "required": ["status", "requested_by", "requested_at"],
        "description": "The paper copy of this message: its latest request.",
        "properties": {
            "status": {"type": "string", "enum": ["requested", "batched", "posted", "cancelled"]},
            "requested_by": {"type": "string", "enum": list(REQUESTERS)},
            "requested_at": timestamp, "posted_at": nullable(timestamp),
        },
    }
    return {
        "Recipient": {
            "type": "object", "additionalProperties": False, "required": ["bsn"],
            "description": "Who gets the message.",
            "properties": {
                "bsn": {"type": "string", "pattern": r"^[0-9]{9}$", MESSAGES: {"pattern": BSN_FORMAT},
                        "description": "Citizen service number: 9 digits as a string, passing the 11-test."},
                "address": ref("Address"),
            },
        },
        "Address": {
            "type": "object", "additionalProperties": False,
            "required": ["name", "street", "house_number", "postcode", "city"],
            "description": "Postal address, Dutch format. Needed only for a citizen without an inbox (then the "
                           "message goes on paper); ignored for citizens with an inbox. Not stored for test keys.",
            "properties": {
                "name": {"type": "string", "minLength": 1, "maxLength": 100},
                "street": {"type": "string", "minLength": 1, "maxLength": 100},
                "house_number": {"oneOf": [{"type": "string", "pattern": r"^[1-9][0-9]{0,4}$"},
                                           {"type": "integer", "minimum": 1, "maximum": 99999}],
                                 MESSAGES: {"oneOf": "A house number is 1 to 5 digits, like 12. Put letters in "
                                                     "house_number_addition."}},
                "house_number_addition": {"type": "string", "pattern": r"^[A-Za-z0-9]{1,6}$",
                                          MESSAGES: {"pattern": "An addition is 1 to 6 letters or digits, like A "
                                                                "or 2."}},
                "postcode": {"type": "string", "pattern": r"^[1-9][0-9]{3} ?[A-Za-z]{2}$",
                             MESSAGES: {"pattern": "A Dutch postcode is 4 digits and 2 letters, like 1234 AB."},
                             "description": "Like 1234 AB."},
                "city": {"type": "string", "minLength": 1, "maxLength": 80},
            },
        },
        "Deadline": {
            "type": "object", "additionalProperties": False, "required": ["date", "kind"],
            "description": "The citizen must act before this date (the last day is the day before). After today "
                           f"and at most {limits.MAX_DEADLINE_YEARS} years ahead.",
            "properties": {"date": {"type": "string", "format": "date"},
                           "kind": {"type": "string", "enum": list(DEADLINE_KINDS)}},
        },
        "Policy": {
            "type": "object", "additionalProperties": False,
            "description": "Follow-up: e-mail reminders and a paper copy while the message is unopened (the reminder "
                           "before the deadline while it is not done). Each step applies once, never after the "
                           "deadline. Steps counted back from the deadline need one.",
            "dependentRequired": {reminders.SERIES: [reminders.COUNT], reminders.COUNT: [reminders.SERIES]},
            MESSAGES: {"dependentRequired": {**reminders.pairing_problems({reminders.SERIES: 1}),
                                             **reminders.pairing_problems({reminders.COUNT: 1})}},
            "properties": {**{name: {"type": "integer", "minimum": 1, "maximum": reminders.limit_of(name),
                                     MESSAGES: _policy_messages(name, min_paper),
                                     "description": POLICY_TEXT[name]} for name in limits.POLICY_FIELDS},
                           "paper_days_before_deadline": {
                               "type": "integer", "minimum": min_paper, "maximum": 365,
                               MESSAGES: _policy_messages("paper_days_before_deadline", min_paper),
                               "description": "Print if unread: ask for a paper copy this many Dutch working "
                                              "days (weekends and public holidays skipped) before the deadline. "
                                              f"At least {min_paper}, so the letter (posted the next working day, "
                                              f"delivered within {min_paper - 3}) arrives before the last day to "
                                              "act; fewer is refused (422)."}},
        },
        "Attachment": {
            "type": "object", "additionalProperties": False, "required": ["filename", "content"],
            "description": f"A PDF of at most 2 MB and {pdfcheck.MAX_PAGES} pages. The bytes are checked, not the "
                           "name; password-protected PDFs are refused, and so are PDFs with JavaScript, actions "
                           "(/OpenAction, /AA, /Launch, /SubmitForm, /ImportData), embedded files, rich media or "
                           "XFA forms.",
            "properties": {
                "filename": {"type": "string", "maxLength": 200, "pattern": r"^[^/\\]{1,196}\.[pP][dD][fF]$",
                             MESSAGES: dict.fromkeys(("maxLength", "pattern"), "A file name ends in .pdf, has at "
                                                     "most 200 characters and no slashes.")},
                "content": {"type": "string", "contentEncoding": "base64", "contentMediaType": "application/pdf",
                            MESSAGES: {"type": "This must be the PDF file in base64, as a string, not {type}."}},
            },
        },
        "NewMessage": {
            "type": "object", "additionalProperties": False,
            "required": ["recipient", "type", "subject", "summary", "body"],
            "dependentRequired": {"deadline": ["action"]},
            MESSAGES: {"dependentRequired": {"action": (
                "A message with a deadline needs this text: what the citizen must do before the deadline, in Dutch "
                "(nl), like \"Betaal het bedrag.\"")}},
            "properties": {
                "recipient": ref("Recipient"),
                "type": {"type": "string", "maxLength": 100, "pattern": r"^[a-z0-9]([a-z0-9-]{0,98}[a-z0-9])?$",
                         MESSAGES: {"pattern": "Use 1 to 100 lower-case letters, digits and hyphens, like "
                                               "voorschot-huurtoeslag."},
                         "description": "Your message type, like voorschot-huurtoeslag: the dashboard counts per "
                                        "type."},
                "reference": {"type": "string", "maxLength": 100, "description": "Your own reference (optional)."},
                "subject": texts("subject", 200, "The subject line."),
                "summary": texts("summary", 2000, "A short summary in plain language; it gets a readability score."),
                "action": texts("action", 2000, "What the citizen must do, shown on the summary card. Required with "
                                                 "a deadline (in English too when the other texts are)."),
                "body": texts("body", limits.BODY_LIMIT, "The full letter, in a safe Markdown subset. Besides "
                              + body_limits() + " Links without a scheme are made absolute to the organisation's "
                              "website, or shown as text when it has none."),
                "deadline": ref("Deadline"), "policy": ref("Policy"),
                "attachments": {"type": "array", "maxItems": limits.MAX_ATTACHMENTS, "items": ref("Attachment"),
                                MESSAGES: {"type": "This must be a list of attachments, not {type}.",
                                           "maxItems": "A message can have at most {limit} attachments; this one "
                                                       "has {count}."}},
            },
        },
        "Readability": score,
        "Links": links,
        "PaperState": paper,
        "Created": {
            "type": "object",
            "required": ["id", "status", "channel", "test", "paper", "readability", "warnings", "links"],
            "properties": {
                "id": summary_props["id"], "status": summary_props["status"], "channel": summary_props["channel"],
                "test": summary_props["test"],
                "paper": nullable(ref("PaperState")),
                "readability": {"type": "object", "required": ["nl", "en"], "properties": {
                    "nl": nullable(ref("Readability")), "en": nullable(ref("Readability"))}},
                "warnings": {"type": "array", "items": {"type": "string"},
                             "description": "Plain-language advice, such as a low readability score, or a "
                                            "paper copy that may arrive on or after the citizen's last day to "
                                            "act (the message was delivered all the same)."},
                "links": ref("Links"),
            },
        },
        "MessageSummary": {"type": "object", "required": list(summary_props), "properties": summary_props},
        "Event": {"type": "object", "required": ["kind", "at"], "properties": {
            "kind": {"type": "string", "description": "delivered, opened, done, not_done, paper_requested, "
                                                      "paper_posted, reminded, …; paper_late: a paper copy was "
                                                      "asked for (or posted) that may arrive on or after the "
                                                      "citizen's last day to act, the day before the deadline. "
                                                      "The citizen was told to act online or to contact you: "
                                                      "expect a call, or reach them another way. "
                                                      "deadline_passed: the deadline passed while not done; "
                                                      "deadline_changed: you moved it (PATCH)."},
            "at": timestamp,
            "step": {"type": "string", "enum": [*limits.POLICY_FIELDS[:3], reminders.SERIES],
                     "description": "reminded only: the policy step that sent this reminder."},
            "number": {"type": "integer", "minimum": 1, "maximum": reminders.MAX_REMINDERS,
                       "description": "reminded only: which reminder of its step this is (1 for the first)."}}},
        "MessageDetail": {
            "type": "object",
            "required": [*summary_props, "paper", "policy", "readability", "events"],
            "properties": {
                **summary_props,
                "paper": nullable(ref("PaperState")),
                "policy": {**nullable(ref("Policy")),
                           "description": "The follow-up this message was delivered with: the one sent with it, "
                                          "else the organisation's default at that moment."},
                "readability": {"type": "object", "required": ["nl", "en"], "properties": {
                    "nl": nullable(ref("Readability")), "en": nullable(ref("Readability"))}},
                "events": {"type": "array", "items": ref("Event"),
                           "description": "The delivery history, oldest first. The citizen's own reading log is "
                                          "not shown."},
            },
        },
        "MessageList": {
            "type": "object", "required": ["items", "next_cursor", "links"],
            "properties": {
                "items": {"type": "array", "items": ref("MessageSummary")},
                "next_cursor": nullable({"type": "string"}),
                "links": {"type": "object", "required": ["next"], "properties": {"next": nullable({"type": "string"})}},
            },
        },
        "PaperAnswer": {"type": "object", "required": ["id", "paper", "created"], "properties": {
            "id": {"type": "string"}, "paper": nullable(ref("PaperState")),
            "created": {"type": "boolean", "description": "false: an open request already existed; nothing new."}}},
        "Channel": {"type": "object", "required": ["channel"], "additionalProperties": False, "properties": {
            "channel": {"type": "string", "enum": ["digital", "paper"]}}},
        "Problem": {
            "type": "object", "required": ["type", "title", "status", "detail"],
            "description": "RFC 9457 problem details, served as application/problem+json.",
            "properties": {
                "type": {"type": "string", "description": "A link to this problem's explanation."},
                "title": {"type": "string"}, "status": {"type": "integer"}, "detail": {"type": "string"},
                "errors": {"type": "array", "items": {
                    "type": "object", "required": ["detail"],
                    "properties": {"pointer": {"type": "string", "description": "JSON pointer into the body."},
                                   "parameter": {"type": "string", "description": "A query, path or header name."},
                                   "detail": {"type": "string"}}}},
            },
        },
    }


def _problem(status: int, description: str) -> dict:
    return {"description": description, "content": {"application/problem+json": {"schema": ref("Problem")}}}


def _json(schema: str, description: str, headers: dict | None = None) -> dict:
    answer = {"description": description, "content": {"application/json": {"schema": ref(schema)}}}
    if headers:
        answer["headers"] = headers
    return answer


def _responses(ok: dict, *problems: tuple[int, str]) -> dict:
    common = [(401, "No key, an unknown key or a revoked key (WWW-Authenticate: Bearer)."),
              (429, "Over the key's rate limit; wait the seconds in Retry-After.")]
    answers = dict(ok)
    for status, text in [*problems, *common]:
        answers[str(status)] = _problem(status, text)
    answers["default"] = _problem(500, "Unexpected failure (never caused by bad input): try again later.")
    return answers


RATE_HEADERS = {"RateLimit-Remaining": {"schema": {"type": "integer"}, "description": "Requests left this minute."}}
IDEMPOTENCY_KEY = {
    "name": "Idempotency-Key", "in": "header", "required": True,
    "schema": {"type": "string", "minLength": 1, "maxLength": 255},
    "description": "A unique value per request, like a UUID. The same key and body again within 24 hours returns the "
                   "first answer and changes nothing; the same key with another body answers 422; while the first is "
                   "still being handled, 409.",
}
MESSAGE_ID = {"name": "id", "in": "path", "required": True, "schema": {"type": "string", "maxLength": 64},
              "description": "The id from the answer to POST /api/v1/messages."}


def _paths() -> dict:
    post_problems = [(400, "Malformed JSON, or no Idempotency-Key."), (409, "The first request with this "
                     "Idempotency-Key is still being handled; try again."), (413, "Body too large."),
                     (415, "Content-Type is not application/json.")]
    return {
        "/api/v1/messages": {
            "post": {
                "operationId": "sendMessage", "summary": "Send a message",
                "description": "Validates the message and delivers it to the citizen's inbox. When the citizen "
                               "chose paper, or has no inbox, a paper copy is requested at once and channel is "
                               "paper (test keys never print). For a citizen without an inbox give "
                               "recipient.address.",
                "parameters": [IDEMPOTENCY_KEY],
                "requestBody": {"required": True, "content": {"application/json": {"schema": ref("NewMessage")}}},
                "responses": _responses(
                    {"201": _json("Created", "Delivered. Location names the message.",
                                  {"Location": {"schema": {"type": "string"}}, **RATE_HEADERS})},
                    *post_problems,
                    (422, "Field errors (each with a pointer), a key reused with another body, or a citizen "
                          "without an inbox and without an address."),
                ),
            },
            "get": {
                "operationId": "listMessages", "summary": "List your messages",
                "description": "Newest first. Follow next_cursor (or links.next) for the next page. A live key sees "
                               "live messages, a test key test messages.",
                "parameters": [
                    {"name": "type", "in": "query", "schema": {"type": "string"}, "description": "Only this type."},
                    {"name": "since", "in": "query", "schema": {"type": "string"},
                     "description": "Delivered at or after this date (Dutch time) or time (with offset)."},
                    {"name": "status", "in": "query", "schema": {"type": "string", "enum": ["delivered", "opened",
                                                                                           "done"]}},
                    {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 100},
                     "description": "Messages per page (default 25)."},
                    {"name": "cursor", "in": "query", "schema": {"type": "string"},
                     "description": "next_cursor from the previous page."},
                ],
                "responses": _responses({"200": _json("MessageList", "A page of messages.")},
                                        (400, "A query parameter is wrong (see errors).")),
            },
        },
        "/api/v1/messages/{id}": {
            "get": {
                "operationId": "getMessage", "summary": "A message's status and history",
                "description": "Status, delivered / first opened / done times, the paper request and the events. "
                               "Only the sending organisation sees a message; to anyone else it does not exist.",
                "parameters": [MESSAGE_ID],
                "responses": _responses({"200": _json("MessageDetail", "The message.")},
                                        (404, "No such message for this key (also another organisation's, or a "
                                              "test message asked for with a live key).")),
            },
        },
        "/api/v1/messages/{id}/paper": {
            "post": {
                "operationId": "requestPaper", "summary": "Ask for a paper copy",
                "description": "At most one open paper request per message: asking again changes nothing and "
                               "answers 200 with the open request. The body is empty or {}.",
                "parameters": [MESSAGE_ID, IDEMPOTENCY_KEY],
                "requestBody": {"required": False, "content": {"application/json": {"schema": {
                    "type": "object", "additionalProperties": False, "maxProperties": 0}}}},
                "responses": _responses(
                    {"201": _json("PaperAnswer", "A paper copy was requested."),
                     "200": _json("PaperAnswer", "A paper copy was already on its way; nothing new.")},
                    *post_problems,
                    (403, "Test keys: test messages are never printed."), (404, "No such message for this key."),
                    (422, "The body has fields, or the key was reused with another request."),
                ),
            },
        },
        "/api/v1/recipients/{bsn}/channel": {
            "get": {
                "operationId": "recipientChannel", "summary": "Digital or paper?",
                "description": "How this citizen gets your messages now: digital (inbox) or paper (chose paper, "
                               "or has no inbox). Nothing more is told. Live keys only; the number is read as "
                               "in a message's recipient.bsn (9 ASCII digits).",
                "parameters": [{"name": "bsn", "in": "path", "required": True, "schema": {"type": "string"},
                                "description": "Citizen service number, 9 digits."}],
                "responses": _responses({"200": _json("Channel", "The channel.")},
                                        (400, "Not a valid citizen service number."),
                                        (403, "Test keys cannot look up citizens.")),
            },
        },
        "/api/v1/openapi.json": {
            "get": {
                "operationId": "openapi", "summary": "This document", "security": [],
                "responses": {"200": {"description": "The OpenAPI 3.1 document.",
                                      "content": {"application/json": {"schema": {"type": "object"}}}}},
            },
        },
    }


@dataclass(frozen=True)
class Kit:
    """What another area's part of the document builds its operations with."""

    responses: Callable
    json_answer: Callable
    body_problems: dict
    idempotent_body_problems: dict  # and 409 while the first request with the key is being handled
    message_id: dict  # the {id} path parameter
    idempotency_key: dict  # the Idempotency-Key header parameter


@dataclass(frozen=True)
class Part:
    """Operations, webhooks and schemas another area adds to the document (portal/webhooks/openapi.py)."""

    paths: Callable[[Kit], dict]  # {path: {method: operation}}, merged into the paths by method
    webhooks: Callable[[], dict]
    schemas: Callable[[], dict]


PARTS: list[Part] = []


def add_part(part: Part) -> None:
    """Called from an area's init_app, before the document is first built."""
    if part not in PARTS:
        PARTS.append(part)
        _document.cache_clear()


@cache
def _document(min_paper: int) -> dict:
    problems = "\n".join(f"- `{kind}` ({status}): {title}" for kind, (status, title) in PROBLEMS.items())
    paths = _paths()
    body_problems = {"body": [(400, "Malformed JSON."), (413, "Body too large."),
                              (415, "Content-Type is not application/json.")]}
    kit = Kit(_responses, _json, body_problems,
              {"body": [*body_problems["body"], (409, "The first request with this Idempotency-Key is still being "
                                                     "handled; try again.")]}, MESSAGE_ID, IDEMPOTENCY_KEY)
    for part in PARTS:
        for path, operations in part.paths(kit).items():
            paths.setdefault(path, {}).update(operations)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": f"{PRODUCT_NAME}: sender API",
            "version": "1.0.0",
            "description": (
                "Organisations deliver messages to citizens' inboxes and follow what happens to them.\n\n"
                "Authenticate with `Authorization: Bearer <key>` (keys are made by an administrator: "
                "`flask --app wsgi portal create-api-key --org SLUG --kind live|test`). Test keys work the same, "
                "but their messages are never shown to a citizen and never printed; a test key and a live key "
                "see only their own kind of messages.\n\n"
                "Each key may make 3,000 POST, PATCH and DELETE requests and 6,000 other requests a minute "
                "(configurable); over "
                "that the answer is 429 with Retry-After. Bodies are JSON (at most 16 MB: five 2 MB attachments "
                "in base64 fit). Errors are RFC 9457 problem details; their types:\n\n" + problems
            ),
        },
        "servers": [{"url": "/"}],
        "security": [{"apiKey": []}],
        "paths": paths,
        "webhooks": {name: item for part in PARTS for name, item in part.webhooks().items()},
        "components": {
            "securitySchemes": {"apiKey": {"type": "http", "scheme": "bearer",
                                           "description": "Your organisation's API key."}},
            "schemas": {**_schemas(min_paper), **{name: it for part in PARTS for name, it in part.schemas().items()}},
        },
        "x-problem-types": {kind: problem_type(kind) for kind in PROBLEMS},
    }


def document() -> dict:
    """A copy of the document: callers may change it freely. The print-if-unread minimum follows the app's
    PAPER_DELIVERY_DAYS."""
    return deepcopy(_document(min_paper_days()))
