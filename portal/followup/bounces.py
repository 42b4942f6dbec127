"""Bounces that come back after the receiving server accepted an e-mail: delivery status notifications
(RFC 3464, what mail servers send to the envelope sender when a mail cannot be delivered in the end).

Refusals during sending are handled by the runner itself; these arrive later, as mail. Deployments route the
mailbox of MAIL_FROM (the envelope sender) to `flask --app wsgi portal followup bounce` (docs/deploy.md),
which reads one report per call. A report is matched to the e-mail it is about by the Message-ID the outbox
gave it; for each address that failed for good the citizen is told at their next log-in (as for a refusal
while sending), and the message gets an `<kind>_failed` event ("bounced") for the citizen and the sender.
Anything else (a delay notice, an out-of-office reply, a report about mail we did not send) changes nothing.
"""

from __future__ import annotations

import email
import email.policy
from dataclasses import dataclass
from datetime import datetime
from email.message import Message as MailMessage

from portal.db import database
from portal.followup.models import Outbox
from portal.followup.runner import address_for, not_arrived
from portal.models import Citizen


@dataclass(frozen=True)
class Report:
    mail_id: str  # the Message-ID of the e-mail the report is about ("" when the report does not say)
    failed: tuple[str, ...]  # addresses that failed for good, lower case


def parse(raw: bytes) -> Report | None:
    """The failed addresses of a delivery status notification; None when `raw` is not one."""
    message = email.message_from_bytes(raw, policy=email.policy.compat32)
    if message.get_content_type() != "multipart/report" or message.get_param("report-type") != "delivery-status":
        return None
    failed: list[str] = []
    mail_id = ""
    for part in message.walk():
        kind = part.get_content_type()
        if kind == "message/delivery-status":
            failed += _failed_recipients(part)
        elif kind in ("message/rfc822", "text/rfc822-headers", "message/rfc822-headers") and not mail_id:
            mail_id = _original_id(part)
    return Report(mail_id, tuple(dict.fromkeys(failed)))


def _failed_recipients(part: MailMessage) -> list[str]:
    # The parser gives message/delivery-status as a list of header blocks: one per message, then one per
    # recipient (Final-Recipient, Action, Status).
    blocks = part.get_payload()
    if not isinstance(blocks, list):
        return []
    found = []
    for block in blocks:
        action = (block.get("Action") or "").strip().lower()
        recipient = block.get("Final-Recipient") or block.get("Original-Recipient") or ""
        if action == "failed" and ";" in recipient:
            found.append(recipient.split(";", 1)[1].strip().strip("<>").lower())
    return found


def _original_id(part: MailMessage) -> str:
    payload = part.get_payload()
    if isinstance(payload, list) and payload:  # message/rfc822: the returned mail itself
        return (payload[0].get("Message-ID") or "").strip()
    if isinstance(payload, str):  # text/rfc822-headers: only its headers
        headers = email.message_from_string(payload.lstrip(), policy=email.policy.compat32)
        return (headers.get("Message-ID") or "").strip()
    return ""


def apply(report: Report, *, now: datetime) -> int:
    """Record the failures of a report; returns how many messages got a `bounced` event."""
    if not report.mail_id or not report.failed:
        return 0
    lead = Outbox.get_or_none(Outbox.mail_id == report.mail_id, Outbox.status == "sent")
    if lead is None or lead.citizen_id is None:
        return 0  # not an e-mail of ours, or not one that was sent
    rows = list(Outbox.select().where((Outbox.id == lead.id) | (Outbox.sent_with == lead.id)))
    citizen = Citizen.get_by_id(lead.citizen_id)
    address = address_for(lead.kind, citizen)
    if not address or address.lower() not in report.failed:
        return 0  # about an address the citizen no longer uses (or no longer gets these e-mails at)
    with database.atomic():
        not_arrived(rows, citizen, address, "bounced", now=now)
    return len(rows)
