"""The citizen's inbox: the list, deadline banners, the message page and what a citizen does with a message."""


def init_app(app) -> None:
    from portal.inbox.banners import deadline_banners
    from portal.inbox.rows import inbox_rows
    from portal.inbox.views import bp

    app.register_blueprint(bp)
    app.jinja_env.globals["inbox_rows"] = inbox_rows
    app.jinja_env.globals["deadline_banners"] = deadline_banners
