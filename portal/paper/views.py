"""Paper for the citizen: the one-click "send me this by post", cancelling it, the address form it may need,
the paper page that confirms it, and the letter as a PDF.

Every change is a real form POST answered with a redirect to the paper page (post/redirect/get). With htmx the
same POST answers with the paper panel (templates/paper/_panel.html) for the role="status" region it came from:
always 200, so htmx swaps it, also when a cancel is refused; `Vary: HX-Request` on both kinds of answer
(portal/htmx.py).
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.utils import secure_filename

from portal.access import citizen_required, current_citizen, helpers_may
from portal.clock import utcnow
from portal.errors_domain import ValidationFailed
from portal.forms import apply_errors
from portal.htmx import is_htmx
from portal.i18n import current_language
from portal.inbox import services as inbox
from portal.paper import letters, notices, services
from portal.paper.addresses import address_form_data, address_of, save_address
from portal.paper.forms import AddressForm
from portal.paper.status import paper_view
from portal.params import whole_number
from portal.pdf import PdfFailed

bp = Blueprint("paper", __name__, url_prefix="/paper")


def owner():
    return current_citizen()


def actor():
    return current_user._get_current_object()


def _view_kind() -> str:
    return "row" if request.form.get("view") == "row" else "page"


def _seen() -> int | None:
    return whole_number(request.form.get("seen"), low=0)


def _answer(message, notice: str):
    """htmx: the panel with the notice, in place. Otherwise: the notice on the paper page (post/redirect/get)."""
    if is_htmx():
        compact = _view_kind() == "row"
        return render_template(
            "paper/_panel.html", pv=paper_view(message, now=utcnow()), compact=compact, notice=notice, hx=True)
    flash(notice)
    return redirect(url_for("paper.status", public_id=message.public_id), 303)


@bp.route("/<public_id>")
@citizen_required
@helpers_may("read")
def status(public_id: str):
    message = inbox.get_message(owner(), public_id)
    return render_template("paper/status.html", message=message, language=current_language(),
                           pv=paper_view(message, now=utcnow()))


@bp.route("/<public_id>/request", methods=["POST"])
@citizen_required
@helpers_may("paper")
def request_copy(public_id: str):
    message = inbox.get_message(owner(), public_id)
    try:
        made = services.request_paper_copy(message, requested_by=services.requester_for(actor(), owner()),
                                           actor=actor(), now=utcnow(), reason="button", seen=_seen())
    except services.NoAddress:
        return _to_address_form(public_id)
    except services.NotPrintable:
        abort(404)
    late = paper_view(message, now=utcnow()).late is not None
    return _answer(message, notices.for_request(made, late=late))


def _to_address_form(public_id: str):
    target = url_for("paper.address", public_id=public_id)
    if is_htmx():  # a whole new page: htmx follows HX-Redirect with a normal navigation
        response = make_response("", 200)
        response.headers["HX-Redirect"] = target
        return response
    return redirect(target, 303)


@bp.route("/<public_id>/cancel", methods=["POST"])
@citizen_required
@helpers_may("paper")
def cancel(public_id: str):
    message = inbox.get_message(owner(), public_id)
    try:
        cancelled = services.cancel(message, actor=actor(), now=utcnow())
    except services.CancelRefused as refused:
        return _answer(message, notices.for_refusal(refused.request, message, current_language()))
    return _answer(message, notices.for_cancel(cancelled))


@bp.route("/<public_id>/address", methods=["GET", "POST"])
@citizen_required
def address(public_id: str):
    message = inbox.get_message(owner(), public_id)
    form = AddressForm(data=address_form_data(owner()) if request.method == "GET" else None)
    if form.validate_on_submit():
        try:
            save_address(owner(), form.data, actor=actor(), now=utcnow())
        except ValidationFailed as failed:
            apply_errors(form, failed.errors)
        else:
            made = services.request_paper_copy(message, requested_by=services.requester_for(actor(), owner()),
                                               actor=actor(), now=utcnow(), reason="button")
            flash(notices.for_request(made, late=paper_view(message, now=utcnow()).late is not None))
            return redirect(url_for("paper.status", public_id=public_id), 303)
    return render_template("paper/address.html", form=form, message=message, language=current_language())


@bp.route("/<public_id>/letter.pdf")
@citizen_required
@helpers_may("read")
def letter_pdf(public_id: str):
    """"Download as PDF": the same tagged letter the print batch makes (without the attachments)."""
    message = inbox.open_message(owner(), public_id, actor=actor(), now=utcnow())
    try:
        data = letters.render_letter(message, address=address_of(owner()),
                                     lang=message.text_language(current_language()))
    except PdfFailed as failed:
        current_app.logger.warning("letter PDF of message %s not made: %s", message.id, failed)
        return render_template("paper/letter_failed.html", message=message, timed_out=failed.timed_out), 422
    response = make_response(data)
    response.headers["Content-Type"] = "application/pdf"
    prefix = _("letter")  # the file name starts with this word
    filename = secure_filename(f"{prefix}-{message.reference or message.public_id}.pdf") or "letter.pdf"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
