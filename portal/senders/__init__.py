"""The sender dashboard: statistics per message type, unopened messages, API keys, the API reference."""

from __future__ import annotations

from datetime import date, timedelta

from flask import Flask
from flask_babel import format_decimal, format_percent, format_timedelta

from portal.templating import written_out


def percent(value: int | None) -> str:
    return "–" if value is None else format_percent(value / 100)


def duration(value: timedelta) -> str:
    """"3 hours", "2 days": rounded the way people say it, in the page's language."""
    return format_timedelta(value, threshold=1.5, granularity="minute")


def month_name(key: str) -> str:
    """"november 2026" for "2026-11", in the page's language (a statistics page writes some fifty)."""
    year, month = (int(part) for part in key.split("-"))
    return written_out(date(year, month, 1), "MMMM y")


def init_app(app: Flask) -> None:
    from portal.senders.views import bp

    app.register_blueprint(bp)
    app.add_template_filter(percent, "percent")
    app.add_template_filter(duration, "duration")
    app.add_template_filter(format_decimal, "number")
    app.add_template_filter(month_name, "month_name")
