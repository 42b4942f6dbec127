"""Who looked at my mail: the citizen's own access log (helpers never see it: no helpers_may here)."""

from __future__ import annotations

import csv
import io

from flask import Blueprint, make_response, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.access import citizen_required
from portal.accesslog import services
from portal.errors_domain import NotFound
from portal.i18n import current_language
from portal.inbox.services import get_message
from portal.params import page_number
from portal.templating import long_datetime

bp = Blueprint("accesslog", __name__, url_prefix="/access-log")


def _chosen_message():
    public_id = request.args.get("message", "")
    if not public_id:
        return None
    try:
        return get_message(current_user.citizen, public_id)
    except NotFound:
        try:
            return get_message(current_user.citizen, public_id, deleted=True)
        except NotFound:
            return None


def _page_number() -> int:
    return page_number(request.args.get("page"))


@bp.route("/")
@citizen_required
def index():
    citizen, message = current_user.citizen, _chosen_message()
    log = services.log_page(citizen, message=message, page=_page_number(), language=current_language())
    args = {"message": message.public_id} if message else {}
    return render_template("accesslog/index.html", log=log, chosen=message, args=args,
                           messages=services.messages_in_log(citizen), language=current_language(),
                           page_url=lambda n: url_for("accesslog.index", page=n, **args))


@bp.route("/access-log.csv")
@citizen_required
def download():
    language = current_language()
    entries = services.all_entries(current_user.citizen, message=_chosen_message(), language=language)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_("When"), _("Who"), _("What"), _("Message"), _("Reference"), _("Detail")])
    for entry in entries:
        m = entry.message
        writer.writerow([
            long_datetime(entry.event.at), entry.who, entry.what, m.text("subject", language) if m else "",
            m.reference if m else "", entry.detail,
        ])
    response = make_response("\ufeff" + out.getvalue())  # the BOM makes spreadsheet programs read UTF-8
    response.headers["Content-Type"] = "text/csv; charset=utf-8"
    response.headers["Content-Disposition"] = 'attachment; filename="access-log.csv"'
    return response
