"""Settings pages: the hub (/settings), the postal address and the paper choices. Real forms, POST, and a
redirect back to the hub with a notification (post/redirect/get)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.access import account_required, citizen_required
from portal.clock import utcnow
from portal.errors_domain import ValidationFailed
from portal.forms import apply_errors
from portal.paper.addresses import address_form_data, address_of, save_address
from portal.paper.forms import AddressForm
from portal.params import whole_number
from portal.settings import services
from portal.settings.forms import PaperForm

bp = Blueprint("settings", __name__, url_prefix="/settings")
# Where the error summary's link for a paper-choice error goes.
PAPER_ERROR_TARGETS = {"channel": "channel-paper", "organisations": "organisations"}


def owner():
    return current_user.citizen


def actor():
    return current_user._get_current_object()


@bp.route("/")
@account_required
def index():
    citizen = owner()
    if citizen is None:
        return render_template("settings/index.html", citizen=None)
    choices = services.paper_choices(citizen)
    chosen = [o for o in services.organisations_to_choose() if o.id in choices.organisations]
    return render_template("settings/index.html", citizen=citizen, address=address_of(citizen), choices=choices,
                           chosen=chosen)


@bp.route("/address", methods=["GET", "POST"])
@citizen_required
def address():
    form = AddressForm(data=address_form_data(owner()) if request.method == "GET" else None)
    if form.validate_on_submit():
        try:
            save_address(owner(), form.data, actor=actor(), now=utcnow())
        except ValidationFailed as failed:
            apply_errors(form, failed.errors)
        else:
            flash(_("Your postal address is saved."))
            return redirect(url_for("settings.index"), 303)
    return render_template("settings/address.html", form=form)


@bp.route("/paper", methods=["GET", "POST"])
@citizen_required
def paper():
    form, errors = PaperForm(), {}
    choices = services.paper_choices(owner())
    if form.validate_on_submit():
        all_mail = request.form.get("channel") == "paper"
        chosen = {whole_number(value, default=0) for value in request.form.getlist("organisations")}
        try:
            services.save_paper_choices(owner(), all_mail=all_mail, organisation_ids=chosen, actor=actor(),
                                        now=utcnow())
        except ValidationFailed as failed:
            errors = {name: str(message) for name, message in failed.errors.items()}
            for name, message in errors.items():
                form.add_summary_error(message, PAPER_ERROR_TARGETS[name])
            choices = services.PaperChoices(all_mail, frozenset(chosen))
        else:
            flash(_("Your paper settings are saved. They count for new mail."))
            return redirect(url_for("settings.index"), 303)
    return render_template("settings/paper.html", form=form, errors=errors, choices=choices,
                           organisations=services.organisations_to_choose(),
                           has_address=address_of(owner()) is not None)
