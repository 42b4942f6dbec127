"""Paper: one click for a paper copy, paper for good, accessible letters (printing is in portal/printing)."""

from __future__ import annotations


def init_app(app) -> None:
    from portal.clock import utcnow
    from portal.paper import status
    from portal.paper.views import bp

    app.register_blueprint(bp)
    # The inbox templates show each message's paper state without the inbox views knowing about paper.
    app.jinja_env.globals.update(
        paper_view=lambda message: status.paper_view(message, now=utcnow()),
        paper_views=lambda messages: status.paper_views(list(messages), now=utcnow()),
    )
