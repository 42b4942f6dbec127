"""A staff member opening a client's mail from the caseload: the same acting-for as a person's helper
(portal/helpers/acting.py: the banner, the route scopes, the stop button), registered there as a source.

The session keeps the authorisation's id; every request checks that the account is still staff, the
authorisation still active and the client still theirs (assigned, or coordinator), so leaving or an ended
authorisation stops it at once."""

from __future__ import annotations

from dataclasses import dataclass

from flask import flash, g, session
from flask_babel import gettext as _
from flask_login import current_user

from portal.caseload import services
from portal.caseload.models import HelperStaff, OrgAuthorisation
from portal.clock import utcnow
from portal.errors_domain import NotFound
from portal.helpers.models import DELEGATION_SCOPES
from portal.models import Citizen, Event

SESSION_KEY = "caseload_client"


@dataclass(frozen=True)
class ClientActing:
    authorisation: OrgAuthorisation
    member: HelperStaff
    citizen: Citizen
    name: str
    back: str = "caseload.index"

    @property
    def permissions(self) -> tuple[str, ...]:
        return DELEGATION_SCOPES.get(self.authorisation.scope, ())

    @property
    def ref(self) -> str:
        return f"organisation authorisation {self.authorisation.id}"

    def stop(self) -> None:
        session.pop(SESSION_KEY, None)
        record(self.authorisation, self.member, "acting_stopped")


def record(authorisation: OrgAuthorisation, member: HelperStaff, kind: str) -> None:
    Event.create(citizen=authorisation.citizen_id, actor=member.account_id, kind=kind, at=utcnow(),
                 detail=f"organisation:{authorisation.id}")


def resolve() -> ClientActing | None:
    """helpers.acting asks this when no person's authorisation is open."""
    authorisation_id = session.get(SESSION_KEY)
    if not authorisation_id:
        return None
    member = services.membership(current_user)
    try:
        if member is None:
            raise NotFound
        authorisation = services.client_of(member, authorisation_id, now=utcnow())
    except NotFound:
        session.pop(SESSION_KEY, None)
        g.acting_ended, g.acting_back = True, "caseload.index"
        flash(_("Your access to the mail of this client has ended."))
        return None
    citizen = Citizen.get_by_id(authorisation.citizen_id)
    return ClientActing(authorisation, member, citizen, services.client_name(citizen))


def start(member: HelperStaff, authorisation: OrgAuthorisation) -> None:
    session[SESSION_KEY] = authorisation.id
    g.pop("acting", None)
    record(authorisation, member, "acting_started")
