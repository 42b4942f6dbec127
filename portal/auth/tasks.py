"""The worker's part of password resets (portal/auth/reset_mail.py): at once when asked, every minute as well
(a lost queue entry, a retry after a failed send), and once when the worker starts."""

from __future__ import annotations

import logging

from portal.worker import crontab, on_start, periodic_task, task

log = logging.getLogger(__name__)


def _run() -> None:
    from flask import current_app

    from portal.auth import reset_mail
    from portal.clock import utcnow

    sent = reset_mail.send_due(now=utcnow(), valid=current_app.config["PASSWORD_RESET_VALID"])
    if sent:
        log.info("password reset: %d e-mail(s) sent", sent)


@task(name="auth.send_reset_mails_now")
def send_reset_mails_now() -> None:
    _run()


@periodic_task(crontab(minute="*"), name="auth.send_reset_mails")
def send_reset_mails() -> None:
    _run()


def queue() -> None:
    """Ask a worker to send at once. A queue that cannot be reached (Redis down) must not fail the request:
    the row is written, and the every-minute run sends it."""
    try:
        send_reset_mails_now()
    except Exception:  # noqa: BLE001 -- any storage error; what must happen is in the outbox row already
        log.warning("password reset: could not queue the e-mail task; the periodic run will send it", exc_info=True)


@on_start
def _first_run() -> None:
    send_reset_mails_now()
