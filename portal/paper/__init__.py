"""Paper: one click for a paper copy, paper for good, accessible letters (printing is in portal/printing)."""

from __future__ import annotations

from portal.paper import models  # noqa: F401 -- its tables, defined when portal is imported (db.table_models())


def init_app(app) -> None:
    from flask import g
    from peewee import fn

    from portal.clock import utcnow
    from portal.inbox import services as inbox
    from portal.models import Message
    from portal.paper import stamp, status
    from portal.paper.models import PaperRequest
    from portal.paper.views import bp

    app.register_blueprint(bp)
    inbox.page_flag("has_paper_request", lambda: fn.EXISTS(
        PaperRequest.select(PaperRequest.id).where(PaperRequest.message == Message.id)), rows=True)
    # The inbox templates show each message's paper state without the inbox views knowing about paper.
    # The citizen whose inbox it is (g.citizen, set by portal/access.py on citizen routes) was read with the
    # session: not read again.
    app.jinja_env.globals.update(
        paper_view=lambda message: status.paper_view(message, now=utcnow(), citizen=g.get("citizen")),
        paper_views=lambda messages: status.paper_views(list(messages), now=utcnow(), citizen=g.get("citizen")),
        paper_labels=labels,
        paper_row_panel=stamp.row_panel,
        paper_page_panel=stamp.page_panel,
    )


def labels(acting, may) -> dict:
    """What every paper panel of a page shares, worked out once a page instead of once a panel (an inbox page
    has 25): the button labels in the page's language, the page's language and CSRF token, and which paper
    routes the visitor may use. `acting`: the helper's open authorisation (the template passes `acting_for()`,
    portal/helpers), whose citizen is named; `may`: that module's check of a route (the template passes it)."""
    from flask_wtf.csrf import generate_csrf

    from portal.i18n import current_language
    from portal.i18n import gettext as _

    return {
        "request": _("Send this by post to %(name)s", name=acting.name) if acting else _("Send me this by post"),
        "another": (_("Send another paper copy to %(name)s", name=acting.name) if acting
                    else _("Send me another paper copy")),
        "cancel": _("Cancel the paper letter"),
        "language": current_language(),
        "csrf": generate_csrf(),
        "may": Allowed(may),
    }


class Allowed(dict):
    """Route -> whether the visitor may use it, asked once a page and kept."""

    def __init__(self, may):
        super().__init__()
        self._may = may

    def __missing__(self, endpoint: str) -> bool:
        allowed = self[endpoint] = bool(self._may(endpoint))
        return allowed
