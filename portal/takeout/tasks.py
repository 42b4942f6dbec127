"""Take-out in the worker: build a large ZIP, and remove ZIPs older than 24 hours every hour."""

from __future__ import annotations

from pathlib import Path

from flask import current_app

from portal.clock import utcnow
from portal.takeout import services
from portal.worker import crontab, periodic_task, task


def directory() -> Path:
    return Path(current_app.config["INSTANCE_DIR"]) / "takeout"


@task(retries=1, retry_delay=60)
def build_takeout(job_id: int) -> None:
    services.build(job_id, directory())


@periodic_task(crontab(minute="17"))
def remove_expired_takeouts() -> None:
    services.remove_expired(now=utcnow())
