"""Demo of the safety net (portal/demo.py calls seed): a citizen away for 13 months, switched to paper with an
explanation letter waiting for the next print batch, and a citizen whose alert address bounced, whose deadline
letter from the tax office is already asked for on paper, well in time. The tax office's dashboard counts both
letters as asked for by the safety net."""

from __future__ import annotations

from datetime import datetime, timedelta

from portal.auth import accounts
from portal.clock import local_today
from portal.delivery import NewMessage, Texts, deliver
from portal.models import Account, Message, Organisation
from portal.paper.addresses import save_address

AWAY = ("weg@example.nl", "Henk Bos", "999990032")  # last logged in 13 months ago
BOUNCED = ("verhuisd@example.nl", "Fleur Visser", "999990044")  # the alert address bounced
ADDRESSES = {
    AWAY[0]: {"name": "H. Bos", "street": "Lindenlaan", "house_number": "16", "addition": "", "postcode": "3512 AB",
              "city": "Utrecht"},
    BOUNCED[0]: {"name": "F. Visser", "street": "Lindenlaan", "house_number": "18", "addition": "",
                 "postcode": "3512 AB", "city": "Utrecht"},
}
EMAILS = (AWAY[0], BOUNCED[0])


def logins() -> list[tuple[str, str]]:
    return [(AWAY[0], "citizen away for 13 months: switched to paper"),
            (BOUNCED[0], "citizen whose alert bounced: letter on paper in time")]


def _citizen(person: tuple[str, str, str], password: str, *, created: datetime):
    email, name, bsn = person
    if not Account.by_email(email):
        accounts.create_citizen(email=email, password=password, bsn=bsn, name=name, now=created, language="nl")
    citizen = Account.by_email(email).citizen
    if not citizen.address_street:
        save_address(citizen, ADDRESSES[email], actor=citizen.account, now=created)
    return citizen


def _letter(citizen, *, delivered: datetime, deadline_days: int, reference: str) -> Message:
    tax = Organisation.get(Organisation.slug == "belastingdienst")
    return deliver(NewMessage(
        organisation=tax, recipient=citizen, message_type="aanslag", reference=reference,
        subject=Texts("Aanslag inkomstenbelasting", "Income tax assessment"),
        summary=Texts("Wij hebben uw aangifte verwerkt. U moet nog 312 euro betalen.",
                      "We processed your tax return. You still have to pay 312 euros."),
        action=Texts("Betaal het bedrag voor de datum hierboven.", "Pay the amount before the date above."),
        body=Texts("Wij hebben uw aangifte verwerkt.\n\n## Wat moet u doen?\n\n- Betaal 312 euro.\n"
                   "- Vermeld het betalingskenmerk.\n\nMeer weten? Kijk op "
                   "[belastingdienst.nl](https://www.belastingdienst.nl/betalen).",
                   "We processed your tax return.\n\n## What must you do?\n\n- Pay 312 euros.\n"
                   "- Give the payment reference.\n\nWant to know more? See "
                   "[belastingdienst.nl](https://www.belastingdienst.nl/betalen)."),
        deadline=local_today(delivered) + timedelta(days=deadline_days), deadline_kind="pay"), now=delivered)


def seed(*, now: datetime, password: str) -> list[str]:
    """Both demo citizens, once; then the safety net runs as the worker would."""
    from portal.followup.runner import record_problem
    from portal.safetynet import services

    made = []
    if not Account.by_email(AWAY[0]):
        away = _citizen(AWAY, password, created=now - timedelta(days=420))
        Account.update(last_login_at=now - timedelta(days=400)).where(Account.id == away.account_id).execute()
        _letter(away, delivered=now - timedelta(days=20), deadline_days=45, reference="SN-AWAY-1")
        made.append(f"citizen {AWAY[0]} (away 13 months)")
    if not Account.by_email(BOUNCED[0]):
        bounced = _citizen(BOUNCED, password, created=now - timedelta(days=90))
        _letter(bounced, delivered=now - timedelta(days=5), deadline_days=40, reference="SN-BOUNCED-1")
        record_problem(bounced, BOUNCED[0], "bounced", now=now - timedelta(days=5))
        made.append(f"citizen {BOUNCED[0]} (alert bounced)")
    from flask import has_app_context

    if made and has_app_context():  # the explanation letter needs the translations (the worker does it otherwise)
        services.run_step(now, synchronous=True)
    return made
