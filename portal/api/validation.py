"""Checking a new message from the API, field by field, before anything is stored.

`parse_message(data, today=…)` returns a MessageSpec or raises ApiProblem("validation") listing every field
that is wrong, each with a JSON pointer and a plain sentence. Nothing here touches the database, except that
the caller resolves the recipient afterwards.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from portal import bidi, richtext
from portal.api import pdfcheck
from portal.api.problems import ApiProblem, FieldError
from portal.bsn import is_valid_bsn
from portal.followup import reminders
from portal.models import DEADLINE_KINDS
from portal.paper.timing import delivery_days, min_paper_days

TEXT_LIMITS = {"subject": 200, "summary": 2000, "action": 2000}  # characters
BODY_LIMIT = richtext.LIMITS["characters"]  # per language; richtext.LIMITS bounds its structure too
REQUIRED_TEXTS = ("subject", "summary", "body")
TOP_FIELDS = ("recipient", "type", "reference", "subject", "summary", "action", "body", "deadline", "policy",
              "attachments")
ADDRESS_FIELDS = ("name", "street", "house_number", "house_number_addition", "postcode", "city")
POLICY_FIELDS = ("remind_after_days", "remind_days_before_deadline", "paper_days_before_deadline", "remind_every_days",
                 "remind_at_most")
MAX_ATTACHMENTS = 5
MAX_DEADLINE_YEARS = 5
TYPE = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,98}[a-z0-9])?")
POSTCODE = re.compile(r"([1-9][0-9]{3}) ?([A-Z]{2})")
HOUSE_NUMBER = re.compile(r"[1-9][0-9]{0,4}")
ADDITION = re.compile(r"[A-Za-z0-9]{1,6}")
FILENAME = re.compile(r"[^/\\\x00-\x1f\x7f]{1,196}\.pdf", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass
class Address:
    name: str
    street: str
    house_number: str
    house_number_addition: str
    postcode: str  # "1234 AB"
    city: str


@dataclass
class MessageSpec:
    bsn: str
    address: Address | None
    message_type: str
    reference: str
    texts: dict[str, dict[str, str | None]]  # {"subject": {"nl": …, "en": …}, …}
    deadline: date | None = None
    deadline_kind: str | None = None
    policy: dict[str, int] | None = None
    attachments: list[tuple[str, bytes]] = field(default_factory=list)


class Checker:
    """Collects field errors; each check returns the cleaned value or None."""

    def __init__(self):
        self.errors: list[FieldError] = []

    def fail(self, pointer: str, detail: str) -> None:
        if all(e.pointer != pointer for e in self.errors):  # one message per field: the first problem found
            self.errors.append(FieldError(pointer, detail))

    def obj(self, value: Any, pointer: str, allowed: tuple[str, ...], required: tuple[str, ...] = ()) -> dict | None:
        if not isinstance(value, dict):
            self.fail(pointer, f"This must be a JSON object, not {json_type(value)}.")
            return None
        for name in value:
            if name not in allowed:
                self.fail(f"{pointer}/{escape(name)}", f"Unknown field. Allowed fields here: {', '.join(allowed)}.")
        for name in required:
            if value.get(name) is None:
                self.fail(f"{pointer}/{name}", "This field is required.")
        return value

    def string(self, value: Any, pointer: str, *, max_chars: int, required: bool = True,
               multiline: bool = False) -> str | None:
        if value is None:
            if required:
                self.fail(pointer, "This field is required.")
            return None
        if not isinstance(value, str):
            self.fail(pointer, f"This must be a string (text in quotes), not {json_type(value)}.")
            return None
        problem = text_problem(value, max_chars=max_chars, multiline=multiline)
        if problem:
            self.fail(pointer, problem)
            return None
        value = bidi.without_controls(value)
        if required and not value.strip():
            self.fail(pointer, "This field is empty. Write the text here.")
            return None
        return value.strip()

    def matches(self, value: Any, pointer: str, pattern: re.Pattern, explain: str, *, max_chars: int = 100,
                required: bool = True) -> str | None:
        text = self.string(value, pointer, max_chars=max_chars, required=required)
        if text is None:
            return None
        if not pattern.fullmatch(text):
            self.fail(pointer, explain)
            return None
        return text


def json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    return "an object"


def escape(name: str) -> str:
    return str(name).replace("~", "~0").replace("/", "~1")


def text_problem(value: str, *, max_chars: int, multiline: bool) -> str | None:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return "This text has characters that are not valid Unicode (a lone surrogate)."
    if "\x00" in value or _CONTROL.search(value) or (not multiline and ("\n" in value or "\r" in value)):
        return "This text has control characters. Remove them" + (
            " (new lines are allowed)." if multiline else " (new lines are not allowed here).")
    if len(value) > max_chars:
        return f"This text is {len(value):,} characters long; the limit is {max_chars:,}."
    return None


def parse_message(data: Any, *, today: date) -> MessageSpec:
    """Raises ApiProblem("validation") with every error found."""
    c = Checker()
    if c.obj(data, "#", TOP_FIELDS, required=("recipient", "type", "subject", "summary", "body")) is None:
        raise ApiProblem("validation", "The body must be a JSON object with the message's fields.", c.errors)
    bsn, address = _recipient(c, data.get("recipient"))
    message_type = c.matches(data.get("type"), "#/type", TYPE,
                             "Use 1 to 100 lower-case letters, digits and hyphens, like voorschot-huurtoeslag.")
    reference = c.string(data.get("reference"), "#/reference", max_chars=100, required=False) or ""
    texts = _texts(c, data)
    deadline, kind = _deadline(c, data.get("deadline"), today)
    _action_for_deadline(c, data, texts)
    policy = _policy(c, data.get("policy"), has_deadline=data.get("deadline") is not None)
    attachments = _attachments(c, data.get("attachments"))
    if c.errors:
        count = len(c.errors)
        raise ApiProblem("validation", f"{count} field{'s' if count > 1 else ''} in the message "
                                       f"{'are' if count > 1 else 'is'} wrong. Nothing was stored.", c.errors)
    return MessageSpec(bsn=bsn, address=address, message_type=message_type, reference=reference, texts=texts,
                       deadline=deadline, deadline_kind=kind, policy=policy, attachments=attachments)


def check_bsn(value: Any, pointer: str, c: Checker) -> str | None:
    bsn = c.string(value, pointer, max_chars=20)
    if bsn is None:
        return None
    if not re.fullmatch(r"[0-9]{9}", bsn):  # ASCII digits: \d also matches Arabic-Indic ones
        c.fail(pointer, "A citizen service number (BSN) is 9 digits, as a string, like \"999990019\".")
        return None
    if not is_valid_bsn(bsn):
        c.fail(pointer, "This is not a valid citizen service number (BSN): it does not pass the 11-test.")
        return None
    return bsn


def _recipient(c: Checker, value: Any) -> tuple[str | None, Address | None]:
    if value is None:
        return None, None
    if c.obj(value, "#/recipient", ("bsn", "address"), required=("bsn",)) is None:
        return None, None
    bsn = check_bsn(value.get("bsn"), "#/recipient/bsn", c) if value.get("bsn") is not None else None
    address = _address(c, value.get("address")) if value.get("address") is not None else None
    return bsn, address


def _address(c: Checker, value: Any) -> Address | None:
    p = "#/recipient/address"
    if c.obj(value, p, ADDRESS_FIELDS, required=("name", "street", "house_number", "postcode", "city")) is None:
        return None
    number = value.get("house_number")
    if isinstance(number, int) and not isinstance(number, bool):
        number = str(number)
    cleaned = {
        "name": c.string(value.get("name"), f"{p}/name", max_chars=100),
        "street": c.string(value.get("street"), f"{p}/street", max_chars=100),
        "house_number": c.matches(number, f"{p}/house_number", HOUSE_NUMBER,
                                  "A house number is 1 to 5 digits, like 12. Put letters in house_number_addition."),
        "house_number_addition": c.matches(value.get("house_number_addition"), f"{p}/house_number_addition",
                                           ADDITION, "An addition is 1 to 6 letters or digits, like A or 2.",
                                           required=False) or "",
        "city": c.string(value.get("city"), f"{p}/city", max_chars=80),
    }
    postcode = c.string(value.get("postcode"), f"{p}/postcode", max_chars=10)
    match = POSTCODE.fullmatch(postcode.upper()) if postcode else None
    if postcode and not match:
        c.fail(f"{p}/postcode", "A Dutch postcode is 4 digits and 2 letters, like 1234 AB.")
    if match is None or None in (cleaned["name"], cleaned["street"], cleaned["house_number"], cleaned["city"]):
        return None
    return Address(postcode=f"{match.group(1)} {match.group(2)}", **cleaned)


def _texts(c: Checker, data: dict) -> dict[str, dict[str, str | None]]:
    texts: dict[str, dict[str, str | None]] = {}
    for name in ("subject", "summary", "action", "body"):
        value = data.get(name)
        pointer = f"#/{name}"
        limit = TEXT_LIMITS.get(name, BODY_LIMIT)
        texts[name] = {"nl": "" if name == "action" else None, "en": None}
        if value is None or c.obj(value, pointer, ("nl", "en")) is None:
            continue
        if value.get("nl") is None:
            c.fail(f"{pointer}/nl", "The Dutch text (nl) is required.")
        else:
            texts[name]["nl"] = c.string(value["nl"], f"{pointer}/nl", max_chars=limit, multiline=name != "subject")
        texts[name]["en"] = c.string(value.get("en"), f"{pointer}/en", max_chars=limit, required=False,
                                     multiline=name != "subject") or None
    _body_within_limits(c, texts["body"])
    given = [n for n in REQUIRED_TEXTS if texts[n]["en"]]
    if given and len(given) < len(REQUIRED_TEXTS):
        for name in REQUIRED_TEXTS:
            if not texts[name]["en"] and isinstance(data.get(name), dict):
                c.fail(f"#/{name}/en", "English is given for some texts but not this one. Give subject, summary "
                                       "and body in English together, or none of them.")
    return texts


def _action_for_deadline(c: Checker, data: dict, texts: dict[str, dict[str, str | None]]) -> None:
    """A message with a deadline must say what to do before it: the summary card with the action is often the
    one thing a citizen reads. In English too when the other texts are (an English page shows no Dutch)."""
    if data.get("deadline") is None:
        return
    action = data.get("action")
    if action is None:
        c.fail("#/action", "A message with a deadline needs this text: what the citizen must do before the "
                           "deadline, in Dutch (nl), like \"Betaal het bedrag.\"")
    elif isinstance(action, dict):
        if not texts["action"]["nl"]:
            c.fail("#/action/nl", "A message with a deadline needs the Dutch text: what the citizen must do.")
        if all(texts[name]["en"] for name in REQUIRED_TEXTS) and not texts["action"]["en"]:
            c.fail("#/action/en", "The other texts are in English, so a message with a deadline needs the action "
                                  "in English too: English readers see only English texts.")


def _body_within_limits(c: Checker, body: dict[str, str | None]) -> None:
    """The structure of each body is bounded too, so every accepted letter renders in bounded time."""
    for lang, text in body.items():
        problem = richtext.problem(text) if text else None
        if problem:
            c.fail(f"#/body/{lang}", problem)
            body[lang] = None


def _deadline(c: Checker, value: Any, today: date) -> tuple[date | None, str | None]:
    p = "#/deadline"
    if value is None or c.obj(value, p, ("date", "kind"), required=("date", "kind")) is None:
        return None, None
    kind = value.get("kind")
    if kind is not None and kind not in DEADLINE_KINDS:
        c.fail(f"{p}/kind", f"The kind must be one of: {', '.join(DEADLINE_KINDS)}.")
        kind = None
    text = c.string(value.get("date"), f"{p}/date", max_chars=10) if value.get("date") is not None else None
    if text is None:
        return None, kind
    try:
        when = date.fromisoformat(text) if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text) else None
    except ValueError:
        when = None
    if when is None:
        c.fail(f"{p}/date", "Write the date as YYYY-MM-DD, like 2027-01-15.")
    elif when <= today:
        c.fail(f"{p}/date", f"The deadline must be after today ({today.isoformat()}): the citizen acts before "
                            "this date.")
    elif when > today + timedelta(days=366 * MAX_DEADLINE_YEARS):
        c.fail(f"{p}/date", f"The deadline can be at most {MAX_DEADLINE_YEARS} years ahead.")
    else:
        return when, kind
    return None, kind


def _policy(c: Checker, value: Any, *, has_deadline: bool) -> dict[str, int] | None:
    p = "#/policy"
    if value is None or c.obj(value, p, POLICY_FIELDS) is None:
        return None
    policy = {}
    for name in POLICY_FIELDS:
        days = value.get(name)
        if days is None:
            continue
        top = reminders.limit_of(name)
        if not isinstance(days, int) or isinstance(days, bool) or not 1 <= days <= top:
            what = "reminders" if name == reminders.COUNT else "days"
            c.fail(f"{p}/{name}", f"This must be a whole number of {what} from 1 to {top}.")
        elif name.endswith("before_deadline") and not has_deadline:
            c.fail(f"{p}/{name}", "This step counts back from the deadline, but the message has no deadline.")
        elif name == "paper_days_before_deadline" and days < min_paper_days():
            c.fail(f"{p}/{name}", f"Print-if-unread counts back in working days. Asked for {days} working day"
                                  f"{'s' if days > 1 else ''} before the deadline, the letter can arrive on or "
                                  "after the citizen's last day to act (the day before the deadline): posting "
                                  f"takes 1 working day and delivery up to {delivery_days()}. Use at least "
                                  f"{min_paper_days()}.")
        else:
            policy[name] = days
    for name, problem in reminders.pairing_problems(value).items():
        c.fail(f"{p}/{name}", problem)
    return policy


def _attachments(c: Checker, value: Any) -> list[tuple[str, bytes]]:
    if value is None:
        return []
    if not isinstance(value, list):
        c.fail("#/attachments", f"This must be a list of attachments, not {json_type(value)}.")
        return []
    if len(value) > MAX_ATTACHMENTS:
        c.fail("#/attachments", f"A message can have at most {MAX_ATTACHMENTS} attachments; this one has "
                                f"{len(value)}.")
        return []
    found = []
    for i, item in enumerate(value):
        p = f"#/attachments/{i}"
        if c.obj(item, p, ("filename", "content"), required=("filename", "content")) is None:
            continue
        name = c.matches(item.get("filename"), f"{p}/filename", FILENAME,
                         "A file name ends in .pdf, has at most 200 characters and no slashes.", max_chars=200,
                         required=item.get("filename") is not None)
        content = item.get("content")
        if content is None:
            continue
        data = pdfcheck.decode_and_check(content)
        if isinstance(data, str):
            c.fail(f"{p}/content", data)
        elif name:
            found.append((name, data))
    return found
