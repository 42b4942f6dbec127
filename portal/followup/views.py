"""Pages: alert settings (/settings/alerts) and the messages that will soon be removed (/inbox/removal).
Also: a bounced or failing alert address is shown once per log-in, on the first page after it."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from peewee import fn

from portal.access import citizen_required
from portal.clock import local_today, utcnow
from portal.db import Prepared, slot
from portal.errors_domain import ValidationFailed
from portal.followup import retention
from portal.followup import settings as alert_settings
from portal.followup.forms import AlertForm
from portal.forms import apply_errors
from portal.inbox.services import nothing_of, page_flag
from portal.models import Event, Message

bp = Blueprint("followup", __name__)


@bp.route("/settings/alerts", methods=["GET", "POST"])
@citizen_required
def alerts():
    citizen = current_user.citizen
    choices = alert_settings.choices_of(citizen)
    form = AlertForm(data={"enabled": "on" if choices.enabled else "off", "email": choices.email,
                           "helper_email": choices.helper_email} if request.method == "GET" else None)
    if form.validate_on_submit():
        try:
            alert_settings.save(citizen, enabled=form.enabled.data == "on", email=form.email.data,
                                helper_email=form.helper_email.data, now=utcnow())
        except ValidationFailed as failed:
            apply_errors(form, failed.errors)
        else:
            flash(_("Your e-mail alert settings are saved."))
            return redirect(url_for("settings.index"), 303)
    return render_template("followup/alerts.html", form=form, choices=choices,
                           account_email=current_user.email or "")


@bp.route("/inbox/removal")
@citizen_required
def removal():
    soon = retention.soon_removed(current_user.citizen, utcnow())
    return render_template("followup/removal.html", soon=soon, notice_days=retention.NOTICE_DAYS)


def tell_about_problems() -> None:
    """before_request: once per log-in session, tell a citizen whose alerts did not arrive."""
    if not current_user.is_authenticated or session.get("followup_checked") or request.endpoint == "static":
        return
    session["followup_checked"] = True
    citizen = current_user.citizen
    if citizen is None:
        return
    choices = alert_settings.choices_of(citizen)
    if choices.problem:
        flash(_("Our e-mail alerts do not arrive at %(address)s. Check the address under Settings, "
                "E-mail alerts.", address=choices.problem_address))


def notices() -> dict:
    """For the inbox page: how many of the citizen's messages will be removed within the notice period, and
    the first day. Worked out once a day per log-in session (the notice comes 30 days ahead), so the inbox
    page runs no extra query."""
    citizen = current_user.citizen
    if citizen is None:
        return {}
    now = utcnow()
    today = local_today(now).isoformat()
    cached = session.get("removal_notice")
    if not cached or cached[0] != today or cached[1] != citizen.id:
        soon = retention.soon_removed(citizen, now)
        cached = [today, citizen.id, len(soon), soon[0][1].isoformat() if soon else ""]
        session["removal_notice"] = cached
    return {"count": cached[2], "first": date.fromisoformat(cached[3])} if cached[2] else {}


def init_app(app) -> None:
    app.register_blueprint(bp)
    app.before_request(tell_about_problems)
    page_flag("follow_up_events", follow_up_events)

    @app.context_processor
    def _followup():
        return {"removal_notice": notices, "followup_events": events_of, "alert_choices": alert_settings.choices_of}


EVENT_TEXTS = {
    "alerted": _l("On %(date)s we e-mailed you that this message had arrived."),
    "reminded": _l("On %(date)s we sent you a reminder by e-mail."),
    "alert_failed": _l("On %(date)s our e-mail about this message did not arrive."),
    "reminder_failed": _l("On %(date)s our reminder e-mail did not arrive."),
    "helper_alerted": _l("On %(date)s we told the person who helps you that the deadline has passed."),
    "print_if_unread": _l("On %(date)s we asked for a paper copy, because the message was not read yet."),
    "safety_net": _l("On %(date)s we asked for a paper copy, because you had not read this message and the "
                     "deadline is near."),
    "channel_changed": _l("On %(date)s we asked for a paper copy, because we now send all your mail on paper."),
    "paper_posted": _l("We posted this on %(date)s."),
    "retention_notice": _l("On %(date)s we e-mailed you that this message will be removed."),
}


FOLLOW_UP_KINDS = (*EVENT_TEXTS, "paper_requested")  # the events the message page tells about
_FOLLOW_UP_EVENTS = Prepared(lambda: (
    Event.select(Event.kind, Event.at, Event.detail)
    .where(Event.message == slot("message"), Event.kind.in_(FOLLOW_UP_KINDS))
    .order_by(Event.at, Event.id)))


def follow_up_events():
    """The message page's flag (portal/inbox/services.py page_flag): did the follow-up do anything yet?"""
    return fn.EXISTS(Event.select(Event.id).where(Event.message == Message.id, Event.kind.in_(FOLLOW_UP_KINDS)))


def events_of(message) -> list[str]:
    """What the follow-up did for this message, as sentences for the citizen, oldest first."""
    from portal.templating import long_date

    texts = []
    if nothing_of(message, "follow_up_events"):
        return texts
    for row in _FOLLOW_UP_EVENTS.run(message=message.id):
        key = row.detail.rpartition(":")[2] if row.kind == "paper_requested" else row.kind
        if key in EVENT_TEXTS:
            texts.append(str(EVENT_TEXTS[key]) % {"date": long_date(row.at)})
    return texts
