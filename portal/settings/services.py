"""A citizen's settings: paper choices (all mail on paper, or per organisation); the postal address is kept by
portal/paper/addresses.py (save_address).

Every change is an Event without a message, for the citizen's access log: address_changed, paper_for_all_on,
paper_for_all_off, paper_organisation_on and paper_organisation_off (detail: the organisation's slug).
Raises ValidationFailed with one plain-language message per field.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from peewee import IntegrityError

from portal.db import database
from portal.errors_domain import ValidationFailed
from portal.models import Account, Citizen, Event, Organisation
from portal.paper.addresses import address_of
from portal.paper.models import PaperPreference


@dataclass(frozen=True)
class PaperChoices:
    all_mail: bool
    organisations: frozenset[int]  # organisation ids: "always on paper from …"


def paper_choices(citizen: Citizen) -> PaperChoices:
    chosen = PaperPreference.select(PaperPreference.organisation).where(PaperPreference.citizen == citizen)
    return PaperChoices(citizen.channel == "paper", frozenset(row.organisation_id for row in chosen))


def organisations_to_choose() -> list[Organisation]:
    return list(Organisation.select().order_by(Organisation.name_nl))


def save_paper_choices(citizen: Citizen, *, all_mail: bool, organisation_ids: set[int], actor: Account | None,
                       now: datetime) -> PaperChoices:
    """Store "all my mail on paper" and the organisations to get paper from. Needs a postal address for any
    paper at all. New messages follow the choice; messages already delivered keep what they had."""
    known = {row.id for row in Organisation.select(Organisation.id)}
    if not organisation_ids <= known:
        raise ValidationFailed({"organisations": _l("Choose organisations from the list")})
    if (all_mail or organisation_ids) and address_of(citizen) is None:
        raise ValidationFailed({"channel": _l("Enter your postal address first. Then we can send you mail on paper.")})
    before = paper_choices(citizen)
    added, removed = organisation_ids - before.organisations, before.organisations - organisation_ids
    slugs = {o.id: o.slug for o in Organisation.select().where(Organisation.id.in_(added | removed))}
    with database.atomic():
        if all_mail != before.all_mail:
            Citizen.update(channel="paper" if all_mail else "digital").where(Citizen.id == citizen.id).execute()
            _record(citizen, actor, now, "paper_for_all_on" if all_mail else "paper_for_all_off")
        for organisation_id in sorted(added):
            try:
                with database.atomic():  # a double submit: the unique index keeps one row, recorded once
                    PaperPreference.create(citizen=citizen, organisation=organisation_id, created_at=now)
            except IntegrityError:
                continue
            _record(citizen, actor, now, "paper_organisation_on", slugs[organisation_id])
        if removed:
            PaperPreference.delete().where(PaperPreference.citizen == citizen,
                                           PaperPreference.organisation.in_(removed)).execute()
        for organisation_id in sorted(removed):
            _record(citizen, actor, now, "paper_organisation_off", slugs[organisation_id])
    citizen.channel = "paper" if all_mail else "digital"
    return PaperChoices(all_mail, frozenset(organisation_ids))


def _record(citizen: Citizen, actor: Account | None, now: datetime, kind: str, detail: str = "") -> None:
    Event.create(citizen=citizen, actor=actor, kind=kind, at=now, detail=detail)
