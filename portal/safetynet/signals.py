"""The signals the safety net reads (docs/safetynet.md), as SQL conditions for its queries and small helpers:

- contact: the citizen logged in (Account.last_login_at, m0100), or a helper or a helper organisation's staff
  member opened their mail for them (an `acting_started` event, portal/helpers and portal/caseload);
- alerts that work: alerts on, an address known, and no bounce or final failure recorded for it
  (AlertSetting.problem, portal/followup: refused while sending, a bounce report, or `portal mark-bounced`).
  A citizen without a working address counts as "no alerts" at once.
"""

from __future__ import annotations

from datetime import datetime

from peewee import JOIN, fn

from portal.db import database
from portal.followup.models import AlertSetting
from portal.models import Account, Citizen, Event

DEAD_PROBLEMS = ("bounced", "failed")  # an alert address with one of these does not reach the citizen


def helper_acted_since(moment) -> object:
    """Condition (for a query that has Citizen): someone acting for the citizen opened their mail after
    `moment` (a value or a column)."""
    return fn.EXISTS(Event.select(Event.id).where(Event.citizen == Citizen.id, Event.kind == "acting_started",
                                                  Event.at >= moment))


def no_contact_since(moment) -> object:
    """Condition (for a query joining Citizen and, left outer, Account): no log-in and no helper since."""
    logged_in = Account.last_login_at.is_null(False) & (Account.last_login_at >= moment)
    return ~logged_in & ~helper_acted_since(moment)


def no_working_alerts() -> object:
    """Condition (for a query joining Citizen, Account and, left outer, AlertSetting): the citizen's alerts do
    not reach them: turned off, no address at all, or the address bounced or failed for good."""
    own_address = AlertSetting.email.is_null(False) & (AlertSetting.email != "")
    return ((AlertSetting.enabled == False)  # noqa: E712 -- peewee expression
            | AlertSetting.problem.in_(DEAD_PROBLEMS)
            | (~own_address & Account.email.is_null()))


def mark_bounced(email: str, *, now: datetime) -> int:
    """An operator learnt (from the mail provider, a returned mail read by hand) that `email` bounced for
    good: every citizen whose alerts go there gets the problem recorded, as a bounce report would. Returns how
    many citizens that concerns."""
    from portal.followup import policy
    from portal.followup.runner import record_problem

    address = email.strip().lower()
    if not address:
        return 0
    owners = (Citizen.select(Citizen).join(Account, on=(Citizen.account == Account.id))
              .switch(Citizen).join(AlertSetting, JOIN.LEFT_OUTER, on=(AlertSetting.citizen == Citizen.id))
              .where((fn.LOWER(AlertSetting.email) == address) | (Account.email == address)))
    marked = 0
    with database.atomic():
        for citizen in owners:
            if policy.alert_address(citizen).lower() == address:
                record_problem(citizen, address, "bounced", now=now)
                Event.create(citizen=citizen, actor=None, kind="alert_address_bounced", at=now, detail="operator")
                marked += 1
    return marked
