"""The coordinator's pages for the organisation (portal/caseload/team.py): the staff list, adding someone,
changing a role, removing someone (a confirmation page first), and taking a client away from a staff member.
Coordinators only: anyone else gets 404 (a leaver "your access has ended", views.member_or_end). Registered on
the caseload blueprint (views.bp)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from portal.access import account_required
from portal.caseload import services, team
from portal.caseload.models import STAFF_ROLES
from portal.caseload.views import bp, member_or_end
from portal.clock import utcnow
from portal.errors_domain import NotFound, ValidationFailed
from portal.params import whole_number


def coordinator_or_404():
    member = member_or_end()
    if member.role != "coordinator":
        abort(404)
    return member


def _staff_page(member, errors=None, values=None, status=200):
    now = utcnow()
    return render_template("caseload/staff.html", member=member, staff=services.active_staff(member.organisation),
                           counts=team.caseloads(member, now=now), roles=STAFF_ROLES, errors=errors or {},
                           values=values or {}), status


@bp.route("/caseload/staff", methods=["GET", "POST"])
@account_required
def staff():
    member = coordinator_or_404()
    if request.method == "GET":
        return _staff_page(member)
    values = {"email": request.form.get("email", "")[:320], "role": request.form.get("role", "")[:20]}
    try:
        added = team.add(member, email=values["email"], role=values["role"], now=utcnow())
    except ValidationFailed as failed:
        return _staff_page(member, errors={k: str(v) for k, v in failed.errors.items()}, values=values, status=400)
    flash(_("%(name)s is now on the staff of %(org)s.", name=added.account.name, org=member.organisation.name))
    return redirect(url_for("caseload.staff"), 303)


@bp.route("/caseload/staff/<int:staff_id>/role", methods=["POST"])
@account_required
def staff_role(staff_id: int):
    member = coordinator_or_404()
    try:
        changed = team.change_role(member, staff_id, request.form.get("role", "")[:20], now=utcnow())
    except NotFound:
        abort(404)
    except ValidationFailed as failed:
        return _staff_page(member, errors={k: str(v) for k, v in failed.errors.items()}, status=400)
    flash(_("%(name)s is now coordinator.", name=changed.account.name) if changed.role == "coordinator" else
          _("%(name)s is now staff member.", name=changed.account.name))
    if changed.id == member.id and changed.role != "coordinator":
        return redirect(url_for("caseload.index"), 303)
    return redirect(url_for("caseload.staff"), 303)


@bp.route("/caseload/staff/<int:staff_id>/remove", methods=["GET", "POST"])
@account_required
def staff_remove(staff_id: int):
    """GET: the confirmation page (no JavaScript confirm); POST: the staff member leaves at once."""
    member = coordinator_or_404()
    try:
        other = team.colleague(member, staff_id)
        if request.method == "GET":
            return render_template("caseload/remove.html", member=member, other=other,
                                   clients=team.caseloads(member, now=utcnow()).get(other.id, 0), errors={})
        removed, moved = team.remove(member, staff_id, now=utcnow())
    except NotFound:
        abort(404)
    except ValidationFailed as failed:
        return render_template("caseload/remove.html", member=member, other=other, clients=0,
                               errors={k: str(v) for k, v in failed.errors.items()}), 400
    flash(ngettext("%(name)s has no access any more. %(num)d client moved to the coordinators.",
                   "%(name)s has no access any more. %(num)d clients moved to the coordinators.",
                   moved, name=removed.account.name))
    if removed.id == member.id:
        return redirect(url_for("pages.home"), 303)
    return redirect(url_for("caseload.staff"), 303)


@bp.route("/caseload/clients/<int:authorisation_id>/unassign", methods=["POST"])
@account_required
def unassign(authorisation_id: int):
    member = coordinator_or_404()
    try:
        other = team.unassign(member, authorisation_id, whole_number(request.form.get("staff"), default=0) or 0,
                              now=utcnow())
    except NotFound:
        abort(404)
    flash(_("%(name)s no longer handles this client.", name=other.account.name))
    return redirect(url_for("caseload.client", authorisation_id=authorisation_id), 303)

