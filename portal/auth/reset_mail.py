"""Password-reset e-mails, sent by the worker through the outbox, never from the web request.

`/password/forgot` only counts the request (per address and per client address, portal/auth/throttle.py) and
writes one outbox row of kind `password_reset` holding the address typed: the same work whether or not an
account has that address, so neither the answer nor its timing tells. The worker's job looks the address up.
No account (or a DigiD account, which has no password): the row is cancelled. Otherwise the job makes the
reset token itself, right then, stores only its hash (PasswordReset) and sends the link: the link exists
only in the worker's memory and in the e-mail, never in the database. A retry after a failed send makes a
new token (the unsent one was never known to anyone). When the row is done, the address is wiped from it.

Unlike alerts, these e-mails go out at any hour: the person is waiting for them.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable
from datetime import datetime, timedelta

from flask import current_app

from portal import mail as mailer
from portal.auth import throttle
from portal.auth.mails import password_reset_mail
from portal.auth.services import new_reset_token, normalise_email
from portal.db import database
from portal.followup import outbox
from portal.followup.models import Outbox
from portal.models import Account

log = logging.getLogger(__name__)

KIND = "password_reset"


def ask(email: str, *, client: str, now: datetime) -> None:
    """Someone asks for a reset link for `email`. Raises TooManyAttempts (nothing written) past the limits."""
    email = normalise_email(email)
    throttle.count([(throttle.FORGOT, email), (throttle.FORGOT_CLIENT, throttle.client_key(client))], now=now)
    with database.atomic():
        Outbox.insert(key=f"{KIND}:{secrets.token_hex(16)}", kind=KIND, detail=email, status="pending", due_at=now,
                      created_at=now, mail_id=outbox.new_mail_id()).execute()


def reset_link(token: str) -> str:
    """The link in the e-mail; built without a request (the worker has none)."""
    path = current_app.url_map.bind("portal").build("auth.reset_password", {"token": token})
    return current_app.config["PUBLIC_URL"].rstrip("/") + path


def send_due(*, now: datetime, valid: timedelta, send: Callable[[mailer.Mail], str] = mailer.deliver) -> int:
    """Send every due reset e-mail; returns how many went out."""
    sent = 0
    for row in outbox.claim(now, [KIND]):
        sent += _send_one(row, now=now, valid=valid, send=send)
    return sent


def _done(row: Outbox) -> None:
    Outbox.update(detail="").where(Outbox.id == row.id).execute()


def _send_one(row: Outbox, *, now: datetime, valid: timedelta, send: Callable) -> bool:
    account = Account.by_email(row.detail)
    if account is None or account.auth_method != "password":  # DigiD accounts have no password to reset
        with database.atomic():
            outbox.mark_cancelled([row], now, "no account with a password for this address")
            _done(row)
        return False
    token = new_reset_token(account, now=now, valid=valid)
    try:
        send(password_reset_mail(account, reset_link(token), message_id=row.mail_id))
    except Exception as error:  # noqa: BLE001 -- any failure to send is recorded on the row, never lost
        failure = outbox.classify(error)
        log.warning("password-reset e-mail (outbox row %s) not sent: %s", row.id, failure.error)
        with database.atomic():
            if outbox.mark_failed_or_retry([row], now, failure):
                _done(row)
        return False
    with database.atomic():
        outbox.mark_sent([row], now)
        _done(row)
    return True
