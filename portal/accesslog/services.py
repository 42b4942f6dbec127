"""The access log a citizen sees: every Event about their mail except the sender's delivery facts, newest
first, with who did it (the citizen, a named helper, an organisation, or the system) in plain words."""

from __future__ import annotations

import math
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from portal.caseload.models import HelperOrganisation, HelperStaff, OrgAuthorisation
from portal.helpers.models import Delegation
from portal.models import Account, Citizen, Event, Message, Organisation, SenderUser

PAGE_SIZE = 50
# Facts for the sender, not accesses: the delivery itself, the first opening (each opening is "read"), and
# a paper copy that may be late (the citizen reads that on the message itself).
NOT_IN_LOG = ("delivered", "opened", "paper_late")

WHAT = {
    "read": _l("Opened the message"),
    "attachment_read": _l("Opened an attachment"),
    "calendar_read": _l("Downloaded the deadline for a calendar"),
    "paper_requested": _l("Asked for the letter on paper"),
    "paper_cancelled": _l("Cancelled the paper letter"),
    "paper_not_possible": _l("Could not send the letter on paper"),
    "paper_batched": _l("Printed the letter"),
    "paper_posted": _l("Posted the letter"),
    "done": _l("Marked the message as done"),
    "not_done": _l("Marked the message as not done"),
    "archived": _l("Moved the message to the archive"),
    "unarchived": _l("Moved the message back to the inbox"),
    "deleted": _l("Deleted the message"),
    "restored": _l("Put the message back"),
    "address_changed": _l("Changed the postal address"),
    "paper_for_all_on": _l("Chose all mail on paper"),
    "paper_for_all_off": _l("Stopped all mail on paper"),
    "paper_organisation_on": _l("Chose mail on paper from an organisation"),
    "paper_organisation_off": _l("Stopped mail on paper from an organisation"),
    "helper_invited": _l("Invited a helper"),
    "helper_joined": _l("Made an account with the invitation to help"),
    "helper_accepted": _l("Accepted the invitation to help"),
    "helper_revoked": _l("Ended a helper's access"),
    "acting_started": _l("Started reading your mail as a helper"),
    "acting_stopped": _l("Stopped reading your mail as a helper"),
    "caseload_authorised": _l("Gave an organisation access to your mail"),
    "caseload_court": _l("Recorded a guardianship the court appointed"),
    "caseload_ended": _l("Ended an organisation's access"),
    "caseload_assigned": _l("Chose who at the organisation handles your mail"),
    "caseload_staff_left": _l("Someone who handled your mail left the organisation"),
    "caseload_unassigned": _l("Chose that someone at the organisation no longer handles your mail"),
    "public_computer_on": _l("Chose the setting for a shared or public computer"),
    "public_computer_off": _l("Stopped the setting for a shared or public computer"),
    "takeout_requested": _l("Asked for a download of all mail"),
    "takeout_downloaded": _l("Downloaded all mail"),
    "inbox-activated": _l("Started the online inbox"),
}
OTHER = _l("Something else happened")


@dataclass(frozen=True)
class Entry:
    event: Event
    who: str
    what: str
    message: Message | None
    detail: str


@dataclass
class LogPage:
    entries: list[Entry]
    total: int
    page: int
    pages: int


def _query(citizen: Citizen, message: Message | None):
    where = [Event.citizen == citizen, Event.kind.not_in(NOT_IN_LOG)]
    if message is not None:
        where.append(Event.message == message)
    return Event.select().where(*where)


def log_page(citizen: Citizen, *, message: Message | None = None, page: int = 1,
             language: str = "nl") -> LogPage:
    base = _query(citizen, message)
    total = base.count()
    pages = max(1, math.ceil(total / PAGE_SIZE))
    rows = list(base.order_by(Event.at.desc(), Event.id.desc()).paginate(page, PAGE_SIZE))
    return LogPage(entries=describe(citizen, rows, language), total=total, page=page, pages=pages)


def all_entries(citizen: Citizen, *, message: Message | None = None, language: str = "nl") -> list[Entry]:
    rows = list(_query(citizen, message).order_by(Event.at.desc(), Event.id.desc()))
    return describe(citizen, rows, language)


def describe(citizen: Citizen, rows: list[Event], language: str) -> list[Entry]:
    """Who and what in words, with a handful of queries for the whole page."""
    actor_ids = {row.actor_id for row in rows if row.actor_id}
    message_ids = {row.message_id for row in rows if row.message_id}
    actors = {a.id: a for a in Account.select().where(Account.id.in_(actor_ids))} if actor_ids else {}
    helpers = {d.helper_id for d in Delegation.select(Delegation.helper)
               .where(Delegation.citizen == citizen, Delegation.helper.in_(actor_ids))} if actor_ids else set()
    # Staff of a helper organisation this citizen authorised: their name and the organisation (portal/caseload).
    helper_orgs = {m.account_id: m.organisation.name for m in HelperStaff.select(HelperStaff, HelperOrganisation)
                   .join(HelperOrganisation).join(OrgAuthorisation, on=(
                       OrgAuthorisation.organisation == HelperOrganisation.id))
                   .where(HelperStaff.account.in_(actor_ids), OrgAuthorisation.citizen == citizen)} if actor_ids else {}
    staff = {s.account_id: s.organisation for s in SenderUser.select(SenderUser, Organisation).join(Organisation)
             .where(SenderUser.account.in_(actor_ids))} if actor_ids else {}
    messages = ({m.id: m for m in Message.select(Message, Organisation).join(Organisation)
                 .where(Message.id.in_(message_ids))} if message_ids else {})
    entries = []
    for row in rows:
        entries.append(Entry(
            event=row,
            who=_who(row.actor_id, citizen, actors, helpers, staff, language, helper_orgs),
            what=str(WHAT.get(row.kind, OTHER)),
            message=messages.get(row.message_id),
            detail=row.detail if row.kind == "attachment_read" else "",
        ))
    return entries


def _who(actor_id, citizen, actors, helpers, staff, language, helper_orgs=None) -> str:
    if actor_id is None:
        return str(_l("The system"))
    if actor_id == citizen.account_id:
        return str(_l("You"))
    account = actors.get(actor_id)
    if account is None:
        return str(_l("Someone whose account no longer exists"))
    if helper_orgs and actor_id in helper_orgs:
        return str(_l("%(name)s of %(organisation)s (helps you)", name=account.name,
                      organisation=helper_orgs[actor_id]))
    if actor_id in helpers:
        return str(_l("%(name)s (your helper)", name=account.name))
    if actor_id in staff:
        return staff[actor_id].name(language)
    return account.name


def messages_in_log(citizen: Citizen) -> list[Message]:
    """The messages the log has entries for, newest first: the choices of the filter."""
    ids = Event.select(Event.message).where(Event.citizen == citizen, Event.message.is_null(False),
                                            Event.kind.not_in(NOT_IN_LOG))
    return list(Message.select().where(Message.id.in_(ids), Message.recipient == citizen, Message.not_test())
                .order_by(Message.delivered_at.desc()))
