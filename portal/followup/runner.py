"""Carrying out outbox rows: paper steps inside one transaction, e-mails claim -> send -> mark (see outbox.py).

Events (the sender sees those starting with alert, remind, paper; the citizen sees them on the message):
alerted, reminded, helper_alerted, retention_notice, paper_requested (detail "policy:print_if_unread"),
paper_not_possible, and <kind>_failed when an e-mail finally could not be sent.
"""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from flask import current_app

from portal import mail as mailer
from portal.clock import local_today, utcnow
from portal.db import database, is_postgres, write_transaction
from portal.followup import mails, outbox, policy
from portal.followup.models import MAIL_KINDS, AlertSetting, Outbox
from portal.followup.timing import is_quiet
from portal.models import Account, Citizen, Event, Message, Organisation
from portal.paper import services as paper

log = logging.getLogger(__name__)

EVENT_OF = {"alert": "alerted", "reminder": "reminded", "helper_alert": "helper_alerted",
            "retention_notice": "retention_notice"}


@dataclass
class Tally:
    sent: int = 0  # e-mails sent (a digest counts once)
    rows_sent: int = 0
    paper: int = 0
    cancelled: int = 0
    retried: int = 0
    failed: int = 0
    swept: int = 0
    notes: list[str] = field(default_factory=list)


def drain(*, now: datetime | None = None, send: Callable | None = None, rounds: int = 1000) -> Tally:
    """Carry out every due row. `now` fixed (the demo clock) or None for the real clock at every round.
    `send(mail)` defaults to the app's mail settings (SMTP_URL or .eml files)."""
    tally = Tally()
    tally.swept = outbox.sweep(now or utcnow())
    while _paper_step(now or utcnow(), tally):
        pass
    connection = None if send else Connection()
    try:
        for _ in range(rounds):
            moment = now or utcnow()
            if is_quiet(moment):
                break
            rows = outbox.claim(moment, MAIL_KINDS)
            if not rows:
                break
            for group in _groups(rows):
                _send_group(group, moment, send or connection, tally)
    finally:
        if connection is not None:
            connection.close()
    return tally


class Connection:
    """Sends with the app's mail settings, keeping one SMTP connection open for a whole run of the outbox.

    A connection the server closed in between is opened again once, before anything of the e-mail was
    accepted; any other failure closes it (the next e-mail opens a new one) and is raised to the caller."""

    def __init__(self) -> None:
        cfg = current_app.config
        self.sender, self.smtp_url, self.mail_dir = cfg["MAIL_FROM"], cfg["SMTP_URL"], Path(cfg["MAIL_DIR"])
        self.smtp: smtplib.SMTP | None = None

    def __call__(self, mail: mailer.Mail) -> str:
        if not self.smtp_url:
            return mailer.send(mail, sender=self.sender, smtp_url=None, mail_dir=self.mail_dir)
        message = mailer.build_message(mail, self.sender)
        for attempt in (1, 2):
            if self.smtp is None:
                self.smtp = mailer.connect(self.smtp_url)
            try:
                self.smtp.send_message(message)
                return message["Message-ID"]
            except smtplib.SMTPServerDisconnected:
                self.smtp = None
                if attempt == 2:
                    raise
            except (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused, smtplib.SMTPDataError):
                self._reset()
                raise
            except BaseException:
                self.close()
                raise
        raise AssertionError("unreachable")

    def _reset(self) -> None:
        try:
            self.smtp.rset()
        except (smtplib.SMTPException, OSError):
            self.close()

    def close(self) -> None:
        if self.smtp is not None:
            with suppress(smtplib.SMTPException, OSError):
                self.smtp.quit()
            with suppress(OSError):
                self.smtp.close()
            self.smtp = None


# Paper steps: one transaction each -------------------------------------------------------------------------


def _paper_step(now: datetime, tally: Tally) -> bool:
    """Claim one due paper row, make the paper request and mark the row sent, all in one transaction."""
    with write_transaction():
        query = Outbox.select().where(Outbox.status == "pending", Outbox.kind == "paper",
                                      Outbox.due_at <= now).order_by(Outbox.due_at, Outbox.id).limit(1)
        if is_postgres():
            query = query.for_update("FOR UPDATE SKIP LOCKED")
        row = query.first()
        if row is None:
            return False
        message = Message.get_by_id(row.message_id)
        Outbox.update(attempts=Outbox.attempts + 1, claimed_at=now, status="sending").where(
            Outbox.id == row.id).execute()
        if not policy.still_applies(row.detail, message, local_today(now)):
            outbox.mark_cancelled([row], now, "no longer applies (opened, done, deleted or past the deadline)")
            tally.cancelled += 1
            return True
        try:
            request = paper.request_paper_copy(message, requested_by="policy", actor=None, now=now,
                                               reason="print_if_unread")
        except paper.NoAddress:
            Event.create(message=message, citizen=message.recipient_id, actor=None, kind="paper_not_possible",
                         at=now, detail="no_address")
            outbox.mark_cancelled([row], now, "no postal address")
            tally.cancelled += 1
            return True
        outbox.mark_sent([row], now)
        tally.paper += int(request.created)
        tally.rows_sent += 1
    return True


# E-mails --------------------------------------------------------------------------------------------------


def _groups(rows: list[Outbox]) -> list[list[Outbox]]:
    """Alerts and retention notices of one citizen go as one e-mail; reminders and helper alerts one each."""
    groups: dict[tuple, list[Outbox]] = {}
    for row in rows:
        together = row.kind in ("alert", "retention_notice")
        groups.setdefault((row.kind, row.citizen_id) if together else (row.id,), []).append(row)
    return list(groups.values())


def _applies(row: Outbox, message: Message | None, today) -> bool:
    if message is None or message.is_test:
        return False
    if row.kind == "alert":
        return message.first_opened_at is None and message.deleted_at is None
    if row.kind == "reminder":
        return policy.still_applies(row.detail, message, today)
    if row.kind == "helper_alert":
        return message.done_at is None and message.deleted_at is None
    return True  # retention notice: the message is still there


def _send_group(rows: list[Outbox], now: datetime, send: Callable, tally: Tally) -> None:
    today = local_today(now)
    messages = {m.id: m for m in Message.select().where(Message.id.in_([r.message_id for r in rows]))}
    keep = [r for r in rows if _applies(r, messages.get(r.message_id), today)]
    citizen = Citizen.get_or_none(Citizen.id == rows[0].citizen_id)
    to = address_for(rows[0].kind, citizen)
    drop = [r for r in rows if r not in keep or not to]
    if drop:
        with database.atomic():
            outbox.mark_cancelled(drop, now, "no longer applies" if to else "alerts off or no address")
        tally.cancelled += len(drop)
    keep = [r for r in keep if to]
    if not keep:
        return
    mail = _compose(keep, citizen, to, messages)
    try:
        send(mail)
    except Exception as error:  # noqa: BLE001 -- any failure to send is recorded on the row, never lost
        _failed(keep, citizen, to, outbox.classify(error), now, tally)
        return
    with database.atomic():
        outbox.mark_sent(keep, now)
        for row in keep:
            Event.create(message=row.message_id, citizen=row.citizen_id, actor=None, kind=EVENT_OF[row.kind], at=now,
                         detail=row.detail)
    tally.sent += 1
    tally.rows_sent += len(keep)


def address_for(kind: str, citizen: Citizen | None) -> str:
    """Where an e-mail of this kind for this citizen goes now ("": nowhere, e.g. alerts are off)."""
    if citizen is None:
        return ""
    if kind == "helper_alert":
        setting = AlertSetting.get_or_none(AlertSetting.citizen == citizen)
        return setting.helper_email if setting else ""
    if kind in ("alert", "reminder") and not policy.alerts_on(citizen):
        return ""
    address = policy.alert_address(citizen)
    setting = AlertSetting.get_or_none(AlertSetting.citizen == citizen)
    if setting is not None and setting.problem == "bounced" and setting.problem_address.lower() == address.lower():
        return ""  # bounced for good: not used again until the citizen gives (or confirms) an address
    return address


def _compose(rows: list[Outbox], citizen: Citizen, to: str, messages: dict[int, Message]) -> mailer.Mail:
    account = Account.get_by_id(citizen.account_id)
    language, kind, lead = account.language, rows[0].kind, rows[0]
    first = messages[lead.message_id]
    if kind == "alert":
        orgs = {o.id: o for o in Organisation.select().where(
            Organisation.id.in_([messages[r.message_id].organisation_id for r in rows]))}
        senders = [orgs[messages[r.message_id].organisation_id].name(language) for r in rows]
        return mails.alert_mail(to=to, language=language, name=account.name, senders=senders,
                                message_id=lead.mail_id)
    if kind == "reminder":
        return mails.reminder_mail(to=to, language=language, name=account.name,
                                   sender=first.organisation.name(language), deadline=first.deadline,
                                   opened=first.first_opened_at is not None, message_id=lead.mail_id)
    if kind == "helper_alert":
        return mails.helper_alert_mail(to=to, language=language, name=account.name, message_id=lead.mail_id)
    from portal.followup import retention

    first_day = min(retention.removal_date(messages[r.message_id]) for r in rows)
    return mails.retention_mail(to=to, language=language, name=account.name, count=len(rows),
                                remove_on=first_day, message_id=lead.mail_id)


def _failed(rows: list[Outbox], citizen: Citizen | None, to: str, failure: outbox.Failure, now: datetime,
            tally: Tally) -> None:
    log.warning("outbox rows %s not sent: %s", [r.id for r in rows], failure.error)
    with database.atomic():
        failed = outbox.mark_failed_or_retry(rows, now, failure)
        not_arrived(failed, citizen, to, "bounced" if failure.permanent else "failed", now=now)
    tally.failed += len(failed)
    tally.retried += len(rows) - len(failed)


def not_arrived(rows: list[Outbox], citizen: Citizen | None, address: str, problem: str, *,
                now: datetime) -> None:
    """Inside a transaction: the e-mail of these rows did not arrive ("bounced" or "failed"), refused while
    sending or reported later (portal/followup/bounces.py). Each message gets a `<kind>_failed` event for the
    citizen and the sender; the citizen's alert address gets the problem (not for a helper's address)."""
    for row in rows:
        Event.create(message=row.message_id, citizen=row.citizen_id, actor=None, kind=f"{row.kind}_failed",
                     at=now, detail=problem)
    if rows and citizen is not None and rows[0].kind != "helper_alert":
        record_problem(citizen, address, problem, now=now)


def record_problem(citizen: Citizen, address: str, problem: str, *, now: datetime) -> None:
    """Remember that e-mail to the citizen's alert address did not arrive: shown at their next log-in."""
    setting, _ = AlertSetting.get_or_create(citizen=citizen, defaults={"updated_at": now})
    AlertSetting.update(problem=problem, problem_address=address, problem_at=now).where(
        AlertSetting.id == setting.id).execute()
