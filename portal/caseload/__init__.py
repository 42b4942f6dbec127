"""Helper organisations and the caseload: guardians, debt counsellors and help desks with many clients."""

from portal.caseload import models  # noqa: F401 -- its tables, defined when portal is imported (db.table_models())


def init_app(app) -> None:
    from portal import cli, worker
    from portal.caseload import acting
    from portal.caseload import cli as commands
    from portal.caseload.views import bp
    from portal.helpers import acting as helping

    app.register_blueprint(bp)
    cli.add_commands(*commands.COMMANDS)
    worker.add_task_module("portal.caseload.tasks")
    app.extensions.setdefault("portal.landing", []).append(_landing)
    helping.add_source(app, acting.resolve)  # staff opening a client's mail: the helpers' acting-for


def _landing(account):
    """Where a helper organisation's staff member lands after logging in (portal/pages asks)."""
    from flask import url_for

    from portal.caseload.services import membership

    return url_for("caseload.index") if membership(account) is not None else None
