"""The coordinator manages the organisation in the browser: add a staff member (an existing account, by its
e-mail address), change a role, remove someone (services.remove_staff, the same as the command line: no access
from that moment, their clients move to the coordinators) and take a client away from a staff member.

Every function takes the acting coordinator's membership and raises NotFound for anything outside their
organisation (or for someone who is not a coordinator), ValidationFailed with field errors otherwise. The
organisation always keeps at least one coordinator, so its clients always have someone.
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from peewee import fn

from portal.auth.services import normalise_email
from portal.caseload import services
from portal.caseload.models import STAFF_ROLES, Assignment, HelperOrganisation, HelperStaff, OrgAuthorisation
from portal.db import database
from portal.errors_domain import NotFound, ValidationFailed
from portal.forms import is_email
from portal.models import Account, Event


def _coordinator(member: HelperStaff) -> None:
    if member is None or member.role != "coordinator" or member.removed_at is not None:
        raise NotFound


def colleague(member: HelperStaff, staff_id: int) -> HelperStaff:
    """A current staff member of the coordinator's organisation; NotFound otherwise."""
    _coordinator(member)
    found = (HelperStaff.select(HelperStaff, Account).join(Account)
             .where(HelperStaff.id == staff_id, HelperStaff.organisation == member.organisation_id,
                    HelperStaff.removed_at.is_null()).first())
    if found is None:
        raise NotFound
    return found


def caseloads(member: HelperStaff, *, now: datetime) -> dict[int, int]:
    """How many active clients each staff member handles (staff id -> count), in one grouped query."""
    _coordinator(member)
    rows = (Assignment.select(Assignment.staff, fn.COUNT(Assignment.id).alias("clients"))
            .join(OrgAuthorisation)
            .where(OrgAuthorisation.organisation == member.organisation_id, OrgAuthorisation.ended_at.is_null(),
                   OrgAuthorisation.valid_until > now)
            .group_by(Assignment.staff))
    return {row.staff_id: row.clients for row in rows}


def add(member: HelperStaff, *, email: str, role: str, now: datetime) -> HelperStaff:
    """Add the account with this address as staff (or coordinator). Someone who left comes back; someone who
    works for another helper organisation cannot be added (the caseload belongs to one organisation)."""
    _coordinator(member)
    address = normalise_email(email or "")
    errors = {}
    if role not in STAFF_ROLES:
        errors["role"] = _l("Choose staff member or coordinator")
    account = Account.by_email(address) if is_email(address) else None
    if not is_email(address):
        errors["email"] = _l("Enter an e-mail address in the right format, like name@example.nl")
    elif account is None:
        errors["email"] = _l("There is no account with this e-mail address. Ask the person to log in once (with "
                             "DigiD), then add them again.")
    else:
        elsewhere = (HelperStaff.select().where(HelperStaff.account == account, HelperStaff.removed_at.is_null())
                     .first())
        if elsewhere is not None and elsewhere.organisation_id == member.organisation_id:
            errors["email"] = _l("This person is already on the staff")
        elif elsewhere is not None:
            errors["email"] = _l("This person works for another helper organisation already")
    if errors:
        raise ValidationFailed(errors)
    org = HelperOrganisation.get_by_id(member.organisation_id)
    return services.add_staff(org_slug=org.slug, email=address, password=None, name=None,
                              coordinator=role == "coordinator", now=now)


def _last_coordinator(member: HelperStaff, other: HelperStaff) -> bool:
    coordinators = [m for m in services.active_staff(member.organisation) if m.role == "coordinator"]
    return other.role == "coordinator" and [m.id for m in coordinators] == [other.id]


def change_role(member: HelperStaff, staff_id: int, role: str, *, now: datetime) -> HelperStaff:
    other = colleague(member, staff_id)
    if role not in STAFF_ROLES:
        raise ValidationFailed({f"role-{staff_id}": _l("Choose staff member or coordinator")})
    if role != "coordinator" and _last_coordinator(member, other):
        raise ValidationFailed({f"role-{staff_id}": _l(
            "The organisation needs at least one coordinator: make someone else coordinator first")})
    HelperStaff.update(role=role).where(HelperStaff.id == other.id).execute()
    return HelperStaff.get_by_id(other.id)


def remove(member: HelperStaff, staff_id: int, *, now: datetime) -> tuple[HelperStaff, int]:
    """The staff member leaves (services.remove_staff). Returns them and how many clients moved."""
    other = colleague(member, staff_id)
    if _last_coordinator(member, other):
        raise ValidationFailed({"remove": _l(
            "The organisation needs at least one coordinator: make someone else coordinator first")})
    moved = services.remove_staff(other, actor=member.account, now=now)
    return other, moved


def unassign(member: HelperStaff, authorisation_id: int, staff_id: int, *, now: datetime) -> HelperStaff:
    """The staff member no longer handles this client (the coordinators still see the client)."""
    _coordinator(member)
    authorisation = services.client_of(member, authorisation_id, now=now)
    other = colleague(member, staff_id)
    with database.atomic():
        gone = Assignment.delete().where(Assignment.authorisation == authorisation,
                                         Assignment.staff == other).execute()
        if gone:
            Event.create(citizen=authorisation.citizen_id, actor=member.account_id, kind="caseload_unassigned",
                         at=now, detail=other.account.name)
    return other
