"""The worker's part of webhooks (huey): send at once when asked, every minute as well (a lost queue entry,
the retries that came due), and once when the worker starts."""

from __future__ import annotations

import logging

from portal.worker import crontab, on_start, periodic_task, task

log = logging.getLogger(__name__)


def _run() -> None:
    from portal.webhooks import delivery

    tally = delivery.drain()
    if tally.delivered or tally.retried or tally.failed or tally.swept:
        log.info("webhooks: %d delivered, %d to retry, %d failed, %d re-queued", tally.delivered, tally.retried,
                 tally.failed, tally.swept)


@task(name="webhooks.deliver_now")
def deliver_now() -> None:
    _run()


@periodic_task(crontab(minute="*"), name="webhooks.deliver")
def deliver() -> None:
    _run()


@periodic_task(crontab(minute="15", hour="3"), name="webhooks.forget")
def forget() -> None:
    from portal.clock import utcnow
    from portal.webhooks import delivery

    removed = delivery.forget(utcnow())
    if removed:
        log.info("webhooks: %d old delivery row(s) removed", removed)


@on_start
def _first_run() -> None:
    deliver_now()


def queue() -> None:
    """Ask a worker to send at once. A queue that cannot be reached must not fail the request: the rows are
    written, and the every-minute run sends them."""
    try:
        deliver_now()
    except Exception:  # noqa: BLE001 -- any storage error; what must happen is in the rows already
        log.warning("webhooks: could not queue the delivery task; the periodic run will send", exc_info=True)
