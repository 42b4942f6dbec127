"""Bad requests: every one answers 4xx application/problem+json that names the field and says what is wrong in
plain words; never a 5xx, and nothing is stored (no message, attachment, citizen or idempotency record)."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from portal.api.models import IdempotencyRecord
from portal.models import Attachment, Citizen, Event, Message
from tests.api.conftest import b64, make_pdf, message_body, today

BSN = "999990019"
UNKNOWN_BSN = "999990032"  # passes the 11-test; nobody has it
ADDRESS = {"name": "J. Jansen", "street": "Dorpsstraat", "house_number": "12", "postcode": "1234 AB",
           "city": "Utrecht"}


def with_(path: str, value):
    """A body with one field changed (dotted path; ... removes it)."""
    def make():
        body = message_body(BSN)
        *parents, last = path.split(".")
        target = body
        for part in parents:
            target = target[int(part)] if isinstance(target, list) else target[part]
        if value is ...:
            del target[last]
        else:
            target[last] = value
        return body
    return make


def attachment(content, filename="brief.pdf"):
    return with_("attachments", [{"filename": filename, "content": content}])


def days(n: int) -> str:
    return (today() + timedelta(days=n)).isoformat()


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
J = "application/json"

# (case, body maker or raw bytes, content type, status, where the error is (pointer / parameter / None), words)
CASES = [
    ("malformed json", b'{"recipient": ', J, 400, None, "not valid JSON"),
    ("empty body", b"", J, 400, None, "empty"),
    ("whitespace body", b"   \n", J, 400, None, "empty"),
    ("text/plain", b"{}", "text/plain", 415, None, "Content-Type: application/json"),
    ("form encoded", b"a=1", "application/x-www-form-urlencoded", 415, None, "must be JSON"),
    ("no content type", b"{}", None, 415, None, "must be JSON"),
    ("json array", b"[]", J, 422, "#", "JSON object"),
    ("json string", b'"hallo"', J, 422, "#", "JSON object"),
    ("json null", b"null", J, 422, "#", "JSON object"),
    ("duplicate field", b'{"type": "a", "type": "b"}', J, 400, None, "appears twice"),
    ("NaN", b'{"type": NaN}', J, 400, None, "not a JSON number"),
    ("not utf-8", b'{"type": "\xff\xfe"}', J, 400, None, "UTF-8"),
    ("nested too deeply", b"[" * 100_000 + b"]" * 100_000, J, 400, None, "nested too deeply"),
    ("missing recipient", with_("recipient", ...), J, 422, "#/recipient", "required"),
    ("recipient is a string", with_("recipient", BSN), J, 422, "#/recipient", "JSON object"),
    ("missing bsn", with_("recipient.bsn", ...), J, 422, "#/recipient/bsn", "required"),
    ("bsn as a number", with_("recipient.bsn", 999990019), J, 422, "#/recipient/bsn", "must be a string"),
    ("bsn of 8 digits", with_("recipient.bsn", "99999001"), J, 422, "#/recipient/bsn", "9 digits"),
    ("bsn fails the 11-test", with_("recipient.bsn", "999990018"), J, 422, "#/recipient/bsn", "11-test"),
    ("bsn with letters", with_("recipient.bsn", "99999001A"), J, 422, "#/recipient/bsn", "9 digits"),
    ("bsn all zeros", with_("recipient.bsn", "000000000"), J, 422, "#/recipient/bsn", "11-test"),
    ("unknown top field", with_("colour", "blue"), J, 422, "#/colour", "Unknown field"),
    ("unknown recipient field", with_("recipient.name", "Anna"), J, 422, "#/recipient/name", "Unknown field"),
    ("unknown language", with_("subject.de", "Betreff"), J, 422, "#/subject/de", "Unknown field"),
    ("missing subject", with_("subject", ...), J, 422, "#/subject", "required"),
    ("subject without Dutch", with_("subject", {"en": "Only English"}), J, 422, "#/subject/nl", "Dutch"),
    ("subject blank", with_("subject.nl", "   "), J, 422, "#/subject/nl", "empty"),
    ("subject too long", with_("subject.nl", "x" * 201), J, 422, "#/subject/nl", "limit is 200"),
    ("subject with a new line", with_("subject.nl", "Twee\nregels"), J, 422, "#/subject/nl", "new lines"),
    ("subject is a string", with_("subject", "Uw aanslag"), J, 422, "#/subject", "JSON object"),
    ("summary as number", with_("summary.nl", 12), J, 422, "#/summary/nl", "must be a string"),
    ("summary too long", with_("summary.nl", "woord " * 400), J, 422, "#/summary/nl", "limit is 2,000"),
    ("missing body", with_("body", ...), J, 422, "#/body", "required"),
    ("body over 100,000 characters", with_("body.nl", "a" * 100_001), J, 422, "#/body/nl", "100,000"),
    ("body of 400 KB of emphasis", with_("body.nl", "*a" * 200_000), J, 422, "#/body/nl", "100,000"),
    ("body with 2,001 lines", with_("body.nl", "a\n" * 2_001), J, 422, "#/body/nl", "2,001 lines"),
    ("body with 2,001 markup characters", with_("body.nl", "a & b " * 2_001), J, 422, "#/body/nl", "2,001 of"),
    ("body with 501 list items", with_("body.nl", "- a\n" * 501), J, 422, "#/body/nl", "501 paragraphs"),
    ("body with 501 line breaks", with_("body.nl", "a\\\n" * 501), J, 422, "#/body/nl", "501 paragraphs"),
    ("body with 101 emphasis runs in one word", with_("body.nl", "*a" * 202), J, 422, "#/body/nl", "101 bits"),
    ("body with 101 links", with_("body.nl", "[a](https://a.nl)\n\n" * 101), J, 422, "#/body/nl", "101 links"),
    ("body nested 6 deep", with_("body.nl", "> - " * 3 + "a"), J, 422, "#/body/nl", "6 deep"),
    ("English body over a limit", with_("body.en", "- a\n" * 501), J, 422, "#/body/en", "501 paragraphs"),
    ("body with NUL", with_("body.nl", "tekst\u0000meer"), J, 422, "#/body/nl", "control characters"),
    ("English only partly", with_("summary", {"nl": "Samenvatting."}), J, 422, "#/summary/en", "English"),
    ("action without Dutch", with_("action", {"en": "Pay."}), J, 422, "#/action/nl", "Dutch"),
    ("missing type", with_("type", ...), J, 422, "#/type", "required"),
    ("type with capitals", with_("type", "Voorschot"), J, 422, "#/type", "lower-case"),
    ("type with spaces", with_("type", "voorschot huurtoeslag"), J, 422, "#/type", "lower-case"),
    ("type too long", with_("type", "a" * 101), J, 422, "#/type", "limit is 100"),
    ("reference too long", with_("reference", "R" * 101), J, 422, "#/reference", "limit is 100"),
    ("reference as number", with_("reference", 2027), J, 422, "#/reference", "must be a string"),
    ("deadline in the past", with_("deadline.date", days(-1)), J, 422, "#/deadline/date", "after today"),
    ("deadline today", with_("deadline.date", days(0)), J, 422, "#/deadline/date", "after today"),
    ("deadline too far", with_("deadline.date", days(366 * 6)), J, 422, "#/deadline/date", "at most 5 years"),
    ("deadline Dutch date order", with_("deadline.date", "15-01-2027"), J, 422, "#/deadline/date", "YYYY-MM-DD"),
    ("deadline 30 February", with_("deadline.date", "2027-02-30"), J, 422, "#/deadline/date", "YYYY-MM-DD"),
    ("deadline kind unknown", with_("deadline.kind", "maybe"), J, 422, "#/deadline/kind", "respond, pay"),
    ("deadline without kind", with_("deadline.kind", ...), J, 422, "#/deadline/kind", "required"),
    ("deadline as string", with_("deadline", "2027-01-15"), J, 422, "#/deadline", "JSON object"),
    ("policy unknown step", with_("policy", {"call_after_days": 3}), J, 422, "#/policy/call_after_days",
     "Unknown field"),
    ("policy zero days", with_("policy", {"remind_after_days": 0}), J, 422, "#/policy/remind_after_days", "1 to 365"),
    ("policy days as text", with_("policy", {"remind_after_days": "3"}), J, 422, "#/policy/remind_after_days",
     "whole number"),
    ("policy days as true", with_("policy", {"remind_after_days": True}), J, 422, "#/policy/remind_after_days",
     "whole number"),
    ("policy too many reminders", with_("policy", {"remind_every_days": 7, "remind_at_most": 6}), J, 422,
     "#/policy/remind_at_most", "whole number of reminders from 1 to 5"),
    ("policy repeat without a count", with_("policy", {"remind_every_days": 7}), J, 422, "#/policy/remind_at_most",
     "how many reminders at most"),
    ("policy count without a repeat", with_("policy", {"remind_at_most": 3}), J, 422, "#/policy/remind_every_days",
     "every how many days"),
    ("policy needs a deadline", lambda: {**with_("deadline", ...)(), "policy": {"paper_days_before_deadline": 5}},
     J, 422, "#/policy/paper_days_before_deadline", "no deadline"),
    ("deadline without action", with_("action", ...), J, 422, "#/action", "needs this text"),
    ("deadline with an action without Dutch", with_("action", {"en": "Check your income."}), J, 422, "#/action/nl",
     "required"),
    ("deadline with English texts but no English action", with_("action.en", ...), J, 422, "#/action/en",
     "in English too"),
    ("attachments not a list", with_("attachments", {"filename": "a.pdf"}), J, 422, "#/attachments", "list"),
    ("six attachments", with_("attachments", [{"filename": "a.pdf", "content": "x"}] * 6), J, 422, "#/attachments",
     "at most 5"),
    ("bad base64", attachment("!!!not base64!!!"), J, 422, "#/attachments/0/content", "not valid base64"),
    ("empty attachment", attachment(""), J, 422, "#/attachments/0/content", "empty"),
    ("attachment as number", attachment(12), J, 422, "#/attachments/0/content", "base64"),
    ("text file named pdf", attachment(b64(b"Dit is geen PDF")), J, 422, "#/attachments/0/content", "not a PDF"),
    ("PNG named pdf", attachment(b64(PNG)), J, 422, "#/attachments/0/content", "not a PDF"),
    ("fake PDF header", attachment(b64(b"%PDF-1.7\n" + b"rommel " * 200)), J, 422, "#/attachments/0/content",
     "cannot be read"),
    ("truncated PDF", lambda: attachment(b64(make_pdf()[:900]))(), J, 422, "#/attachments/0/content",
     "cannot be read"),
    ("PDF of 11 pages", lambda: attachment(b64(make_pdf(11)))(), J, 422, "#/attachments/0/content", "11 pages"),
    ("attachment over 2 MB", lambda: attachment(b64(make_pdf() + b"%" * (2 * 1024 * 1024)))(), J, 422,
     "#/attachments/0/content", "2 MB"),
    ("file name not pdf", lambda: attachment(b64(make_pdf()), "brief.docx")(), J, 422,
     "#/attachments/0/filename", ".pdf"),
    ("file name with a path", lambda: attachment(b64(make_pdf()), "../../brief.pdf")(), J, 422,
     "#/attachments/0/filename", "no slashes"),
    ("attachment without content", with_("attachments", [{"filename": "a.pdf"}]), J, 422,
     "#/attachments/0/content", "required"),
    ("no account and no address", with_("recipient.bsn", UNKNOWN_BSN), J, 422, "#/recipient/address",
     "no inbox"),
    ("address with a bad postcode", with_("recipient", {"bsn": UNKNOWN_BSN, "address": {**ADDRESS,
     "postcode": "12345"}}), J, 422, "#/recipient/address/postcode", "1234 AB"),
    ("address without city", with_("recipient", {"bsn": UNKNOWN_BSN, "address": {
        k: v for k, v in ADDRESS.items() if k != "city"}}), J, 422, "#/recipient/address/city", "required"),
    ("address house number with letters", with_("recipient", {"bsn": UNKNOWN_BSN, "address": {
        **ADDRESS, "house_number": "12a"}}), J, 422, "#/recipient/address/house_number", "house_number_addition"),
]


@pytest.mark.parametrize("case, make, content_type, status, where, words", CASES, ids=[c[0] for c in CASES])
def test_bad_request_gets_a_clear_problem_and_stores_nothing(api, recipient, case, make, content_type, status, where,
                                                             words):
    citizens = Citizen.select().count()
    data = make if isinstance(make, bytes) else json.dumps(make()).encode()
    headers = api.headers()
    if content_type:
        headers["Content-Type"] = content_type
    response = api.client.post("/api/v1/messages", data=data, headers=headers)
    assert response.status_code == status, response.get_data(as_text=True)[:500]
    assert response.mimetype == "application/problem+json"
    problem = response.get_json()
    assert problem["status"] == status and problem["title"] and problem["type"].startswith("/senders/api-reference#")
    text = problem["detail"] + " ".join(e["detail"] for e in problem.get("errors", []))
    if where is not None:
        found = {e.get("pointer") for e in problem["errors"]}
        assert where in found, (where, problem["errors"])
        text = " ".join(e["detail"] for e in problem["errors"] if e.get("pointer") == where)
    assert words in text, (words, text)
    assert Message.select().count() == 0 and Attachment.select().count() == 0 and Event.select().count() == 0
    assert Citizen.select().count() == citizens and IdempotencyRecord.select().count() == 0


def test_there_are_at_least_forty_bad_request_cases():
    assert len(CASES) >= 40


def test_lone_surrogate_is_refused_not_a_server_error(api, recipient):
    raw = json.dumps(message_body(BSN)).replace("Uw voorschot huurtoeslag", "\\ud800 kapot").encode()
    response = api.client.post("/api/v1/messages", data=raw, headers={**api.headers(), "Content-Type": J})
    assert response.status_code == 422
    assert response.get_json()["errors"][0] == {
        "pointer": "#/subject/nl", "detail": "This text has characters that are not valid Unicode (a lone surrogate)."}


def test_every_wrong_field_is_listed_at_once(api, recipient):
    body = message_body("123", type="Fout", deadline={"date": "gisteren", "kind": "pay"}, colour="blue")
    problem = api.send(body).get_json()
    assert {e["pointer"] for e in problem["errors"]} == {"#/recipient/bsn", "#/type", "#/deadline/date", "#/colour"}
    assert problem["detail"] == "4 fields in the message are wrong. Nothing was stored."


def test_missing_idempotency_key_is_a_400_naming_the_header(api, body):
    response = api.client.post("/api/v1/messages", json=body, headers=api.headers(idempotency=False))
    assert response.status_code == 400
    assert response.get_json()["errors"] == [{"parameter": "Idempotency-Key", "detail": (
        "Send an Idempotency-Key header with a unique value for this message, like a UUID.")}]
    assert Message.select().count() == 0


def test_overlong_idempotency_key_is_refused(api, body):
    assert api.send(body, idempotency="k" * 256).status_code == 400


def test_request_over_the_size_limit_is_413_problem_json(api, recipient):
    data = b'{"body": "' + b"a" * (16 * 1024 * 1024) + b'"}'
    response = api.client.post("/api/v1/messages", data=data, headers={**api.headers(), "Content-Type": J})
    assert response.status_code == 413
    assert response.mimetype == "application/problem+json"
    assert Message.select().count() == 0


def test_a_deadline_without_its_action_text_is_422_with_the_pointer(api, recipient):
    response = api.send(message_body(BSN, action=...))
    assert response.status_code == 422 and response.mimetype == "application/problem+json"
    problem = response.get_json()
    assert problem["errors"] == [{"pointer": "#/action", "detail": (
        'A message with a deadline needs this text: what the citizen must do before the deadline, in Dutch (nl), '
        'like "Betaal het bedrag."')}]
    assert Message.select().count() == 0


def test_without_a_deadline_the_action_text_stays_optional(api, recipient):
    assert api.send(message_body(BSN, action=..., deadline=...)).status_code == 201
    dutch_only = message_body(BSN, deadline=..., action={"nl": "Lees de brief."},
                              subject={"nl": "Uw voorschot"}, summary={"nl": "U krijgt een voorschot."},
                              body={"nl": "Wij hebben uw voorschot berekend."})
    assert api.send({**dutch_only, "deadline": {"date": days(30), "kind": "pay"}}).status_code == 201
