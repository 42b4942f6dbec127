"""What a web process loads once, before gunicorn forks its workers (portal/gunicorn_conf.py, `when_ready`).

With `preload_app` the app is built in gunicorn's master process and each worker is a fork of it. Templates,
translation catalogues and the public holidays are otherwise loaded on first use, in each worker: its first
inbox page took 300 ms instead of 15 (80 ms once these are loaded here), and a worker started again after
`max_requests` paid that again while serving. Loaded here, every worker starts with them in memory it shares
with the master.
"""

from __future__ import annotations

import contextlib
import gc
from datetime import date

from flask import Flask
from flask_babel import force_locale, get_translations
from jinja2 import TemplateAssertionError

from portal import fragments
from portal.clock import local_today, utcnow
from portal.workdays import is_working_day

TEMPLATES = (".html", ".txt")


def warm(app: Flask) -> int:
    """Compile every template in both environments (the app's, and the one without the request that kept
    parts are rendered in), load each language's catalogue and this year's and next year's public holidays
    (for the working-day sums of paper copies), then leave what is loaded out of the garbage
    collector's rounds (gc.freeze: it is never freed, and a collection would otherwise touch, and so copy,
    the pages the workers share). Returns the number of templates compiled."""
    names = [name for name in app.jinja_env.list_templates() if name.endswith(TEMPLATES)]
    for name in names:
        app.jinja_env.get_template(name)
    kept = fragments.environment(app)
    for name in names:
        with contextlib.suppress(TemplateAssertionError):  # a filter it does not have: never rendered there
            kept.get_template(name)
    with app.app_context():
        for language in app.config["LANGUAGES"]:
            with force_locale(language):
                get_translations()
    this_year = local_today(utcnow()).year
    for year in (this_year, this_year + 1):  # the public holidays (the package loads its country on first use)
        is_working_day(date(year, 1, 1))
    gc.collect()
    gc.freeze()
    return len(names)
