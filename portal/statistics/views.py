"""The public statistics: /statistics (the country and every organisation), a page per organisation, and the
same figures as open data. No log-in; the pages read only the aggregate table."""

from __future__ import annotations

import json
import re
from collections.abc import Callable

from flask import Blueprint, Response, abort, current_app, render_template, request
from markupsafe import Markup

from portal import fragments
from portal.access import public
from portal.clock import utcnow
from portal.i18n import current_language
from portal.models import Organisation
from portal.statistics import charts, figures, opendata

bp = Blueprint("statistics", __name__)
MONTH = re.compile(r"[0-9]{4}-(0[1-9]|1[0-2])")


def _month(available: list[str]) -> str | None:
    """The month asked for when it has figures, else the newest whole month with figures."""
    asked = request.args.get("month", "")
    return asked if MONTH.fullmatch(asked) and asked in available else figures.default_month(utcnow(), available)


# The content of a statistics page is the same for every visitor who asks for a month in a language: its
# tables are most of the page's time (15 ms for 100 organisations, against 0.5 ms for a plain page). So it is
# rendered once per process for the figures it shows and kept with them (fragments.once): looked up by what else
# it shows (the language, the URL root, the months to choose from), and used only while its figures are the very
# objects figures.months() gives now, which it works out anew after a roll-up or a renamed organisation.
KEPT_PAGES = 32  # a page of 100 organisations is 140 KB


def _kept(key: tuple, shown: tuple, render: Callable[[], str]) -> Markup:
    """`render()` for this key, kept while `shown` (the figures' objects it shows) are the same objects."""
    def same(kept: tuple[tuple, Markup]) -> bool:
        return len(kept[0]) == len(shown) and all(a is b for a, b in zip(kept[0], shown, strict=True))

    kept = fragments.once(current_app._get_current_object(), "portal.statistics_pages",
                          (*key, current_language(), request.script_root),
                          lambda: (shown, Markup(render())), most=KEPT_PAGES, still=same)  # noqa: S704 -- autoescaped
    return kept[1]


@bp.route("/statistics")
@public
def index():
    available = figures.available_months()
    key = _month(available)
    month = figures.month(key, now=utcnow()) if key else None
    months = tuple(available[:24])
    content = _kept(("index", key, months), (month,), lambda: render_template(
        "statistics/_index.html", month=month, months=months,
        chart=charts.unopened_chart(month, current_language()) if month else None))
    return render_template("statistics/index.html", content=content)


@bp.route("/statistics/organisations/<slug>")
@public
def organisation(slug: str):
    org = Organisation.get_or_none(Organisation.slug == slug[:50])
    available = figures.available_months(org) if org else []
    if not available:
        abort(404)
    key = _month(available)
    now = utcnow()
    recent = figures.recent(now)
    trend_months = figures.months(recent, now=now)
    month = trend_months.get(key) or figures.month(key, now=now)
    months = tuple(available[:24])

    in_order = [trend_months[m] for m in sorted(trend_months)]

    def render() -> str:
        trend = [pair[0] for each in in_order if (pair := each.of(org.id))]
        own = month.of(org.id)
        return render_template("statistics/_organisation.html", organisation=org, month=month, own=own,
                               months=months, trend=trend, types_chart=charts.types_chart(own[1]),
                               chart=charts.trend_chart(recent, trend))

    shown = (month, *in_order)
    content = _kept(("organisation", org.id, org.slug, org.name_nl, org.name_en, key, months, tuple(recent)),
                    shown, render)
    return render_template("statistics/organisation.html", organisation=org, content=content)


def _data_months() -> list:
    available = figures.available_months()
    key = request.args.get("month", "")
    keys = [key] if MONTH.fullmatch(key) and key in available else available
    return list(figures.months(keys, now=utcnow()).values()) if keys else []


@bp.route("/statistics/data.csv")
@public
def data_csv():
    text = opendata.as_csv(opendata.records(_data_months()))
    return Response(text, mimetype="text/csv", headers={"Content-Disposition": 'inline; filename="statistics.csv"'})


@bp.route("/statistics/data.json")
@public
def data_json():
    body = {"licence": "CC0-1.0", "rows": opendata.records(_data_months())}
    return Response(json.dumps(body, ensure_ascii=False, indent=1), mimetype="application/json")


@bp.route("/statistics/datapackage.json")
@public
def datapackage():
    return Response(json.dumps(opendata.datapackage(), indent=1), mimetype="application/json")
