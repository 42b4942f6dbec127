"""Helpers: a citizen's authorisations for another account (invite, accept, revoke) and acting for someone."""

from portal.helpers import models  # noqa: F401 -- its tables, defined when portal is imported (db.table_models())


def init_app(app) -> None:
    from portal import access
    from portal.helpers import acting, words
    from portal.helpers.views import bp

    app.register_blueprint(bp)
    access.add_stand_in(app, acting.stand_in)  # a helper acting for someone is served that citizen's routes
    app.jinja_env.globals.update(acting_for=acting.current, may=acting.may, helper_may=words.to_helper,
                                 citizen_helper_may=words.to_citizen)
