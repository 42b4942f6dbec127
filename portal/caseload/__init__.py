"""Helper organisations and the caseload: guardians, debt counsellors and help desks with many clients."""

from portal.caseload import models  # noqa: F401 -- its tables, defined when portal is imported (db.table_models())


def init_app(app) -> None:
    from portal import cli
    from portal.caseload import cli as commands
    from portal.caseload.views import bp

    app.register_blueprint(bp)
    cli.add_commands(*commands.COMMANDS)
    app.extensions.setdefault("portal.landing", []).append(_landing)


def _landing(account):
    """Where a helper organisation's staff member lands after logging in (portal/pages asks)."""
    from flask import url_for

    from portal.caseload.services import membership

    return url_for("caseload.index") if membership(account) is not None else None
