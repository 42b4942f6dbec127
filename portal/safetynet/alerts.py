"""Alert address health (docs/safetynet.md): an address, or having none, is confirmed again every six months.

An address counts as confirmed by the confirm button, by a log-in after an alert was sent to it, or by being
typed in under Settings; a new account starts confirmed. After ALERT_CONFIRM_DAYS without any of these the
citizen is asked at log-in (portal/safetynet/views.py). A citizen without alerts is asked the same: the Dutch
rules make people without an alert address say every six months that they accept that. An address that
bounced for good is no longer used (portal/followup/runner.address_for) and the inbox says so at log-in.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from peewee import fn

from portal.config import setting
from portal.db import database
from portal.followup import policy
from portal.followup.models import AlertSetting, Outbox
from portal.models import Account, Citizen
from portal.safetynet.models import AlertConfirmation


def address_of(citizen: Citizen) -> str:
    """The address alerts go to now ("": alerts off or no address)."""
    return policy.alert_address(citizen) if policy.alerts_on(citizen) else ""


def confirmed_since(citizen: Citizen) -> datetime:
    """The last moment the citizen's present alert address (or having none) was confirmed."""
    address = address_of(citizen)
    account = Account.get_by_id(citizen.account_id)
    moments = [account.created_at]
    row = AlertConfirmation.get_or_none(AlertConfirmation.citizen == citizen)
    if row is not None and row.address == address:
        moments.append(row.confirmed_at)
    setting_row = AlertSetting.get_or_none(AlertSetting.citizen == citizen)
    if setting_row is not None:
        moments.append(setting_row.updated_at)
    if address and account.last_login_at:
        alerted = (Outbox.select(fn.MAX(Outbox.done_at)).where(
            Outbox.citizen == citizen, Outbox.kind == "alert", Outbox.status == "sent",
            Outbox.done_at <= account.last_login_at).scalar())
        if alerted is not None:
            moments.append(alerted)
    return max(moments)


def needs_confirmation(citizen: Citizen, *, now: datetime) -> bool:
    if citizen.account_id is None:
        return False
    return now - confirmed_since(citizen) > timedelta(days=setting("ALERT_CONFIRM_DAYS"))


def confirm(citizen: Citizen, *, now: datetime) -> None:
    """The citizen says the address is right (or that they accept having none): asked again in six months.
    A bounce recorded for that very address is cleared, so alerts are tried there again."""
    address = address_of(citizen)
    with database.atomic():
        row, created = AlertConfirmation.get_or_create(citizen=citizen,
                                                       defaults={"address": address, "confirmed_at": now})
        if not created:
            AlertConfirmation.update(address=address, confirmed_at=now).where(
                AlertConfirmation.id == row.id).execute()
        AlertSetting.update(problem="", problem_address="", problem_at=None).where(
            AlertSetting.citizen == citizen, fn.LOWER(AlertSetting.problem_address) == address.lower()).execute()
