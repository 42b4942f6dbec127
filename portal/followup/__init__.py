"""Follow-up: alerts on delivery, reminders counted back from deadlines, print-if-unread, the outbox that
sends every e-mail once, the sweeper that re-queues what got stuck, and retention."""

from portal.followup import models  # noqa: F401 -- its tables, defined when portal is imported (db.table_models())


def init_app(app) -> None:
    """/settings/alerts, /inbox/removal; the notice of alerts that did not arrive; `portal worker` and
    `portal followup …`; the periodic tasks."""
    from portal import cli, worker
    from portal.followup import cli as followup_cli
    from portal.followup import views

    views.init_app(app)
    cli.add_commands(*followup_cli.COMMANDS)
    worker.add_task_module("portal.followup.tasks")
