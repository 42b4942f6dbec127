"""Paper: one click for a paper copy, paper for good, accessible letters (printing is in portal/printing)."""

from __future__ import annotations

from portal.paper import models  # noqa: F401 -- its tables, defined when portal is imported (db.table_models())


def init_app(app) -> None:
    from flask import g

    from portal.clock import utcnow
    from portal.paper import status
    from portal.paper.views import bp

    app.register_blueprint(bp)
    # The inbox templates show each message's paper state without the inbox views knowing about paper.
    # The citizen whose inbox it is (g.citizen, set by portal/access.py on citizen routes) was read with the
    # session: not read again.
    app.jinja_env.globals.update(
        paper_view=lambda message: status.paper_view(message, now=utcnow(), citizen=g.get("citizen")),
        paper_views=lambda messages: status.paper_views(list(messages), now=utcnow(), citizen=g.get("citizen")),
        paper_labels=labels,
    )


def labels(acting=None) -> dict[str, str]:
    """The paper panel's button labels in the page's language (templates/paper/_panel.html); `acting`: the
    helper's open authorisation (the template passes `acting_for()`, portal/helpers), whose citizen is named."""
    from flask_babel import gettext as _

    return {
        "request": _("Send this by post to %(name)s", name=acting.name) if acting else _("Send me this by post"),
        "another": (_("Send another paper copy to %(name)s", name=acting.name) if acting
                    else _("Send me another paper copy")),
        "cancel": _("Cancel the paper letter"),
    }
