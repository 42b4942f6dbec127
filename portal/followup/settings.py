"""A citizen's alert settings: on or off, the address, an optional helper address. Plain functions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l

from portal.db import database
from portal.errors_domain import ValidationFailed
from portal.followup.models import AlertSetting, Outbox
from portal.forms import is_email
from portal.models import Citizen


@dataclass(frozen=True)
class AlertChoices:
    enabled: bool
    email: str  # "" : the account's address
    helper_email: str
    problem: str
    problem_address: str


def choices_of(citizen: Citizen) -> AlertChoices:
    row = AlertSetting.get_or_none(AlertSetting.citizen == citizen)
    if row is None:
        return AlertChoices(True, "", "", "", "")
    return AlertChoices(row.enabled, row.email, row.helper_email, row.problem, row.problem_address)


def _clean(value: str | None) -> str:
    return (value or "").strip().lower()


def save(citizen: Citizen, *, enabled: bool, email: str | None, helper_email: str | None, now: datetime) -> None:
    """Store the choices. A new address clears a bounce; turning alerts off cancels alerts still waiting.

    Raises ValidationFailed({"email"|"helper_email": message}) for an address in the wrong format."""
    email, helper_email = _clean(email), _clean(helper_email)
    errors = {}
    for name, value in (("email", email), ("helper_email", helper_email)):
        if value and not is_email(value):
            errors[name] = _l("Enter an e-mail address in the right format, like name@example.nl")
    if errors:
        raise ValidationFailed(errors)
    with database.atomic():
        row, _ = AlertSetting.get_or_create(citizen=citizen, defaults={"updated_at": now})
        clear = row.email != email or (enabled and not row.enabled)
        AlertSetting.update(
            enabled=enabled, email=email, helper_email=helper_email, updated_at=now,
            **({"problem": "", "problem_address": "", "problem_at": None} if clear else {}),
        ).where(AlertSetting.id == row.id).execute()
        if not enabled:
            Outbox.update(status="cancelled", done_at=now, last_error="alerts turned off").where(
                Outbox.citizen == citizen, Outbox.kind.in_(("alert", "reminder")), Outbox.status == "pending",
            ).execute()
        if not helper_email:
            Outbox.update(status="cancelled", done_at=now, last_error="no helper").where(
                Outbox.citizen == citizen, Outbox.kind == "helper_alert", Outbox.status == "pending").execute()
