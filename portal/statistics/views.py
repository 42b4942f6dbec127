"""The public statistics: /statistics (the country and every organisation), a page per organisation, and the
same figures as open data. No log-in; the pages read only the aggregate table."""

from __future__ import annotations

import json
import re

from flask import Blueprint, Response, abort, render_template, request

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


@bp.route("/statistics")
@public
def index():
    available = figures.available_months()
    key = _month(available)
    month = figures.month(key, now=utcnow()) if key else None
    return render_template("statistics/index.html", month=month, months=available[:24],
                           chart=charts.unopened_chart(month, current_language()) if month else None)


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
    trend = [pair[0] for m in sorted(trend_months) if (pair := trend_months[m].of(org.id))]
    month = trend_months.get(key) or figures.month(key, now=now)
    own = month.of(org.id)
    return render_template("statistics/organisation.html", organisation=org, month=month, own=own,
                           months=available[:24], trend=trend, types_chart=charts.types_chart(own[1]),
                           chart=charts.trend_chart(recent, trend))


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
