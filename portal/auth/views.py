from flask import Blueprint, abort, current_app, flash, g, jsonify, redirect, render_template, request, session, url_for
from flask_babel import format_time
from flask_babel import gettext as _
from flask_login import current_user

from portal.access import account_required, public
from portal.auth import public as public_mode
from portal.auth import reset_mail, services, tasks
from portal.auth.forms import ChangePasswordForm, ForgotPasswordForm, LoginForm, PublicComputerForm, ResetPasswordForm
from portal.auth.login import client_address, current_token, forget_site_data, log_in, log_out
from portal.auth.throttle import TooManyAttempts
from portal.clock import utcnow
from portal.urls import safe_next

bp = Blueprint("auth", __name__)


@bp.route("/login", methods=["GET", "POST"])
@public
def login():
    if current_user.is_authenticated:
        return redirect(url_for("pages.home"))
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        try:
            account = services.authenticate(form.email.data, form.password.data, client=client_address(),
                                            now=utcnow())
        except TooManyAttempts as refused:
            time = format_time(refused.retry_after, "HH:mm")
            form.add_summary_error(_("You tried to log in too often. Try again after %(time)s.", time=time), "email")
            status = 429
        except services.LoginRefused:
            form.add_summary_error(_("The e-mail address or password is not right."), "email")
        else:
            log_in(account, request.user_agent.string, public_computer=form.public_computer.data)
            return redirect(safe_next(request.args.get("next"), url_for("pages.home")))
    return render_template("auth/login.html", form=form), status


@bp.route("/logout", methods=["POST"])
@public
def logout():
    was_public = log_out()
    return forget_site_data(redirect(url_for("auth.logged_out", public=1 if was_public else None)),
                            was_public=was_public)


@bp.route("/logged-out")
@public
def logged_out():
    # A DigiD log-out comes back from the provider with the `state` it was given (portal.auth.oidc).
    was_public = request.args.get("public") == "1" or request.args.get("state") == "public"
    return render_template("auth/logged_out.html", was_public=was_public)


@bp.route("/session/extend", methods=["POST"])
@account_required
def extend_session():
    """"Stay logged in" in the time-out dialog: the idle time counts again from now."""
    now = utcnow()
    services.touch_session(g.session_row, now=now)
    return jsonify(seconds_left=public_mode.seconds_left(g.session_row, now))


@bp.route("/account/public-computer", methods=["GET", "POST"])
@account_required
def public_computer():
    form = PublicComputerForm(data={"always": current_user.public_computer} if request.method == "GET" else None)
    if form.validate_on_submit():
        services.set_public_computer(current_user, g.session_row, form.always.data, now=utcnow())
        if form.always.data:
            session[public_mode.SESSION_FLAG] = True
        flash(_("Your choice is saved."))
        return redirect(url_for("settings.index"), 303)
    return render_template("auth/public_computer.html", form=form)


@bp.route("/account/sessions")
@account_required
def sessions():
    rows = services.active_sessions(
        current_user,
        now=utcnow(),
        idle=current_app.config["SESSION_IDLE"],
        absolute=current_app.config["SESSION_ABSOLUTE"],
        idle_public=current_app.config["SESSION_IDLE_PUBLIC"],
    )
    this_one = services.sha256(current_token() or "")
    return render_template("auth/sessions.html", sessions=rows, this_one=this_one)


@bp.route("/account/sessions/<public_id>/end", methods=["POST"])
@account_required
def end_session(public_id: str):
    if not services.end_session_by_public_id(current_user, public_id):
        abort(404)
    flash(_("That session has ended."))
    return redirect(url_for("auth.sessions"))


@bp.route("/account/sessions/end-all", methods=["POST"])
@account_required
def end_all_sessions():
    services.end_other_sessions(current_user, keep_token=None)
    log_out()
    return redirect(url_for("auth.logged_out"))


@bp.route("/password/forgot", methods=["GET", "POST"])
@public
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        try:
            # The same work whether or not the address has an account: the worker sends the e-mail.
            reset_mail.ask(form.email.data, client=client_address(), now=utcnow())
        except TooManyAttempts as refused:
            time = format_time(refused.retry_after, "HH:mm")
            form.add_summary_error(_("You asked for a new password too often. Try again after %(time)s.",
                                     time=time), "email")
            return render_template("auth/forgot.html", form=form), 429
        tasks.queue()
        return redirect(url_for("auth.forgot_password_sent"))
    return render_template("auth/forgot.html", form=form)


@bp.route("/password/sent")
@public
def forgot_password_sent():
    return render_template("auth/forgot_sent.html")


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
@public
def reset_password(token: str):
    try:
        services.check_reset_token(token, now=utcnow())
    except services.ResetInvalid:
        return render_template("auth/reset_invalid.html"), 410
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            services.reset_password(token, form.password.data, now=utcnow(), client=client_address())
        except services.ResetInvalid:
            return render_template("auth/reset_invalid.html"), 410
        log_out()
        flash(_("Your password has been changed. Log in with your new password."))
        return redirect(url_for("auth.login"))
    return render_template("auth/reset.html", form=form)


@bp.route("/account/password", methods=["GET", "POST"])
@account_required
def change_password():
    if current_user.auth_method != "password":
        abort(404)  # a DigiD account has no password here
    form = ChangePasswordForm()
    status = 200
    if form.validate_on_submit():
        try:
            services.change_password(current_user, form.current.data, form.password.data,
                                     client=client_address(), now=utcnow())
        except TooManyAttempts as refused:
            time = format_time(refused.retry_after, "HH:mm")
            form.add_summary_error(_("You tried too often. Try again after %(time)s.", time=time), "current")
            status = 429
        except services.LoginRefused:
            form.current.errors = [_("This is not your current password.")]
        else:
            # Every session ended, this one too: carry on in a new one, so only this browser stays logged in.
            log_in(current_user, request.user_agent.string, public_computer=g.session_row.public_computer)
            flash(_("Your password has been changed. You are logged out everywhere else."))
            return redirect(url_for("settings.index"), 303)
    return render_template("auth/change_password.html", form=form), status
