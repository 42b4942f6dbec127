"""Citizen settings: a small hub at /settings with a section per topic (postal address, mail on paper)."""


def init_app(app) -> None:
    from portal.settings.views import bp

    app.register_blueprint(bp)
