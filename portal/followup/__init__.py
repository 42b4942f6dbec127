"""Follow-up: alerts on delivery, reminders counted back from deadlines, print-if-unread, the outbox that
sends every e-mail once, the sweeper that re-queues what got stuck, and retention."""

from collections.abc import Callable
from datetime import datetime

from portal.followup import models  # noqa: F401 -- its tables, defined when portal is imported (db.table_models())

# What other areas do on every follow-up run (the worker's five-minute task and `portal followup run --now`),
# after the policies: step(now, synchronous=...) returns a line for the command's output, or "". `synchronous`
# is the command's run, which also carries out at once what the worker would send later.
RUN_STEPS: list[Callable[..., str]] = []


def add_run_step(step: Callable[..., str]) -> None:
    if step not in RUN_STEPS:
        RUN_STEPS.append(step)


def run_steps(now: datetime, *, synchronous: bool) -> list[str]:
    return [line for step in RUN_STEPS if (line := step(now, synchronous=synchronous))]


# Lines other areas add to `portal followup status`: step(now) returns lines.
STATUS_STEPS: list[Callable[..., list[str]]] = []


def add_status_step(step: Callable[..., list[str]]) -> None:
    if step not in STATUS_STEPS:
        STATUS_STEPS.append(step)


def init_app(app) -> None:
    """/settings/alerts, /inbox/removal; the notice of alerts that did not arrive; `portal worker` and
    `portal followup …`; the periodic tasks."""
    from portal import cli, worker
    from portal.followup import cli as followup_cli
    from portal.followup import views

    views.init_app(app)
    cli.add_commands(*followup_cli.COMMANDS)
    worker.add_task_module("portal.followup.tasks")
