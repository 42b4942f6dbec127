"""The citizen's access log: "Who looked at my mail", as a page and as CSV."""


def init_app(app) -> None:
    from portal.accesslog.views import bp

    app.register_blueprint(bp)
