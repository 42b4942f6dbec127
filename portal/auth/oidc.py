"""Log in with DigiD: the pages around the OpenID Connect flow (portal/auth/oidc_client.py does the protocol,
portal/auth/oidc_accounts.py decides whose inbox it is). Everything answers 404 while OIDC_ISSUER is unset.

Routes (all public; a visitor is not logged in yet):
    GET  /login/digid/start            leave for DigiD (a plain link, see below)
    GET  /login/digid/callback         back from DigiD: log in, ask for consent, or refuse
    GET  /login/digid/refused/<reason> why the log-in was refused, in plain words
    GET/POST /login/digid/activate     first log-in: what a digital inbox means, consent, activation

`?public=1` on the start link (the log-in page for a shared or public computer puts it there) rides along in
the flow and, on a first log-in, through the consent step: the session made at the end is a public-computer
session (portal/auth/public.py), as after the password log-in with the box ticked.

Leaving for DigiD and back never starts from a form: Chromium checks the CSP's `form-action 'self'` against
every redirect that follows a form POST, and a broker's endpoints hand the browser on to origins we cannot
list (DigiD itself, a choice page). So log-in starts with a link (a GET that only writes the flow into the
signed cookie; `state`, PKCE and `nonce` bind it to this browser, so there is nothing for a form token to
protect), and log-out, a POST with a form token, answers a page of ours that sends the browser on to the
broker (docs/digid.md).
"""

from __future__ import annotations

import logging

from flask import Blueprint, Flask, abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import BooleanField
from wtforms.validators import InputRequired

from portal.access import public
from portal.auth import oidc_accounts, oidc_acr, oidc_client
from portal.auth.login import current_token, forget_site_data, log_in, log_out
from portal.clock import utcnow
from portal.config import ConfigError
from portal.forms import Form
from portal.urls import safe_next

bp = Blueprint("oidc", __name__, url_prefix="/login/digid")
log = logging.getLogger("portal.auth.digid")
FLOW_KEY = "oidc_flow"
PENDING_KEY = "oidc_pending"
PENDING_PUBLIC_KEY = "oidc_pending_public"  # the flow's public-computer choice, kept until consent
REFUSED_STATUS = {"unavailable": 503}  # every other refusal answers 403
ASK_FOR_HELP = _l("Try again later. Does it keep going wrong? Ask us for help.")
# Each refusal page: its title (and h1), and what happened and what to do, in plain words.
REFUSED_PAGES = {
    "unavailable": (
        _l("DigiD cannot be reached right now"),
        [_l("We could not reach DigiD. You are not logged in."), _l("Try again in a few minutes.")],
    ),
    "expired": (
        _l("Your log-in has expired"),
        [_l("Logging in took too long, or it was started in another window. You are not logged in."),
         _l("Start again to log in.")],
    ),
    "failed": (
        _l("We could not log you in with DigiD"),
        [_l("Something went wrong when we checked your DigiD log-in. You are not logged in."), ASK_FOR_HELP],
    ),
    "assurance": (
        _l("Log in with a safer DigiD level"),
        [_l("To read your mail you must log in with DigiD level %(level)s or higher. You logged in with a lower "
            "level. You are not logged in."),
         _l("Log in with the DigiD app and check your identity document in the app. Then try again.")],
    ),
    "no-bsn": (
        _l("DigiD did not send your citizen service number"),
        [_l("We need your citizen service number (BSN) to find your mail. DigiD did not send it to us. "
            "You are not logged in."), ASK_FOR_HELP],
    ),
    "bad-bsn": (
        _l("Your citizen service number is not valid"),
        [_l("DigiD sent us a citizen service number (BSN) that is not valid. You are not logged in."), ASK_FOR_HELP],
    ),
}


class ActivateForm(Form):
    consent = BooleanField(
        _l("Yes, I want to receive my mail from the government in this inbox"),
        validators=[InputRequired(_l("Tick the box if you want to activate your inbox"))],
    )


def settings() -> oidc_client.Settings | None:
    return oidc_client.Settings.from_config(current_app.config)


def _public_url(endpoint: str) -> str:
    return current_app.config["PUBLIC_URL"].rstrip("/") + url_for(endpoint)


def _refuse(refused: oidc_client.Refused):
    log.warning("DigiD log-in refused: %s (%s)", refused.reason, refused.detail)
    if refused.reason == oidc_client.CANCELLED:
        flash(_("You stopped logging in with DigiD. You are not logged in."))
        return redirect(url_for("auth.login"))
    return redirect(url_for("oidc.refused", reason=refused.reason))


@bp.before_request
def _only_when_configured():
    if settings() is None:
        abort(404)


@bp.route("/start")
@public
def start():
    if current_user.is_authenticated:
        return redirect(url_for("pages.home"))
    next_url = safe_next(request.args.get("next"), url_for("pages.home"))
    try:
        url, flow = oidc_client.begin(
            settings(), redirect_uri=_public_url("oidc.callback"), next_url=next_url, now=utcnow(),
            public_computer=request.args.get("public") == "1",
        )
    except oidc_client.Refused as refused:
        return _refuse(refused)
    session[FLOW_KEY] = flow.to_dict()
    return redirect(url)


@bp.route("/callback")
@public
def callback():
    flow = oidc_client.Flow.from_dict(session.pop(FLOW_KEY, None))
    try:
        identity = oidc_client.finish(settings(), flow, request.args, now=utcnow())
    except oidc_client.Refused as refused:
        return _refuse(refused)
    signed_in = oidc_accounts.sign_in(identity, now=utcnow())
    if signed_in.account is None:
        session[PENDING_KEY] = signed_in.pending_token
        session[PENDING_PUBLIC_KEY] = flow.public_computer
        return redirect(url_for("oidc.activate"))
    _start_session(signed_in.account, identity.id_token, public_computer=flow.public_computer)
    return redirect(flow.next_url)


def _start_session(account, id_token: str, *, public_computer: bool) -> None:
    log_in(account, request.user_agent.string, public_computer=public_computer)
    oidc_accounts.remember_login(current_token(), id_token, now=utcnow())
    log.info("DigiD log-in for account %s", account.id)


@bp.route("/refused/<reason>")
@public
def refused(reason: str):
    if reason not in REFUSED_PAGES:
        abort(404)
    title, lines = REFUSED_PAGES[reason]
    level = oidc_acr.level_name(settings().min_acr)
    lines = [str(line) % {"level": level} for line in lines]  # only the assurance text has a placeholder
    page = render_template("auth/digid_refused.html", reason=reason, title=title, lines=lines)
    return page, REFUSED_STATUS.get(reason, 403)


@bp.route("/activate", methods=["GET", "POST"])
@public
def activate():
    token = session.get(PENDING_KEY)
    try:
        oidc_accounts.pending(token, now=utcnow())
    except oidc_accounts.PendingExpired:
        return redirect(url_for("oidc.refused", reason="expired"))
    if request.method == "POST" and "decline" in request.form:
        oidc_accounts.decline(token)
        session.pop(PENDING_KEY, None)
        session.pop(PENDING_PUBLIC_KEY, None)
        flash(_("You did not activate a digital inbox, and you are not logged in. Nothing has changed: your "
                "mail keeps coming by post."))
        return redirect(url_for("pages.home"))
    form = ActivateForm()
    if form.validate_on_submit():
        try:
            account, id_token = oidc_accounts.activate_inbox(token, language=str(get_locale()), now=utcnow())
        except oidc_accounts.PendingExpired:
            return redirect(url_for("oidc.refused", reason="expired"))
        _start_session(account, id_token, public_computer=bool(session.get(PENDING_PUBLIC_KEY)))
        flash(_("Your inbox is active. From now on your mail from the government arrives here."))
        return redirect(url_for("pages.home"))
    return render_template("auth/digid_activate.html", form=form, shared=bool(session.get(PENDING_PUBLIC_KEY)))


def _logout_at_provider():
    """Log-out (POST /logout) of a session started with DigiD also ends the session at DigiD: the portal
    session ends here first, then the browser goes to the provider's end-session page, which sends it back
    to /logged-out. Runs before auth.logout's own view (after its CSRF check) and only for DigiD sessions.

    The way to the provider is a page, not a redirect: a redirect would be part of the form's navigation,
    which `form-action 'self'` blocks in Chromium. The page's refresh (and its link, for a browser that
    does not follow one) is a navigation of its own."""
    if request.endpoint != "auth.logout" or request.method != "POST" or settings() is None:
        return None
    id_token = oidc_accounts.id_token_for(current_token())
    if id_token is None:
        return None
    was_public = log_out()
    url = oidc_client.logout_url(
        settings(), id_token=id_token, post_logout_redirect_uri=_public_url("auth.logged_out"),
        state="public" if was_public else None,
    )
    if url is None:
        response = redirect(url_for("auth.logged_out", public=1 if was_public else None))
    else:
        response = current_app.make_response(render_template("auth/digid_logout.html", url=url))
    return forget_site_data(response, was_public=was_public)


def init_app(app: Flask) -> None:
    """Check the settings (raises ConfigError), register the pages, the log-out hook and `digid_enabled()`."""
    found = settings_problems(app)
    if found:
        raise ConfigError(" ".join(found))
    app.register_blueprint(bp)
    app.before_request(_logout_at_provider)
    app.add_template_global(lambda: bool(app.config.get("OIDC_ISSUER")), "digid_enabled")


def settings_problems(app: Flask) -> list[str]:
    configured = oidc_client.Settings.from_config(app.config)
    return configured.problems(production=app.config["ENV"] == "production") if configured else []
