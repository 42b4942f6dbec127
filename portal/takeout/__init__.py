"""Take-out: "Download all my mail" as one ZIP (a tagged PDF per message, the attachments, a CSV index)."""

from portal.takeout import models  # noqa: F401 -- its tables, defined when portal is imported (db.table_models())


def init_app(app) -> None:
    from portal import worker
    from portal.takeout.views import bp

    app.register_blueprint(bp)
    worker.add_task_module("portal.takeout.tasks")
