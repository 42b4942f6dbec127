"""The caseload's worker task: the daily alert e-mail to staff, every morning at 06:00 UTC (7 or 8 o'clock in
the Netherlands; the digest counts from the Dutch date)."""

from __future__ import annotations

import logging

from portal.worker import crontab, periodic_task

log = logging.getLogger(__name__)


@periodic_task(crontab(hour="6", minute="0"), name="caseload.send_digests")
def send_digests() -> None:
    from portal.caseload import digest
    from portal.clock import utcnow

    sent = digest.send_all(utcnow())
    if sent:
        log.info("caseload digests sent: %s", sent)
