"""The print operator's page: batches and their state, and how many letters wait for the next batch.

Counts only: no names or addresses, since sender users of every organisation may see it.
"""

from __future__ import annotations

from flask import Blueprint, render_template

from portal.access import sender_required
from portal.printing import services

bp = Blueprint("printing", __name__, url_prefix="/printing")


@bp.route("/")
@sender_required
def index():
    return render_template("printing/index.html", batches=services.recent_batches(),
                           waiting=services.waiting_count(), unfinished=services.unfinished_batch())
