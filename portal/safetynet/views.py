"""Pages: "welcome back" after the portal moved a quiet inbox to paper (/welcome-back), and the six-monthly
confirmation of the alert address (/settings/alerts/confirm). A citizen with an open switch is sent to the
welcome-back page from the first inbox page of every log-in session until they answer; the confirmation is
asked the same way, once per log-in session."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.access import citizen_required
from portal.clock import utcnow
from portal.safetynet import alerts, quiet
from portal.safetynet.forms import ConfirmForm, WelcomeBackForm

bp = Blueprint("safetynet", __name__)


@bp.route("/welcome-back", methods=["GET", "POST"])
@citizen_required
def welcome_back():
    citizen = current_user.citizen
    switch = quiet.open_switch(citizen)
    if switch is None and request.method == "GET":
        return redirect(url_for("inbox.index"), 303)
    form = WelcomeBackForm()
    if form.validate_on_submit():
        answered = quiet.answer(citizen, form.choice.data, actor=current_user, now=utcnow())
        session.pop("safetynet_checked", None)  # the next inbox page may still ask to confirm the alert address
        if answered is not None:  # not a second click
            flash(_("From now on your mail comes only in your inbox.") if answered.answer == "digital" else
                  _("You keep getting all your mail on paper. You can change this under Settings, Mail on paper."))
        return redirect(url_for("inbox.index"), 303)
    if switch is None:  # answered in another tab in the meantime
        return redirect(url_for("inbox.index"), 303)
    return render_template("safetynet/welcome_back.html", form=form, switch=switch)


@bp.route("/settings/alerts/confirm", methods=["GET", "POST"])
@citizen_required
def confirm_address():
    citizen = current_user.citizen
    form = ConfirmForm()
    if form.validate_on_submit():
        alerts.confirm(citizen, now=utcnow())
        flash(_("Thank you. We keep sending your e-mail alerts to this address.") if alerts.address_of(citizen)
              else _("Thank you. We saved that you do not want e-mail alerts."))
        return redirect(url_for("inbox.index"), 303)
    return render_template("safetynet/confirm.html", form=form, address=alerts.address_of(citizen))


def send_to_welcome_back():
    """before_request: on the first inbox page of a log-in session, a citizen whose inbox the portal moved to
    paper goes to the welcome-back page first (not a helper acting for them: the choice is the citizen's);
    otherwise one whose alert address was not confirmed for six months is asked to confirm it."""
    if request.endpoint != "inbox.index" or request.method != "GET" or not current_user.is_authenticated:
        return None
    from portal.helpers import acting

    if session.get("safetynet_checked"):
        return None  # once per log-in session: the inbox page runs no extra query after that
    citizen = current_user.citizen
    if citizen is None or acting.current() is not None:
        return None
    session["safetynet_checked"] = True
    if quiet.open_switch(citizen) is not None:
        return redirect(url_for("safetynet.welcome_back"), 303)  # at every log-in until answered
    if alerts.needs_confirmation(citizen, now=utcnow()):
        return redirect(url_for("safetynet.confirm_address"), 303)
    return None


def init_app(app) -> None:
    app.register_blueprint(bp)
    app.before_request(send_to_welcome_back)
