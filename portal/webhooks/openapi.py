"""This area's part of the OpenAPI document (portal/api/openapi.py merges it): the PATCH of a message, the
subscription endpoints, their schemas, and every event payload in the OpenAPI 3.1 `webhooks` section."""

from __future__ import annotations

from portal.api.openapi import MESSAGES
from portal.webhooks import deadlines, events, services

ID = {"name": "id", "in": "path", "required": True, "schema": {"type": "string", "maxLength": 64},
      "description": "The subscription's id (sub_…)."}
SIGNATURE_HEADERS = [
    {"name": "webhook-id", "in": "header", "required": True, "schema": {"type": "string"},
     "description": "The delivery's id (msg_…), the same at every attempt: de-duplicate on it."},
    {"name": "webhook-timestamp", "in": "header", "required": True, "schema": {"type": "string"},
     "description": "Seconds since 1970 (UTC) when this attempt was signed; refuse one more than 5 minutes off."},
    {"name": "webhook-signature", "in": "header", "required": True, "schema": {"type": "string"},
     "description": "v1,<base64 HMAC-SHA256 of id.timestamp.body> with your secret; during a rotation two of "
                    "them, separated by a space (one per secret)."},
]


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _nullable(schema: dict) -> dict:
    return {"oneOf": [schema, {"type": "null"}]}


def schemas() -> dict:
    timestamp = {"type": "string", "format": "date-time", "description": "UTC, like 2027-01-15T09:30:00Z."}
    event_names = {"type": "string", "enum": list(events.TYPES)}
    found = {
        "DeadlineChangeRequest": {
            "type": "object", "additionalProperties": False, "required": ["deadline", "reason"],
            "properties": {
                "deadline": {"type": "string", "format": "date", "description": "The new deadline (the letter's "
                             "\"before this date\"), after today."},
                "reason": {"type": "string", "minLength": 1, "maxLength": deadlines.REASON_MAX,
                           "description": "Why, in words the citizen reads next to the new date."},
            },
        },
        "NewWebhook": {
            "type": "object", "additionalProperties": False, "required": ["url"],
            "properties": {
                "url": {"type": "string", "maxLength": services.MAX_URL, "description": "Your endpoint: https://…"},
                "events": {"type": "array", "maxItems": 50, "items": event_names | {
                    MESSAGES: {"enum": f"Unknown event type. Known: {', '.join(events.TYPES)}."}},
                           "description": "The event types to send; empty or left out: every type."},
            },
        },
        "WebhookChange": {"type": "object", "additionalProperties": False, "required": ["enabled"],
                          "properties": {"enabled": {"type": "boolean"}}},
        "Webhook": {
            "type": "object", "required": ["id", "url", "events", "test", "enabled", "created_at",
                                           "old_secret_valid_until"],
            "properties": {
                "id": {"type": "string"}, "url": {"type": "string"},
                "events": {"type": "array", "items": {"type": "string"}, "description": "Empty: every type."},
                "test": {"type": "boolean", "description": "Made with a test key: gets only test messages' events."},
                "enabled": {"type": "boolean"}, "created_at": timestamp,
                "old_secret_valid_until": {**_nullable(timestamp), "description": "After a rotation: until then "
                                           "every delivery is signed with the old secret too."},
                "secret": {"type": "string", "description": "Only in the answer that made or rotated it: the "
                           "whsec_… signing secret. Keep it; it is not shown again."},
            },
        },
        "WebhookList": {"type": "object", "required": ["items"],
                        "properties": {"items": {"type": "array", "items": ref("Webhook")}}},
        "WebhookDelivery": {
            "type": "object", "required": ["id", "type", "status", "attempts", "created_at", "last_status",
                                           "last_answer", "next_attempt_at"],
            "properties": {
                "id": {"type": "string", "description": "The webhook-id header."}, "type": event_names | {
                    "enum": [*events.TYPES, events.TEST_TYPE]},
                "status": {"type": "string", "enum": ["pending", "sending", "delivered", "failed"]},
                "attempts": {"type": "integer"}, "created_at": timestamp,
                "last_status": _nullable({"type": "integer"}), "last_answer": {"type": "string"},
                "next_attempt_at": _nullable(timestamp),
            },
        },
        "WebhookDetail": {"allOf": [ref("Webhook"), {"type": "object", "required": ["deliveries"], "properties": {
            "deliveries": {"type": "array", "items": ref("WebhookDelivery"), "description": "The latest, newest "
                           "first."}}}]},
        "WebhookDeleted": {"type": "object", "required": ["id", "deleted"],
                           "properties": {"id": {"type": "string"}, "deleted": {"type": "boolean"}}},
    }
    for name, (meaning, fields) in events.TYPES.items():
        facts = {key: {"type": ["string", "null"], "description": text} for key, text in fields.items()}
        found[f"Event.{name}"] = {
            "type": "object", "required": ["type", "timestamp", "data"], "description": meaning,
            "properties": {
                "type": {"type": "string", "const": name}, "timestamp": timestamp,
                "data": {"type": "object", "required": ["message_id", "reference", "message_type", "test", *fields],
                         "properties": {
                             "message_id": {"type": "string", "description": "The id POST /api/v1/messages gave."},
                             "reference": {"type": "string", "description": "Your reference for the message."},
                             "message_type": {"type": "string"},
                             "test": {"type": "boolean", "description": "Sent with a test key."}, **facts}},
            },
        }
    return found


def webhooks() -> dict:
    return {name: {"post": {
        "operationId": f"event-{name}", "summary": meaning,
        "description": "Sent to each enabled subscription that chose this type (or every type), signed as Standard "
                       "Webhooks. Answer 2xx within 10 seconds; anything else is tried again (5 s, 5 min, 30 min, "
                       "2 h, 5 h, 10 h, 10 h), then marked failed. Redirects are not followed.",
        "parameters": SIGNATURE_HEADERS,
        "requestBody": {"required": True, "content": {"application/json": {"schema": ref(f"Event.{name}")}}},
        "responses": {"2XX": {"description": "Received."}},
    }} for name, (meaning, _fields) in events.TYPES.items()}


def paths(responses, json_answer, problem_sets: dict) -> dict:
    """`responses`, `json_answer` and the problem lists come from portal/api/openapi.py, so answers are
    described the same way as the rest of the API."""
    body = {"required": True, "content": {"application/json": {"schema": None}}}

    def with_body(schema: str) -> dict:
        return {**body, "content": {"application/json": {"schema": ref(schema)}}}

    sub_404 = (404, "No such subscription for this key (test keys see test subscriptions).")
    invalid = (422, "Field errors, each with a pointer.")
    return {
        "/api/v1/webhooks": {
            "post": {"operationId": "createWebhook", "summary": "Subscribe an endpoint to events",
                     "description": "Makes an enabled subscription of the key's kind (a test key: events of test "
                                    "messages only) and answers its secret, once. No Idempotency-Key: the secret "
                                    "is not kept in a replayable answer.",
                     "requestBody": with_body("NewWebhook"),
                     "responses": responses({"201": json_answer("Webhook", "Made; keep the secret.")},
                                            *problem_sets["body"], invalid)},
            "get": {"operationId": "listWebhooks", "summary": "List your subscriptions",
                    "responses": responses({"200": json_answer("WebhookList", "The key's kind of subscriptions.")})},
        },
        "/api/v1/webhooks/{id}": {
            "get": {"operationId": "getWebhook", "summary": "A subscription and its latest deliveries",
                    "parameters": [ID],
                    "responses": responses({"200": json_answer("WebhookDetail", "The subscription.")}, sub_404)},
            "patch": {"operationId": "changeWebhook", "summary": "Enable or disable a subscription",
                      "description": "A disabled subscription gets no new events; deliveries already waiting go "
                                     "out when it is enabled again.",
                      "parameters": [ID], "requestBody": with_body("WebhookChange"),
                      "responses": responses({"200": json_answer("Webhook", "Changed.")}, sub_404,
                                             *problem_sets["body"], invalid)},
            "delete": {"operationId": "deleteWebhook", "summary": "Delete a subscription",
                       "parameters": [ID],
                       "responses": responses({"200": json_answer("WebhookDeleted", "Deleted, with its "
                                                                  "deliveries.")}, sub_404)},
        },
        "/api/v1/webhooks/{id}/rotate": {
            "post": {"operationId": "rotateWebhookSecret", "summary": "A new signing secret",
                     "description": "Answers the new secret, once. For 24 hours every delivery is signed with the "
                                    "old and the new secret, so your receiver can switch without losing events.",
                     "parameters": [ID],
                     "responses": responses({"200": json_answer("Webhook", "The new secret.")}, sub_404)},
        },
        "/api/v1/webhooks/{id}/test": {
            "post": {"operationId": "testWebhook", "summary": "Send a test event",
                     "description": "A webhook.test event to this subscription alone.",
                     "parameters": [ID],
                     "responses": responses({"202": json_answer("WebhookDelivery", "Queued.")}, sub_404)},
        },
    }


def message_patch(responses, json_answer, problem_sets: dict, message_id: dict, idempotency: dict) -> dict:
    return {"operationId": "changeMessage", "summary": "Move a message's deadline",
            "description": "An extension after a phone call, or a pause while a paper copy is on its way. The citizen "
                           "sees the new date, the date before it and your reason; follow-up steps that count from "
                           "the deadline count again from the new date; a message.deadline_changed event goes to your "
                           "webhooks.",
            "parameters": [message_id, idempotency],
            "requestBody": {"required": True, "content": {"application/json": {
                "schema": ref("DeadlineChangeRequest")}}},
            "responses": responses({"200": json_answer("MessageDetail", "Changed: the message as it is now.")},
                                   *problem_sets["body"], (404, "No such message for this key."),
                                   (422, "Field errors (each with a pointer), a message without a deadline, or the "
                                         "key reused with another request."))}


def document_paths(kit) -> dict:
    """This area's operations in the API document (a portal.api.openapi.Kit describes answers and problems)."""
    patch = message_patch(kit.responses, kit.json_answer, kit.idempotent_body_problems, kit.message_id,
                          kit.idempotency_key)
    return {"/api/v1/messages/{id}": {"patch": patch}, **paths(kit.responses, kit.json_answer, kit.body_problems)}
