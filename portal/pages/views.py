from flask import Blueprint, abort, current_app, redirect, render_template, request, session, url_for
from flask_login import current_user

from portal.access import account_required, public
from portal.models import Account
from portal.urls import safe_next

bp = Blueprint("pages", __name__)


@bp.route("/")
@public
def home():
    if current_user.is_authenticated:
        if current_user.citizen:
            return redirect(url_for("inbox.index"))
        if current_user.organisation:
            return redirect(url_for("senders.dashboard"))
        for landing in current_app.extensions.get("portal.landing", ()):  # a feature's own landing page
            if (url := landing(current_user)) is not None:
                return redirect(url)
        # A helper-only account lands on the people it helps (a citizen who also helps: the own inbox, above).
        return redirect(url_for("helpers.index" if current_user.role == "helper" else "pages.account"))
    return render_template("pages/home.html")


@bp.route("/help")
@public
def help():
    return render_template("pages/help.html")


@bp.route("/accessibility")
@public
def accessibility():
    return render_template("pages/accessibility.html")


@bp.route("/privacy")
@public
def privacy():
    return render_template("pages/privacy.html")


@bp.route("/language", methods=["POST"])
@public
def switch_language():
    language = request.form.get("language", "")
    if language not in current_app.config["LANGUAGES"]:
        abort(400)
    session["lang"] = language
    if current_user.is_authenticated:  # a logged-in choice is remembered with the account
        Account.update(language=language).where(Account.id == current_user.id).execute()
    return redirect(safe_next(request.form.get("next"), url_for("pages.home")))


@bp.route("/account")
@account_required
def account():
    return render_template("pages/account.html")
