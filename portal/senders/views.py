"""The sender dashboard (staff of a sending organisation): statistics, unopened messages, API keys, CSV,
and the public API reference for developers."""

from __future__ import annotations

import csv
import io

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal import richtext
from portal.access import public, sender_required
from portal.api import keys, openapi, paper_link, readability
from portal.clock import local_today, utcnow
from portal.params import page_number
from portal.senders import chart, reference, services
from portal.templating import long_date

bp = Blueprint("senders", __name__, url_prefix="/senders")


def organisation():
    return current_user.organisation


def _period():
    now = utcnow()
    return services.Period.parse(request.args.get("period"), now=now), now


@bp.route("/")
@sender_required
def dashboard():
    period, now = _period()
    stats = services.statistics_for(organisation(), period)
    return render_template(
        "senders/dashboard.html", stats=stats, chart=chart.opened_chart(stats.rows), period=period,
        months=services.recent_months(now), threshold=readability.WARN_BELOW,
        unopened_count=services.unopened_count(organisation(), now=now),
        hard=services.hard_to_read(organisation(), period, threshold=readability.WARN_BELOW),
        late_paper=services.late_paper(organisation(), period),
    )


@bp.route("/statistics.csv")
@sender_required
def statistics_csv():
    period = _period()[0]
    out = io.StringIO()
    csv.writer(out).writerows(services.csv_rows(services.statistics_for(organisation(), period)))
    filename = f"statistics-{organisation().slug}-{period.key}.csv"
    return Response(out.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@bp.route("/unopened")
@sender_required
def unopened():
    number = page_number(request.args.get("page"))
    items, pages = services.unopened_with_open_deadline(organisation(), now=utcnow(), page=number)
    return render_template("senders/unopened.html", items=items, page=number, pages=pages,
                           paper_available=paper_link.available())


@bp.route("/messages/<message_id>/paper", methods=["POST"])
@sender_required
def request_paper(message_id: str):
    message = services.sender_message(organisation(), message_id)
    now = utcnow()
    late = paper_link.late_if_asked(message, today=local_today(now))
    made = paper_link.request_by_sender(message, now=now, actor=current_user._get_current_object())
    reference_text = message.reference or message.public_id
    if not made:
        flash(_("A paper copy of %(reference)s was already on its way. Nothing has changed.", reference=reference_text))
    elif late:
        flash(_("A paper copy of %(reference)s is on its way. It arrives by %(arrive)s at the latest, on or after "
                "the last day to act (%(last_day)s): please contact the citizen as well.", reference=reference_text,
                arrive=long_date(late.arrive_by), last_day=long_date(late.last_day)))
    else:
        flash(_("A paper copy of %(reference)s is on its way.", reference=reference_text))
    return redirect(url_for("senders.unopened"))


@bp.route("/keys")
@sender_required
def api_keys():
    return render_template("senders/keys.html", keys=keys.keys_of(organisation()))


@bp.route("/keys/<int:key_id>/revoke", methods=["GET", "POST"])
@sender_required
def revoke_key(key_id: int):
    key = keys.get_key(organisation(), key_id)
    if request.method == "GET":
        if key.revoked_at:
            abort(404)
        return render_template("senders/revoke_key.html", key=key)
    if keys.revoke(key, now=utcnow()):
        flash(_("The key %(prefix)s is revoked. It no longer works.", prefix=key.prefix))
    else:
        flash(_("The key %(prefix)s was already revoked.", prefix=key.prefix))
    return redirect(url_for("senders.api_keys"))


@bp.route("/api-reference")
@public
def api_reference():
    doc = reference.build(openapi.document())
    return render_template("senders/api_reference.html", doc=doc, description=richtext.render(doc.description))
