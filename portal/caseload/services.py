"""Helper organisations and the caseload: one list of what every client of a staff member must do.

- An organisation (create_organisation) has staff (add_staff): "staff" or "coordinator". A staff member who is
  removed (remove_staff) loses access at that moment; their clients move to the organisation's coordinators.
- A citizen authorises the organisation (authorise) with a scope (portal.helpers.models.DELEGATION_SCOPES) and
  an end date. A court-appointed guardianship carries the court's decision reference and date; the client alone
  cannot end it (end() raises NotAllowed): the coordinator ends it, or the command line, always with a reason,
  and the row keeps who ended it and why.
- The coordinator assigns each client to one or more staff members (assign).
- caseload() is ONE query whatever the number of clients: the open deadlines and unread letters of the clients
  assigned to the staff member (all the organisation's clients for a coordinator), most urgent first, with the
  total (a window count) for the pagination.
- paper_for_many(): a paper copy for several letters at once, with the same rules as one click
  (portal.paper.services.request_paper_copy), only within each client's scope.

Every change and every paper request is an Event in the client's access log with the staff member as actor;
portal/accesslog names the organisation next to the staff member.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from flask_babel import lazy_gettext as _l
from peewee import JOIN, SQL, Case, fn

from portal.auth import accounts
from portal.auth.services import normalise_email
from portal.caseload.models import Assignment, HelperOrganisation, HelperStaff, OrgAuthorisation
from portal.clock import local_today
from portal.db import database
from portal.errors_domain import NotAllowed, NotFound, ValidationFailed
from portal.forms import is_email
from portal.helpers.models import DELEGATION_SCOPES
from portal.helpers.services import MAX_YEARS, add_years, default_end
from portal.inbox import services as inbox
from portal.models import Account, Citizen, Event, Message, Organisation
from portal.paper import services as paper
from portal.paper.models import PAPER_OPEN_STATES, PaperRequest

PAGE_SIZE = 50
URGENCIES = ("overdue", "week", "later")
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{1,49}$")
MAX_PAPER_AT_ONCE = PAGE_SIZE


# --- organisations and staff ---------------------------------------------------------------------------------

def create_organisation(*, slug: str, name: str, now: datetime) -> HelperOrganisation:
    slug, name = (slug or "").strip().lower(), (name or "").strip()
    errors = {}
    if not SLUG.match(slug):
        errors["slug"] = "The slug: 2 to 50 lower-case letters, digits and hyphens."
    elif HelperOrganisation.get_or_none(HelperOrganisation.slug == slug) is not None:
        errors["slug"] = f"There is a helper organisation {slug} already."
    if not name or len(name) > 200:
        errors["name"] = "The name: 1 to 200 characters."
    if errors:
        raise ValidationFailed(errors)
    return HelperOrganisation.create(slug=slug, name=name, created_at=now)


def add_staff(*, org_slug: str, email: str, password: str | None, name: str | None, coordinator: bool,
              now: datetime) -> HelperStaff:
    """Add an account to the organisation (a new helper account unless the address has one). Adding someone who
    left makes them staff again."""
    org = HelperOrganisation.get_or_none(HelperOrganisation.slug == (org_slug or "").strip().lower())
    if org is None:
        raise ValidationFailed({"org": f"There is no helper organisation {org_slug}."})
    role = "coordinator" if coordinator else "staff"
    with database.atomic():
        account = Account.by_email(normalise_email(email)) if is_email(normalise_email(email)) else None
        if account is None:
            account = accounts.create_account(email=email, password=password or "", name=name or email,
                                              role="helper", now=now)
        member = HelperStaff.get_or_none(HelperStaff.organisation == org, HelperStaff.account == account)
        if member is None:
            return HelperStaff.create(organisation=org, account=account, role=role, added_at=now)
        member.role, member.removed_at = role, None
        member.save()
        return member


def membership(account: Account) -> HelperStaff | None:
    """The account's current membership of a helper organisation (None: none, or removed)."""
    if account is None or not getattr(account, "is_authenticated", True):
        return None
    return (HelperStaff.select(HelperStaff, HelperOrganisation).join(HelperOrganisation)
            .where(HelperStaff.account == account.id, HelperStaff.removed_at.is_null())
            .order_by(HelperStaff.id).first())


def had_membership(account: Account) -> bool:
    """Was the account ever staff of a helper organisation (to say "your access has ended" rather than 404)?"""
    return HelperStaff.select().where(HelperStaff.account == account.id).exists()


def active_staff(org: HelperOrganisation) -> list[HelperStaff]:
    return list(HelperStaff.select(HelperStaff, Account).join(Account)
                .where(HelperStaff.organisation == org, HelperStaff.removed_at.is_null())
                .order_by(Account.name, HelperStaff.id))


def remove_staff(member: HelperStaff, *, actor: Account | None, now: datetime) -> int:
    """The staff member leaves: no access from now on; each of their clients moves to the coordinators who
    do not have them yet. Returns how many clients moved."""
    coordinators = [m for m in active_staff(member.organisation) if m.role == "coordinator" and m.id != member.id]
    moved = 0
    with database.atomic():
        HelperStaff.update(removed_at=now).where(HelperStaff.id == member.id).execute()
        for assignment in Assignment.select(Assignment, OrgAuthorisation).join(OrgAuthorisation) \
                .where(Assignment.staff == member):
            for coordinator in coordinators:
                Assignment.insert(authorisation=assignment.authorisation_id, staff=coordinator.id,
                                  assigned_at=now).on_conflict_ignore().execute()
            Event.create(citizen=assignment.authorisation.citizen_id, actor=actor, kind="caseload_staff_left",
                         at=now, detail=member.account.name)
            moved += 1
        Assignment.delete().where(Assignment.staff == member).execute()
    return moved


# --- authorisations ------------------------------------------------------------------------------------------

def authorise(citizen: Citizen, org: HelperOrganisation, *, scope: str, end: date | None, actor: Account | None,
              now: datetime, court_reference: str | None = None, court_decided_on: date | None = None
              ) -> OrgAuthorisation:
    """The citizen authorises the organisation (or a court appoints it: court_reference and court_decided_on)."""
    today = local_today(now)
    end = end or default_end(now)
    court_reference = (court_reference or "").strip() or None
    errors = {}
    if scope not in DELEGATION_SCOPES:
        errors["scope"] = _l("Choose what the organisation may do")
    if end <= today:
        errors["end"] = _l("The end date must be in the future")
    elif end > add_years(today, MAX_YEARS) and court_reference is None:
        errors["end"] = _l("The end date can be at most %(years)s years from today", years=MAX_YEARS)
    if court_reference is not None and (court_decided_on is None or court_decided_on > today):
        errors["court_decided_on"] = _l("Enter the date of the court's decision, today or earlier")
    if court_reference is not None and len(court_reference) > 100:
        errors["court_reference"] = _l("The court's reference can be at most 100 characters")
    if errors:
        raise ValidationFailed(errors)
    current = [a for a in of_citizen(citizen, now=now) if a.organisation_id == org.id]
    if court_reference is None and any(a.court_appointed for a in current):
        raise ValidationFailed({"org": _l("A court appointed this organisation already: only the court changes that")})
    with database.atomic():
        # One active authorisation per client and organisation (the caseload joins on it): the new one replaces
        # the old, and keeps who handles the client.
        OrgAuthorisation.update(ended_at=now, ended_by=actor, end_reason="replaced").where(
            OrgAuthorisation.id.in_([a.id for a in current])).execute()
        authorisation = OrgAuthorisation.create(
            citizen=citizen, organisation=org, scope=scope, valid_until=datetime.combine(end, time.max),
            created_at=now, created_by=actor, court_reference=court_reference,
            court_decided_on=court_decided_on if court_reference else None)
        for assignment in Assignment.select().where(Assignment.authorisation.in_([a.id for a in current])):
            Assignment.insert(authorisation=authorisation, staff=assignment.staff_id, assigned_at=now) \
                .on_conflict_ignore().execute()
        Event.create(citizen=citizen, actor=actor, kind="caseload_court" if court_reference else "caseload_authorised",
                     at=now, detail=org.name)
    return authorisation


def of_citizen(citizen: Citizen, *, now: datetime) -> list[OrgAuthorisation]:
    return list(OrgAuthorisation.select(OrgAuthorisation, HelperOrganisation).join(HelperOrganisation)
                .where(OrgAuthorisation.citizen == citizen, OrgAuthorisation.ended_at.is_null(),
                       OrgAuthorisation.valid_until > now)
                .order_by(OrgAuthorisation.created_at))


def end(authorisation: OrgAuthorisation, *, actor: Account | None, reason: str, now: datetime,
        by_client: bool) -> OrgAuthorisation:
    """End an authorisation. The client ends their own authorisation in one step; a court-appointed
    guardianship the client alone cannot end (NotAllowed): the coordinator does (by_client=False), with the
    reason. `actor` None: the command line."""
    reason = (reason or "").strip()
    if by_client and authorisation.court_appointed:
        raise NotAllowed("a court-appointed guardianship ends by the court's decision, not by the client alone")
    if authorisation.court_appointed and not reason:
        raise ValidationFailed({"reason": _l("Say why the guardianship ends, like the court's new decision")})
    if len(reason) > 500:
        raise ValidationFailed({"reason": _l("The reason can be at most 500 characters")})
    with database.atomic():
        ended = (OrgAuthorisation.update(ended_at=now, ended_by=actor, end_reason=reason)
                 .where(OrgAuthorisation.id == authorisation.id, OrgAuthorisation.ended_at.is_null()).execute())
        if ended:
            Event.create(citizen=authorisation.citizen_id, actor=actor, kind="caseload_ended", at=now,
                         detail=reason)
    return OrgAuthorisation.get_by_id(authorisation.id)


def client_of(member: HelperStaff, authorisation_id: int, *, now: datetime) -> OrgAuthorisation:
    """The organisation's active authorisation with this id that the member may use (assigned, or coordinator);
    NotFound otherwise (another organisation's, ended, expired, not assigned)."""
    query = (OrgAuthorisation.select().where(OrgAuthorisation.id == authorisation_id,
                                              OrgAuthorisation.organisation == member.organisation_id,
                                              OrgAuthorisation.ended_at.is_null(),
                                              OrgAuthorisation.valid_until > now))
    if member.role != "coordinator":
        query = query.join(Assignment).where(Assignment.staff == member.id)
    found = query.first()
    if found is None:
        raise NotFound
    return found


def assign(member: HelperStaff, authorisation_id: int, staff_id: int, *, now: datetime) -> Assignment:
    """The coordinator assigns a client to a staff member of the same organisation."""
    if member.role != "coordinator":
        raise NotAllowed("only a coordinator assigns clients")
    authorisation = client_of(member, authorisation_id, now=now)
    staff = HelperStaff.get_or_none(HelperStaff.id == staff_id, HelperStaff.organisation == member.organisation_id,
                                    HelperStaff.removed_at.is_null())
    if staff is None:
        raise ValidationFailed({"staff": _l("Choose a staff member of your organisation")})
    Assignment.insert(authorisation=authorisation, staff=staff, assigned_at=now).on_conflict_ignore().execute()
    Event.create(citizen=authorisation.citizen_id, actor=member.account_id, kind="caseload_assigned", at=now,
                 detail=staff.account.name)
    return Assignment.get(Assignment.authorisation == authorisation, Assignment.staff == staff)


def clients(member: HelperStaff, *, now: datetime) -> list[OrgAuthorisation]:
    """The clients the member may see (for the filter), by name."""
    query = (OrgAuthorisation.select(OrgAuthorisation, Citizen, Account)
             .join(Citizen).join(Account, JOIN.LEFT_OUTER)
             .where(OrgAuthorisation.organisation == member.organisation_id, OrgAuthorisation.ended_at.is_null(),
                    OrgAuthorisation.valid_until > now))
    if member.role != "coordinator":
        query = query.switch(OrgAuthorisation).join(Assignment).where(Assignment.staff == member.id)
    return sorted(query, key=lambda a: (client_name(a.citizen).lower(), a.id))


def client_name(citizen: Citizen) -> str:
    return citizen.account.name if citizen.account_id else citizen.address_name


# --- the caseload --------------------------------------------------------------------------------------------

@dataclass
class Row:
    authorisation_id: int
    scope: str
    client: str
    public_id: str
    subject: str
    sender: str
    deadline: date | None
    deadline_kind: str | None
    unread: bool
    urgency: str
    paper_on_its_way: bool

    @property
    def may_paper(self) -> bool:
        return "paper" in DELEGATION_SCOPES.get(self.scope, ()) and not self.paper_on_its_way

    @property
    def may_done(self) -> bool:
        return "done" in DELEGATION_SCOPES.get(self.scope, ())


@dataclass
class CaseloadPage:
    rows: list[Row]
    total: int
    page: int
    pages: int
    filters: dict = field(default_factory=dict)


def caseload(member: HelperStaff, *, now: datetime, language: str = "nl", client: int | None = None,
             staff: int | None = None, urgency: str | None = None, page: int = 1) -> CaseloadPage:
    """One page of the member's caseload in ONE query (the total comes with each row as a window count)."""
    today = local_today(now)
    week_end = today + timedelta(days=6)
    urgency_rank = Case(None, [((Message.deadline.is_null(False) & (Message.deadline < today)), 0),
                               ((Message.deadline.is_null(False) & (Message.deadline <= week_end)), 1)], 2)
    open_paper = PaperRequest.alias()
    client_account = Account.alias()
    query = (
        Message.select(
            Message.public_id, Message.subject_nl, Message.subject_en, Message.deadline, Message.deadline_kind,
            Message.first_opened_at, Organisation.name_nl, Organisation.name_en, client_account.name.alias("client"),
            Citizen.address_name, OrgAuthorisation.id.alias("authorisation_id"), OrgAuthorisation.scope,
            open_paper.id.alias("paper_id"), urgency_rank.alias("urgency"),
            fn.COUNT(SQL("*")).over().alias("total"),
        )
        .join(Organisation, on=(Message.organisation == Organisation.id))
        .switch(Message).join(Citizen, on=(Message.recipient == Citizen.id))
        .join(client_account, JOIN.LEFT_OUTER, on=(Citizen.account == client_account.id))
        .switch(Message).join(OrgAuthorisation, on=(
            (OrgAuthorisation.citizen == Message.recipient) & (OrgAuthorisation.organisation == member.organisation_id)
            & OrgAuthorisation.ended_at.is_null() & (OrgAuthorisation.valid_until > now)))
        .switch(Message).join(open_paper, JOIN.LEFT_OUTER, on=(
            (open_paper.message == Message.id) & open_paper.status.in_(PAPER_OPEN_STATES)))
        .where(Message.deleted_at.is_null(), Message.archived_at.is_null(), Message.not_test(),
               ((Message.deadline.is_null(False) & Message.done_at.is_null()) | Message.first_opened_at.is_null()))
    )
    if member.role != "coordinator":
        mine = Assignment.select(Assignment.authorisation).where(Assignment.staff == member.id)
        query = query.where(OrgAuthorisation.id.in_(mine))
    elif staff:
        theirs = Assignment.select(Assignment.authorisation).where(Assignment.staff == staff)
        query = query.where(OrgAuthorisation.id.in_(theirs))
    if client:
        query = query.where(OrgAuthorisation.id == client)
    if urgency in URGENCIES:
        query = query.where(urgency_rank == URGENCIES.index(urgency))
    query = query.order_by(urgency_rank, Message.deadline.asc(nulls="LAST"), Message.delivered_at.desc(),
                           Message.id.desc())
    rows, total = [], 0
    for row in query.paginate(page, PAGE_SIZE).dicts():
        total = row["total"]
        rows.append(Row(
            authorisation_id=row["authorisation_id"], scope=row["scope"],
            client=row["client"] or row["address_name"] or "",
            public_id=row["public_id"],
            subject=(row["subject_en"] if language == "en" and row["subject_en"] else row["subject_nl"]),
            sender=row["name_en"] if language == "en" else row["name_nl"],
            deadline=row["deadline"], deadline_kind=row["deadline_kind"], unread=row["first_opened_at"] is None,
            urgency=URGENCIES[row["urgency"]], paper_on_its_way=row["paper_id"] is not None,
        ))
    if not rows and page > 1:  # past the last page (an old link): the total needs a query of its own
        total = query.order_by().count()
    return CaseloadPage(rows=rows, total=total, page=page, pages=max(1, math.ceil(total / PAGE_SIZE)),
                        filters={"client": client, "staff": staff, "urgency": urgency})


# --- paper for many ------------------------------------------------------------------------------------------

@dataclass
class PaperOutcome:
    asked: int = 0
    already: int = 0
    no_address: int = 0
    refused: int = 0


def _letters_within(member: HelperStaff, public_ids: list[str], permission: str, *,
                    now: datetime) -> tuple[list[Message], int]:
    """The live letters among `public_ids` of clients the member may see whose scope allows `permission`, and
    how many of the ids were refused (someone else's, out of scope, unknown, deleted or test)."""
    if not public_ids:
        raise ValidationFailed({"message": _l("Select at least one letter")})
    if len(public_ids) > MAX_PAPER_AT_ONCE:
        raise ValidationFailed({"message": _l("Select at most %(count)s letters at once", count=MAX_PAPER_AT_ONCE)})
    wanted = set(public_ids)
    visible = {a.citizen_id: a for a in clients(member, now=now)}
    allowed = []
    for message in Message.select().where(Message.public_id.in_(list(wanted)), Message.deleted_at.is_null(),
                                          Message.not_test()):
        authorisation = visible.get(message.recipient_id)
        if authorisation is not None and permission in DELEGATION_SCOPES.get(authorisation.scope, ()):
            allowed.append(message)
    return allowed, len(wanted) - len(allowed)


def paper_for_many(member: HelperStaff, public_ids: list[str], *, now: datetime) -> PaperOutcome:
    """A paper copy of each letter, as one click on each would: within the client's scope, for clients the
    member may see; letters outside it count as refused. The paper service records each request as an Event
    with the staff member as actor."""
    allowed, refused = _letters_within(member, public_ids, "paper", now=now)
    outcome = PaperOutcome(refused=refused)
    for message in allowed:
        try:
            made = paper.request_paper_copy(message, requested_by="helper", actor=member.account, now=now,
                                            reason="button")
        except paper.NoAddress:
            outcome.no_address += 1
            continue
        if made.created:
            outcome.asked += 1
        else:
            outcome.already += 1
    return outcome


def done_for_many(member: HelperStaff, public_ids: list[str], *, now: datetime) -> PaperOutcome:
    """Mark letters done, as the "done" button on each would (portal.inbox.services.set_done, an Event with the
    staff member as actor), only for clients whose scope includes "done"; others count as refused."""
    allowed, refused = _letters_within(member, public_ids, "done", now=now)
    for message in allowed:
        inbox.set_done(Citizen.get_by_id(message.recipient_id), message.public_id, True, actor=member.account,
                       now=now)
    return PaperOutcome(asked=len(allowed), refused=refused)
