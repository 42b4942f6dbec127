"""What a web process loads before gunicorn forks (portal/warmup.py): every template, in both environments where
it is rendered, both catalogues and the public holidays, so that no worker's first pages compile or load them."""

from __future__ import annotations

import gc

from flask_babel import force_locale, get_translations

from portal import fragments, warmup, workdays


def test_everything_a_page_loads_on_first_use_is_loaded_before_the_fork(app, monkeypatch):
    workdays._holidays.cache_clear()
    try:
        compiled = warmup.warm(app)
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
    names = [n for n in app.jinja_env.list_templates() if n.endswith(warmup.TEMPLATES)]
    assert compiled == len(names) > 90
    # Loaded now: asking again compiles and reads nothing.
    monkeypatch.setattr(app.jinja_env.loader, "get_source", lambda *a: (_ for _ in ()).throw(AssertionError))
    kept = fragments.environment(app)
    for name in names:
        app.jinja_env.get_template(name)
    for name in ("layout/chrome.html", "inbox/_find.html", "inbox/_row.html", "inbox/_deadline.html"):
        kept.get_template(name)
    assert workdays._holidays.cache_info().currsize == 2
    with app.app_context():
        for language, word in (("nl", "Uw berichten"), ("en", "Your messages")):
            with force_locale(language):
                assert get_translations().ugettext("Your messages") == word
