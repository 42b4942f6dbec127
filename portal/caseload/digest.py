"""The daily alert to staff: one content-free e-mail a day ("3 letters of your clients have a deadline within 5
days and are not opened yet"), never the clients' names, the senders or the letters, whatever the caseload's
size. Sent by the worker every morning (portal/caseload/tasks.py) or `portal caseload-digest`."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _
from peewee import IntegrityError, fn

from portal import mail
from portal.caseload.models import Assignment, CaseloadDigest, HelperStaff, OrgAuthorisation
from portal.clock import local_today
from portal.db import database
from portal.models import Account, Message

ALERT_DAYS = 5  # a letter with a deadline still unopened this many days before it
log = logging.getLogger(__name__)


def due(now: datetime, *, days: int = ALERT_DAYS) -> list[tuple[Account, int]]:
    """(staff account, how many letters) for every current staff member with assigned clients' letters that have
    a deadline within `days` days, not done and not opened: one grouped query."""
    today = local_today(now)
    count = fn.COUNT(fn.DISTINCT(Message.id))
    rows = (Account.select(Account, count.alias("letters"))
            .join(HelperStaff, on=(HelperStaff.account == Account.id))
            .join(Assignment, on=(Assignment.staff == HelperStaff.id))
            .join(OrgAuthorisation, on=(OrgAuthorisation.id == Assignment.authorisation))
            .join(Message, on=(Message.recipient == OrgAuthorisation.citizen))
            .where(HelperStaff.removed_at.is_null(), OrgAuthorisation.ended_at.is_null(),
                   OrgAuthorisation.valid_until > now, Message.deadline.between(today, today + timedelta(days=days)),
                   Message.first_opened_at.is_null(), Message.done_at.is_null(), Message.deleted_at.is_null(),
                   Message.not_test())
            .group_by(Account.id).order_by(Account.id))
    return [(row, row.letters) for row in rows]


def send_all(now: datetime, *, days: int = ALERT_DAYS) -> int:
    """Send today's digest to everyone who has one due and has not had it today. Returns how many were sent."""
    sent = 0
    today = local_today(now)
    public_url = current_app.config["PUBLIC_URL"].rstrip("/")
    for account, letters in due(now, days=days):
        if not account.email:
            continue
        try:
            with database.atomic():
                CaseloadDigest.create(account=account, day=today, letters=letters, sent_at=now)
        except IntegrityError:
            continue  # already sent today
        try:
            mail.deliver(_mail(account, letters, days, public_url + "/caseload/"))
        except Exception:  # noqa: BLE001 -- the next run tries again
            log.exception("caseload digest to account %s failed", account.id)
            CaseloadDigest.delete().where(CaseloadDigest.account == account, CaseloadDigest.day == today).execute()
            continue
        sent += 1
    return sent


def _mail(account: Account, letters: int, days: int, link: str) -> mail.Mail:
    with force_locale(account.language):
        text = "\n\n".join([
            ngettext("%(num)d letter of your clients has a deadline within %(days)d days and is not opened yet.",
                     "%(num)d letters of your clients have a deadline within %(days)d days and are not opened yet.",
                     letters, days=days),
            _("Log in to see them in your caseload: %(link)s", link=link),
            _("This e-mail says nothing about the letters themselves, on purpose."),
        ]) + "\n"
        return mail.Mail(to=account.email, subject=_("Letters of your clients need attention"), text=text,
                         language=account.language)
