"""Helpers' pages. The citizen: who may help me (invite, see, end). The helper: accept an invitation, choose
whose mail to open, stop. Real forms, POST for every change, post/redirect/get."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import format_time
from flask_babel import gettext as _
from flask_login import current_user

from portal import mail
from portal.access import account_required, citizen_required, public
from portal.auth.login import client_address, log_in
from portal.auth.throttle import TooManyAttempts
from portal.clock import utcnow
from portal.errors_domain import ValidationFailed
from portal.helpers import acting, services
from portal.helpers.forms import AcceptForm, InviteForm, JoinForm, typed
from portal.helpers.mails import invitation_mail
from portal.i18n import current_language

bp = Blueprint("helpers", __name__)


def me():
    return current_user._get_current_object()


# The citizen ------------------------------------------------------------------------------------------------


@bp.route("/my-helpers")
@citizen_required
def manage():
    active, invited = services.of_citizen(current_user.citizen, now=utcnow())
    return render_template("helpers/manage.html", active=active, invited=invited)


@bp.route("/my-helpers/invite", methods=["GET", "POST"])
@citizen_required
def invite():
    form = InviteForm()
    if form.validate_on_submit():
        try:
            delegation, code = services.invite(current_user.citizen, form.email.data, form.scope.data,
                                               form.end.data, actor=me(), now=utcnow())
        except ValidationFailed as failed:
            for name, message in failed.errors.items():
                getattr(form, name).errors = [message]
        else:
            public_url = current_app.config["PUBLIC_URL"].rstrip("/")
            mail.deliver(invitation_mail(delegation, code, public_url + url_for("helpers.accept"),
                                         public_url + url_for("helpers.join"), inviter=current_user.name))
            flash(_("We sent an invitation to %(email)s. It is valid for 7 days.", email=delegation.invited_email))
            return redirect(url_for("helpers.manage"), 303)
    return render_template("helpers/invite.html", form=form, default_end=services.default_end(utcnow()),
                           typed_day=typed)


@bp.route("/my-helpers/<int:delegation_id>/end", methods=["POST"])
@citizen_required
def end(delegation_id: int):
    ended = services.revoke(current_user.citizen, delegation_id, actor=me(), now=utcnow())
    flash(_("%(email)s can no longer read your mail.", email=ended.invited_email))
    return redirect(url_for("helpers.manage"), 303)


# The helper -------------------------------------------------------------------------------------------------


@bp.route("/helping")
@account_required
def index():
    return render_template("helpers/index.html", delegations=services.of_helper(me(), now=utcnow()),
                           state=acting.current())


def _too_many(refused: TooManyAttempts) -> str:
    return _("You entered a wrong code too often. Try again after %(time)s.",
             time=format_time(refused.retry_after, "HH:mm"))


@bp.route("/helping/accept", methods=["GET", "POST"])
@account_required
def accept():
    form = AcceptForm()
    status = 200
    if form.validate_on_submit():
        try:
            delegation = services.accept(me(), form.code.data, client=client_address(), now=utcnow())
        except TooManyAttempts as refused:
            form.add_summary_error(_too_many(refused), "code")
            status = 429
        except services.CodeInvalid:
            form.code.errors = [_("This code does not work. It may be wrong, used already or older than 7 days. "
                                  "Check that you are logged in with the e-mail address the invitation went to.")]
        else:
            flash(_("You may now help %(name)s.", name=services.citizen_name(delegation.citizen)))
            return redirect(url_for("helpers.index"), 303)
    return render_template("helpers/accept.html", form=form), status


@bp.route("/helping/join", methods=["GET", "POST"])
@public
def join():
    """An account for someone invited to help, made with the code from the invitation."""
    if current_user.is_authenticated:
        return redirect(url_for("helpers.accept"))
    form = JoinForm()
    status = 200
    if form.validate_on_submit():
        try:
            helper, delegation = services.join(
                form.code.data, name=form.name.data, email=form.email.data, password=form.password.data,
                language=current_language(), client=client_address(), now=utcnow())
        except TooManyAttempts as refused:
            form.add_summary_error(_too_many(refused), "code")
            status = 429
        except services.CodeInvalid:
            form.code.errors = [_("This code does not work. It may be wrong, used already or older than 7 days. "
                                  "Check that you entered the e-mail address the invitation went to.")]
        except services.AccountExists:
            form.email.errors = [_("There is already an account with this e-mail address. Log in, then enter "
                                   "the code under “%(area)s”.", area=_("People you help"))]
        else:
            log_in(helper, request.user_agent.string, public_computer=form.public_computer.data)
            flash(_("Your account is ready. You may now help %(name)s.",
                    name=services.citizen_name(delegation.citizen)))
            return redirect(url_for("helpers.index"), 303)
    return render_template("helpers/join.html", form=form), status


@bp.route("/helping/<int:delegation_id>/open", methods=["POST"])
@account_required
def open_mail(delegation_id: int):
    delegation = services.active(me(), delegation_id, now=utcnow())
    if delegation is None:
        abort(404)
    acting.stop()
    acting.start(delegation)
    return redirect(url_for("inbox.index"), 303)


@bp.route("/helping/stop", methods=["POST"])
@account_required
def stop():
    state = acting.stop()
    if state is not None:
        flash(_("You have stopped reading the mail of %(name)s.", name=state.name))
    return redirect(url_for(getattr(state, "back", "helpers.index")), 303)
