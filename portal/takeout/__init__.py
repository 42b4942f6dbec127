"""Take-out: "Download all my mail" as one ZIP (a tagged PDF per message, the attachments, a CSV index)."""


def init_app(app) -> None:
    from portal.takeout.views import bp

    app.register_blueprint(bp)
