"""Checking a new message from the API, field by field, before anything is stored.

`parse_message(data, today=…)` returns a MessageSpec or raises ApiProblem("validation") listing every field
that is wrong, each with a JSON pointer and a plain sentence. The shape (types, required and unknown fields,
lengths, patterns, ranges) is checked by the published OpenAPI schema itself (portal.api.contract); what is
here are the rules no schema can say: the BSN 11-test, control characters and blank texts, a deadline after
today, texts that must come together, the body's structure and the PDF checks. Nothing here touches the
database, except that the caller resolves the recipient afterwards.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from portal import bidi, richtext
from portal.api import contract, pdfcheck
from portal.api.contract import escape, json_type  # noqa: F401  (the names callers know them by)
from portal.api.limits import MAX_DEADLINE_YEARS
from portal.api.openapi import BSN_FORMAT
from portal.api.problems import ApiProblem, FieldError
from portal.bsn import is_valid_bsn

REQUIRED_TEXTS = ("subject", "summary", "body")
TYPE = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,98}[a-z0-9])?")
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
    """Collects field errors, the schema's first; each check returns the cleaned value or None."""

    def __init__(self, problems: list[tuple[str, str]] = ()):
        self.errors: list[FieldError] = [FieldError(pointer, detail) for pointer, detail in problems]

    def fail(self, pointer: str, detail: str) -> None:
        if all(e.pointer != pointer for e in self.errors):  # one message per field: the first problem found
            self.errors.append(FieldError(pointer, detail))

    def clean(self, pointer: str) -> bool:
        """Whether nothing is wrong at `pointer`, inside it or around it: only then are its value's type and
        shape the schema's, so the rules below may read it."""
        return not any(e.pointer == pointer or e.pointer.startswith(pointer + "/") or pointer.startswith(
            e.pointer + "/") for e in self.errors)

    def text(self, value: Any, pointer: str, *, required: bool = True, multiline: bool = False) -> str | None:
        """A string the schema accepted, without what no schema says: control characters, lone surrogates and
        invisible direction marks; a required text must not be blank. Trimmed."""
        if value is None or not self.clean(pointer):
            return None
        problem = text_problem(value, multiline=multiline)
        if problem:
            self.fail(pointer, problem)
            return None
        value = bidi.without_controls(value)
        if required and not value.strip():
            self.fail(pointer, "This field is empty. Write the text here.")
            return None
        return value.strip()


def text_problem(value: str, *, multiline: bool) -> str | None:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return "This text has characters that are not valid Unicode (a lone surrogate)."
    if "\x00" in value or _CONTROL.search(value) or (not multiline and ("\n" in value or "\r" in value)):
        return "This text has control characters. Remove them" + (
            " (new lines are allowed)." if multiline else " (new lines are not allowed here).")
    return None


def bsn_problem(value: str) -> str | None:
    """What is wrong with a BSN given as text (a path parameter, say), or None."""
    if not re.fullmatch(r"[0-9]{9}", value):  # ASCII digits: \d also matches Arabic-Indic ones
        return BSN_FORMAT
    if not is_valid_bsn(value):
        return "This is not a valid citizen service number (BSN): it does not pass the 11-test."
    return None


def parse_message(data: Any, *, today: date) -> MessageSpec:
    """Raises ApiProblem("validation") with every error found."""
    c = Checker(contract.check(data, "NewMessage"))
    if not isinstance(data, dict):
        raise ApiProblem("validation", "The body must be a JSON object with the message's fields.", c.errors)
    bsn, address = _recipient(c, data.get("recipient"))
    message_type = c.text(data.get("type"), "#/type")
    reference = c.text(data.get("reference"), "#/reference", required=False) or ""
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


def _recipient(c: Checker, value: Any) -> tuple[str | None, Address | None]:
    if not isinstance(value, dict):
        return None, None
    bsn = c.text(value.get("bsn"), "#/recipient/bsn")
    if bsn is not None and not is_valid_bsn(bsn):
        c.fail("#/recipient/bsn", "This is not a valid citizen service number (BSN): it does not pass the 11-test.")
        bsn = None
    address = _address(c, value["address"]) if isinstance(value.get("address"), dict) else None
    return bsn, address


def _address(c: Checker, value: dict) -> Address | None:
    p = "#/recipient/address"
    number = value.get("house_number")
    cleaned = {
        "name": c.text(value.get("name"), f"{p}/name"),
        "street": c.text(value.get("street"), f"{p}/street"),
        # JSON Schema counts 12.0 as the integer 12 too
        "house_number": c.text(str(int(number)) if isinstance(number, int | float) and not isinstance(
            number, bool) and c.clean(f"{p}/house_number") else number, f"{p}/house_number"),
        "house_number_addition": c.text(value.get("house_number_addition"), f"{p}/house_number_addition",
                                        required=False) or "",
        "city": c.text(value.get("city"), f"{p}/city"),
    }
    postcode = c.text(value.get("postcode"), f"{p}/postcode")
    if postcode is None or None in cleaned.values():
        return None
    digits, letters = postcode[:4], postcode[-2:].upper()
    return Address(postcode=f"{digits} {letters}", **cleaned)


def _texts(c: Checker, data: dict) -> dict[str, dict[str, str | None]]:
    texts: dict[str, dict[str, str | None]] = {}
    for name in ("subject", "summary", "action", "body"):
        value = data.get(name)
        texts[name] = {"nl": "" if name == "action" else None, "en": None}
        if not isinstance(value, dict):
            continue
        multiline = name != "subject"
        nl = c.text(value.get("nl"), f"#/{name}/nl", multiline=multiline)
        if nl is not None:
            texts[name]["nl"] = nl
        texts[name]["en"] = c.text(value.get("en"), f"#/{name}/en", required=False, multiline=multiline) or None
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
    one thing a citizen reads. In English too when the other texts are (an English page shows no Dutch). That
    the action is there at all is the schema's rule (dependentRequired)."""
    if data.get("deadline") is None or not isinstance(data.get("action"), dict):
        return
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
    if not isinstance(value, dict):
        return None, None
    kind = value.get("kind") if c.clean(f"{p}/kind") else None
    text = c.text(value.get("date"), f"{p}/date")
    if text is None:
        return None, kind
    when = date.fromisoformat(text)  # the schema's format "date" has checked it is one
    if when <= today:
        c.fail(f"{p}/date", f"The deadline must be after today ({today.isoformat()}): the citizen acts before "
                            "this date.")
    elif when > today + timedelta(days=366 * MAX_DEADLINE_YEARS):
        c.fail(f"{p}/date", f"The deadline can be at most {MAX_DEADLINE_YEARS} years ahead.")
    else:
        return when, kind
    return None, kind


def _policy(c: Checker, value: Any, *, has_deadline: bool) -> dict[str, int] | None:
    p = "#/policy"
    if not isinstance(value, dict):
        return None
    policy = {}
    for name, days in value.items():
        if days is None or not c.clean(f"{p}/{escape(name)}"):
            continue
        if name.endswith("before_deadline") and not has_deadline:
            c.fail(f"{p}/{name}", "This step counts back from the deadline, but the message has no deadline.")
        else:
            policy[name] = int(days)  # JSON Schema's integer takes 3.0 too
    return policy


def _attachments(c: Checker, value: Any) -> list[tuple[str, bytes]]:
    if not isinstance(value, list) or any(e.pointer == "#/attachments" for e in c.errors):
        return []  # too many: none is decoded
    found = []
    for i, item in enumerate(value):
        p = f"#/attachments/{i}"
        if not isinstance(item, dict):
            continue
        name = c.text(item.get("filename"), f"{p}/filename")
        if not c.clean(f"{p}/content"):
            continue
        data = pdfcheck.decode_and_check(item["content"])
        if isinstance(data, str):
            c.fail(f"{p}/content", data)
        elif name:
            found.append((name, data))
    return found
