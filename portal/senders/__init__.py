"""The sender dashboard: statistics per message type, unopened messages, API keys, the API reference."""

from __future__ import annotations

from datetime import date, timedelta

from flask import Flask
from flask_babel import format_date, format_decimal, format_percent, format_timedelta


def percent(value: int | None) -> str:
    return "–" if value is None else format_percent(value / 100)


def duration(value: timedelta) -> str:
    """"3 hours", "2 days": rounded the way people say it, in the page's language."""
    return format_timedelta(value, threshold=1.5, granularity="minute")


def month_name(key: str) -> str:
    year, month = (int(part) for part in key.split("-"))
    return format_date(date(year, month, 1), "MMMM y")


def init_app(app: Flask) -> None:
    from portal.senders.views import bp

    app.register_blueprint(bp)
    app.add_template_filter(percent, "percent")
    app.add_template_filter(duration, "duration")
    app.add_template_filter(format_decimal, "number")
    app.add_template_filter(month_name, "month_name")
