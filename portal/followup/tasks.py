"""The follow-up's periodic tasks (huey). Schedule, in UTC (documented in README):

| task | when | does |
| --- | --- | --- |
| `send_outbox` | every minute, and once when the worker starts | re-queue stuck rows, carry out due rows |
| `apply_policies` | every 5 minutes | write the follow-up steps and helper alerts that are due |
| `retention` | daily at 02:30 | write retention notices, remove expired messages |
"""

from __future__ import annotations

import logging

from portal.worker import crontab, on_start, periodic_task, task

log = logging.getLogger(__name__)


def _run_outbox() -> None:
    from portal.followup import runner

    tally = runner.drain()
    if tally.rows_sent or tally.failed or tally.swept or tally.retried:
        log.info("outbox: %d e-mail(s), %d paper, %d retried, %d failed, %d re-queued", tally.sent, tally.paper,
                 tally.retried, tally.failed, tally.swept)


@periodic_task(crontab(minute="*"), name="followup.send_outbox")
def send_outbox() -> None:
    _run_outbox()


@task(name="followup.send_outbox_now")
def send_outbox_now() -> None:
    _run_outbox()


@on_start
def _first_run() -> None:
    send_outbox_now()  # a restarted worker carries on at once, not at the next whole minute


@periodic_task(crontab(minute="*/5"), name="followup.apply_policies")
def apply_policies() -> None:
    from portal.clock import utcnow
    from portal.followup import policy, run_steps

    now = utcnow()
    written = policy.run(now)
    run_steps(now, synchronous=False)  # e.g. the "no reaction" signal for senders' systems (webhooks)
    if written:
        log.info("follow-up: %d step(s) written", written)
        send_outbox_now()


@periodic_task(crontab(minute="30", hour="2"), name="followup.retention")
def retention() -> None:
    from portal.clock import utcnow
    from portal.followup import retention as keep

    now = utcnow()
    notices = keep.write_notices(now)
    removed = keep.remove_expired(now)
    log.info("retention: %d notice(s) written, %d message(s) removed", notices, removed)
