"""Helper organisations and the caseload: guardians, debt counsellors and help desks with many clients."""

from portal.caseload import models  # noqa: F401 -- its tables, defined when portal is imported (db.table_models())

LINK_KEY = "caseload_link"  # the session remembers whether to show the header's link (see show_link)


def init_app(app) -> None:
    from portal import cli, worker
    from portal.caseload import acting, team_views  # noqa: F401 -- the coordinator's routes, on views.bp
    from portal.caseload import cli as commands
    from portal.caseload.views import bp
    from portal.helpers import acting as helping

    app.register_blueprint(bp)
    cli.add_commands(*commands.COMMANDS)
    worker.add_task_module("portal.caseload.tasks")
    app.extensions.setdefault("portal.landing", []).append(_landing)
    helping.add_source(app, acting.resolve)  # staff opening a client's mail: the helpers' acting-for
    app.add_template_global(show_link, "caseload_link")  # the header's "Caseload" link


def show_link() -> bool:
    """Show the header's "Caseload" link? Asked on every page, so it is remembered in the session (asked once
    after log-in) and asked again on every caseload page and on the home page: a navigation hint only, every
    caseload route checks the membership itself (views.member_or_end)."""
    from flask import session
    from flask_login import current_user

    from portal.caseload.services import membership

    user, kept = current_user._get_current_object(), session._get_current_object()  # each proxy once
    if not user.is_authenticated:
        return False
    if LINK_KEY not in kept:
        kept[LINK_KEY] = membership(user) is not None
    return kept[LINK_KEY]


def _landing(account):
    """Where a helper organisation's staff member lands after logging in (portal/pages asks)."""
    from flask import session, url_for

    from portal.caseload.services import membership

    session[LINK_KEY] = membership(account) is not None
    return url_for("caseload.index") if session[LINK_KEY] else None
