"""The caseload pages. Staff: the caseload, paper for several letters at once, a client's page (the
coordinator assigns staff and ends a court-appointed guardianship there). The citizen: the organisations that
help me (authorise one, end it). Real forms, POST for every change, post/redirect/get; no JavaScript needed."""

from __future__ import annotations

from flask import Blueprint, abort, flash, make_response, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from portal.access import account_required, citizen_required
from portal.caseload import LINK_KEY, acting, services
from portal.caseload.models import HelperOrganisation, OrgAuthorisation
from portal.clock import utcnow
from portal.errors_domain import NotAllowed, NotFound, ValidationFailed
from portal.helpers import acting as helping
from portal.helpers.forms import parse_day, typed
from portal.helpers.models import DELEGATION_SCOPES
from portal.i18n import current_language
from portal.models import Message
from portal.params import page_number, whole_number

bp = Blueprint("caseload", __name__)


def me():
    return current_user._get_current_object()


def member_or_end():
    """The visitor's membership; 404 for someone who never was staff, "your access has ended" for a leaver."""
    member = services.membership(me())
    session[LINK_KEY] = member is not None  # the header's link (portal/caseload/__init__.py)
    if member is not None:
        return member
    if services.had_membership(me()):
        abort(make_response(render_template("caseload/ended.html"), 403))
    abort(404)


def _filters(member):
    client = whole_number(request.args.get("client"), default=None)
    staff = whole_number(request.args.get("staff"), default=None) if member.role == "coordinator" else None
    urgency = request.args.get("urgency") if request.args.get("urgency") in services.URGENCIES else None
    return {"client": client, "staff": staff, "urgency": urgency}


def _render(member, errors=None, status=200):
    now = utcnow()
    filters = _filters(member)
    page = services.caseload(member, now=now, language=current_language(), page=page_number(request.args.get("page")),
                             **filters)
    args = {k: v for k, v in filters.items() if v}
    return render_template(
        "caseload/index.html", member=member, page=page, filters=filters, errors=errors or {},
        clients=services.clients(member, now=now), client_name=services.client_name,
        staff=services.active_staff(member.organisation) if member.role == "coordinator" else [],
        urgencies=services.URGENCIES, page_url=lambda n: url_for("caseload.index", page=n, **args),
    ), status


@bp.route("/caseload/")
@account_required
def index():
    return _render(member_or_end())


@bp.route("/caseload/paper", methods=["POST"])
@account_required
def paper():
    """The caseload's one form: "Open" on a row (the client's letter under the acting-for banner), or paper for
    the ticked letters."""
    member = member_or_end()
    if request.form.get("open"):
        return _open_letter(member, request.form["open"][:32])
    chosen = [value for value in request.form.getlist("message") if value and len(value) <= 32][:100]
    if request.form.get("action") == "done":
        return _done(member, chosen)
    try:
        outcome = services.paper_for_many(member, chosen, now=utcnow())
    except ValidationFailed as failed:
        return _render(member, errors=failed.errors, status=400)
    if outcome.asked:
        flash(ngettext("We will print and post %(num)d letter.", "We will print and post %(num)d letters.",
                       outcome.asked))
    if outcome.already:
        flash(ngettext("%(num)d letter was already on its way on paper.",
                       "%(num)d letters were already on their way on paper.", outcome.already))
    if outcome.no_address:
        flash(ngettext("%(num)d letter could not be sent: the client has no postal address yet.",
                       "%(num)d letters could not be sent: the client has no postal address yet.",
                       outcome.no_address))
    if outcome.refused:
        flash(ngettext("%(num)d letter is not within what your clients allowed, or no longer there.",
                       "%(num)d letters are not within what your clients allowed, or no longer there.",
                       outcome.refused))
    return redirect(url_for("caseload.index"), 303)


def _done(member, chosen: list[str]):
    try:
        outcome = services.done_for_many(member, chosen, now=utcnow())
    except ValidationFailed as failed:
        return _render(member, errors=failed.errors, status=400)
    if outcome.asked:
        flash(ngettext("%(num)d letter is marked as done.", "%(num)d letters are marked as done.", outcome.asked))
    if outcome.refused:
        flash(ngettext("%(num)d letter is not within what your clients allowed, or no longer there.",
                       "%(num)d letters are not within what your clients allowed, or no longer there.",
                       outcome.refused))
    return redirect(url_for("caseload.index"), 303)


def _open_letter(member, public_id: str):
    message = Message.get_or_none(Message.public_id == public_id, Message.deleted_at.is_null(), Message.not_test())
    clients = {a.citizen_id: a for a in services.clients(member, now=utcnow())}
    authorisation = clients.get(message.recipient_id) if message is not None else None
    if authorisation is None:
        abort(404)
    helping.stop()
    acting.start(member, authorisation)
    return redirect(url_for("inbox.message", public_id=message.public_id), 303)


@bp.route("/caseload/clients/<int:authorisation_id>")
@account_required
def client(authorisation_id: int):
    member = member_or_end()
    return _client_page(member, authorisation_id)


def _client_page(member, authorisation_id, errors=None, status=200):
    try:
        authorisation = services.client_of(member, authorisation_id, now=utcnow())
    except NotFound:
        abort(404)
    assigned = [a.staff for a in authorisation.assignments]
    return render_template("caseload/client.html", member=member, authorisation=authorisation,
                           name=services.client_name(authorisation.citizen), assigned=assigned,
                           staff=services.active_staff(member.organisation) if member.role == "coordinator" else [],
                           errors=errors or {}), status


@bp.route("/caseload/clients/<int:authorisation_id>/assign", methods=["POST"])
@account_required
def assign(authorisation_id: int):
    member = member_or_end()
    if member.role != "coordinator":
        abort(404)
    try:
        services.assign(member, authorisation_id, whole_number(request.form.get("staff"), default=0) or 0,
                        now=utcnow())
    except NotFound:
        abort(404)
    except ValidationFailed as failed:
        return _client_page(member, authorisation_id, errors=failed.errors, status=400)
    flash(_("The client is assigned."))
    return redirect(url_for("caseload.client", authorisation_id=authorisation_id), 303)


@bp.route("/caseload/clients/<int:authorisation_id>/end", methods=["POST"])
@account_required
def end(authorisation_id: int):
    member = member_or_end()
    if member.role != "coordinator":
        abort(404)
    try:
        authorisation = services.client_of(member, authorisation_id, now=utcnow())
        services.end(authorisation, actor=me(), reason=request.form.get("reason", "")[:1000], now=utcnow(),
                     by_client=False)
    except NotFound:
        abort(404)
    except ValidationFailed as failed:
        return _client_page(member, authorisation_id, errors=failed.errors, status=400)
    flash(_("The authorisation has ended."))
    return redirect(url_for("caseload.index"), 303)


# The citizen ------------------------------------------------------------------------------------------------


@bp.route("/my-helpers/organisations", methods=["GET", "POST"])
@citizen_required
def organisations():
    citizen, now, errors, values = current_user.citizen, utcnow(), {}, {}
    if request.method == "POST":
        values = {key: request.form.get(key, "")[:200] for key in ("org", "scope", "end")}
        org = HelperOrganisation.get_or_none(HelperOrganisation.slug == values["org"].strip().lower())
        if org is None:
            errors["org"] = _("Enter the code the organisation gave you, like bewindvoering-utrecht")
        end_day = None
        if values["end"].strip():
            try:
                end_day = parse_day(values["end"])
            except ValueError:
                errors["end"] = _("Enter the end date as day-month-year, like 31-12-2027")
        if not errors:
            try:
                services.authorise(citizen, org, scope=values["scope"], end=end_day, actor=me(), now=now)
            except ValidationFailed as failed:
                errors.update({key: str(message) for key, message in failed.errors.items()})
            else:
                flash(_("%(name)s may now help you with your mail.", name=org.name))
                return redirect(url_for("caseload.organisations"), 303)
    return render_template("caseload/organisations.html", authorisations=services.of_citizen(citizen, now=now),
                           errors=errors, values=values, scopes=list(DELEGATION_SCOPES),
                           example_end=typed(services.default_end(now))), 400 if errors else 200


@bp.route("/my-helpers/organisations/<int:authorisation_id>/end", methods=["POST"])
@citizen_required
def citizen_end(authorisation_id: int):
    authorisation = OrgAuthorisation.get_or_none(OrgAuthorisation.id == authorisation_id,
                                                 OrgAuthorisation.citizen == current_user.citizen)
    if authorisation is None:
        abort(404)
    try:
        services.end(authorisation, actor=me(), reason="", now=utcnow(), by_client=True)
    except NotAllowed:
        flash(_("A guardianship a court appointed ends only by the court's decision. Ask the court, or your "
                "guardian, to end it."))
    else:
        flash(_("%(name)s can no longer see your mail.", name=authorisation.organisation.name))
    return redirect(url_for("caseload.organisations"), 303)
