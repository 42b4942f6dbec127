"""The statistics' periodic task (huey): the daily roll-up at 03:15 UTC, after the night's retention run."""

from __future__ import annotations

import logging

from portal.worker import crontab, periodic_task

log = logging.getLogger(__name__)


@periodic_task(crontab(minute="15", hour="3"), name="statistics.rollup")
def daily_rollup() -> None:
    from portal.clock import utcnow
    from portal.statistics.rollup import rollup

    rows = rollup(now=utcnow())
    log.info("statistics: %d day row(s) written", rows)
