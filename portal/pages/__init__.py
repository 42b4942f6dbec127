"""Start page, help, accessibility statement, privacy, the language switch and the account page."""


def init_app(app) -> None:
    from portal.pages.views import bp

    app.register_blueprint(bp)
