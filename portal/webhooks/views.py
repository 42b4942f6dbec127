"""The sender dashboard's webhook pages."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("webhooks", __name__, url_prefix="/senders/webhooks")
