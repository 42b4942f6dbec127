"""Demo data for `make run`: organisations, citizens, a helper, a sender user, and mail in two inboxes.

The letters themselves are data files in portal/demo_letters/; this module delivers them through the normal
delivery service and then sets what the citizen already did (opened, done, archived), with matching events.
"""

from __future__ import annotations

import functools
import re
from datetime import date, datetime, timedelta

import click
from babel.dates import format_date
from flask import current_app
from flask.cli import with_appcontext

from portal import cli, demo_letters
from portal.auth import accounts
from portal.auth.services import hash_password
from portal.cli import fail, password_option
from portal.clock import local_today, utcnow
from portal.db import database
from portal.delivery import NewAttachment, NewMessage, Texts, deliver
from portal.demo_letters import Letter
from portal.models import Account, Citizen, Event, Message, Organisation
from portal.paper.addresses import save_address
from portal.templating import LONG_DATE

DEFAULT_PASSWORD = "demo-wachtwoord"  # noqa: S105 -- demo data only; seed-demo is refused in production

# slug, Dutch name, English name, phone, website
ORGANISATIONS = [
    ("belastingdienst", "Belastingdienst", "Tax and Customs Administration", "0800 0543",
     "https://www.belastingdienst.nl"),
    ("toeslagen", "Dienst Toeslagen", "Benefits Agency", "0800 0543", "https://www.toeslagen.nl"),
    ("gemeente-utrecht", "Gemeente Utrecht", "Municipality of Utrecht", "14 030", "https://www.utrecht.nl"),
    ("cjib", "Centraal Justitieel Incassobureau (CJIB)", "Central Fine Collection Agency (CJIB)", "058 233 88 88",
     "https://www.cjib.nl"),
]

# BSNs from the range the Dutch government keeps for testing; they pass the 11-test.
CITIZENS = [
    ("burger@example.nl", "Anna de Vries", "999990019", "nl"),
    ("buur@example.nl", "Pieter Jansen", "999990020", "nl"),
]
# Made-up addresses in real towns, so the paper letters and print batches of the demo have somewhere to go.
ADDRESSES = {
    "burger@example.nl": {"name": "A. de Vries", "street": "Lindenlaan", "house_number": "12", "addition": "",
                          "postcode": "3512 AB", "city": "Utrecht"},
    "buur@example.nl": {"name": "P. Jansen", "street": "Lindenlaan", "house_number": "14", "addition": "B",
                        "postcode": "3512 AB", "city": "Utrecht"},
}
HELPER = ("helper@example.nl", "Fatima El Amrani")
SENDER = ("afzender@example.nl", "Sanne Bakker", "belastingdienst")
# A guardianship office (portal/caseload) whose coordinator helps both demo citizens; Anna by the court's decision.
GUARDIANS = ("bewindvoering-utrecht", "Bewindvoering Utrecht")
GUARDIAN = ("bewindvoerder@example.nl", "Karin Smit")
COURT_DECISION = "C/16/512345 / BW RK 26-1234"


def demo_logins() -> list[tuple[str, str]]:
    return [
        (CITIZENS[0][0], "citizen with mail"),
        (CITIZENS[1][0], "second citizen (neighbour)"),
        (HELPER[0], "helper"),
        (SENDER[0], "sender user at the tax office"),
        (GUARDIAN[0], "coordinator at Bewindvoering Utrecht (caseload)"),
        *safety_net_logins(),
    ]


def safety_net_logins() -> list[tuple[str, str]]:
    from portal.safetynet import demo as safety_net

    return safety_net.logins()


def seed(*, now: datetime, password: str = DEFAULT_PASSWORD) -> list[str]:
    """Create whatever demo data is missing; set every demo account's password. Returns what was made.

    Safe to run again: organisations get their contact details, and an inbox only gets letters while empty.
    """
    made = _seed_organisations(now)
    for email, name, bsn, language in CITIZENS:
        if not Account.by_email(email):
            accounts.create_citizen(email=email, password=password, bsn=bsn, name=name, now=now, language=language)
            made.append(f"citizen {email}")
        citizen = Account.by_email(email).citizen
        if not citizen.address_street:
            save_address(citizen, ADDRESSES[email], actor=citizen.account, now=now)
    if not Account.by_email(HELPER[0]):
        accounts.create_account(email=HELPER[0], password=password, name=HELPER[1], role="helper", now=now)
        made.append(f"helper {HELPER[0]}")
    if not Account.by_email(SENDER[0]):
        accounts.create_sender_user(org_slug=SENDER[2], email=SENDER[0], password=password, name=SENDER[1], now=now)
        made.append(f"sender user {SENDER[0]}")
    made += _seed_caseload(password, now=now)
    for (email, *_), letters in zip(CITIZENS, (demo_letters.BURGER, demo_letters.BUUR), strict=True):
        count = seed_inbox(Account.by_email(email).citizen, letters, now=now)
        if count:
            made.append(f"{count} messages for {email}")
    from portal.safetynet import demo as safety_net

    made += safety_net.seed(now=now, password=password)
    from portal.statistics.demo import seed_figures

    if seed_figures(now=now):
        made.append("letters for the open statistics")
    emails = [c[0] for c in CITIZENS] + [HELPER[0], SENDER[0], GUARDIAN[0], *safety_net.EMAILS]
    Account.update(password_hash=hash_password(password)).where(Account.email.in_(emails)).execute()
    return made


def _seed_caseload(password: str, *, now: datetime) -> list[str]:
    """Bewindvoering Utrecht, its coordinator, and both demo citizens as its clients (Anna court-appointed)."""
    from portal.caseload import services as caseload
    from portal.caseload.models import HelperOrganisation
    from portal.helpers.services import add_years

    made = []
    org = HelperOrganisation.get_or_none(HelperOrganisation.slug == GUARDIANS[0])
    if org is None:
        org = caseload.create_organisation(slug=GUARDIANS[0], name=GUARDIANS[1], now=now)
        made.append(f"helper organisation {org.slug}")
    member = caseload.membership(Account.by_email(GUARDIAN[0])) if Account.by_email(GUARDIAN[0]) else None
    if member is None:
        member = caseload.add_staff(org_slug=org.slug, email=GUARDIAN[0], password=password, name=GUARDIAN[1],
                                    coordinator=True, now=now)
        made.append(f"coordinator {GUARDIAN[0]}")
    for index, (email, *_) in enumerate(CITIZENS):
        citizen = Account.by_email(email).citizen
        if caseload.of_citizen(citizen, now=now):
            continue
        court = {"court_reference": COURT_DECISION, "court_decided_on": local_today(now) - timedelta(days=200),
                 "end": add_years(local_today(now), 5)} if index == 0 else {"end": None}
        authorisation = caseload.authorise(citizen, org, scope="paper_done", actor=None if index == 0 else
                                           citizen.account, now=now, **court)
        caseload.assign(member, authorisation.id, member.id, now=now)
        made.append(f"{email} a client of {org.slug}" + (" (court-appointed)" if index == 0 else ""))
    return made


def _seed_organisations(now: datetime) -> list[str]:
    made = []
    for slug, name_nl, name_en, phone, website in ORGANISATIONS:
        if not Organisation.get_or_none(Organisation.slug == slug):
            accounts.create_organisation(slug=slug, name_nl=name_nl, name_en=name_en, now=now)
            made.append(f"organisation {slug}")
        Organisation.update(phone=phone, website=website).where(Organisation.slug == slug).execute()
    return made


def seed_inbox(citizen: Citizen, letters: list[Letter], *, now: datetime) -> int:
    """Deliver the letters to a citizen who has no mail yet (deleted mail counts). Returns how many."""
    if Message.select().where(Message.recipient == citizen).exists():
        return 0
    organisations = {o.slug: o for o in Organisation.select()}
    with database.atomic():
        for index, letter in enumerate(letters):
            delivered_at = _delivered_at(letter, index, now)
            message = deliver(_new_message(letter, citizen, organisations[letter.org], delivered_at, now=now),
                              now=delivered_at)
            _mark_handled(message, letter, index, actor=citizen.account, now=now)
    return len(letters)


def _delivered_at(letter: Letter, index: int, now: datetime) -> datetime:
    """Spread over the day (07:00 to 16:00 Dutch time) so the list does not look machine-made."""
    if letter.hours_ago is not None:
        return now - timedelta(hours=letter.hours_ago)
    day = now - timedelta(days=letter.days_ago)
    return min(day.replace(hour=6 + index % 9, minute=(index * 17) % 60, second=0, microsecond=0), now)


def _new_message(letter: Letter, citizen: Citizen, organisation: Organisation, delivered_at: datetime, *,
                 now: datetime) -> NewMessage:
    deadline = local_today(now) + timedelta(days=letter.due) if letter.due is not None else None
    nl = _placeholders(delivered_at, deadline, "nl", now=now)
    en = _placeholders(delivered_at, deadline, "en", now=now)
    reference = fill(letter.reference, nl)

    def texts(name: str) -> Texts:
        english = getattr(letter.en, name) if letter.en else None
        return Texts(fill(getattr(letter.nl, name), nl), fill(english, en) if english is not None else None)

    attachments = []
    if letter.pdf:
        attachments.append(_attachment(demo_letters.PDFS[letter.pdf], {**nl, "reference": reference}))
    return NewMessage(
        organisation=organisation, recipient=citizen, message_type=letter.type, reference=reference,
        subject=texts("subject"), summary=texts("summary"), action=texts("action"), body=texts("body"),
        deadline=deadline, deadline_kind=letter.due_kind, attachments=attachments,
    )


def _attachment(pdf: demo_letters.Pdf, values: dict[str, str]) -> NewAttachment:
    return NewAttachment(fill(pdf.filename, values), _rendered(fill(pdf.html, values)))


@functools.lru_cache(maxsize=4)
def _rendered(html: str) -> bytes:
    """The same filled-in document again (another seeding in this process, the tests) is not rendered again."""
    from portal.pdf import render_pdf  # WeasyPrint loads slowly; only seeding needs it here

    return render_pdf(html)


def _placeholders(delivered_at: datetime, deadline: date | None, language: str, *, now: datetime) -> dict:
    """The values for a letter's {placeholders}, in the letter's language (see portal/demo_letters/)."""
    delivered = local_today(delivered_at)
    year = delivered.year
    month_starts = [_add_months(delivered.replace(day=1), n) for n in range(1, 7)]
    values = {
        "year": str(year), "last_year": str(year - 1), "two_years_ago": str(year - 2), "next_year": str(year + 1),
        "tax_year": str(local_today(now - timedelta(days=demo_letters.TAX_STORY_DAYS_AGO)).year - 1),
        "next_month": format_date(month_starts[0], "MMMM", locale=language),
        # the date as every deadline is written (portal/deadlines.py); the letters put "vóór"/"before" in front
        "deadline": format_date(deadline, LONG_DATE, locale=language) if deadline else "",
    }
    for n, start in enumerate(month_starts, 1):
        values[f"m{n}"] = format_date(start.replace(day=28), "d MMMM y", locale=language)
    return values


def _add_months(first: date, months: int) -> date:
    index = first.year * 12 + first.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


PLACEHOLDER = re.compile(r"\{(\w+)\}")


def fill(text: str, values: dict[str, str]) -> str:
    """Replace {name} placeholders; a name without a value is a mistake in the data and raises KeyError."""
    return PLACEHOLDER.sub(lambda match: values[match.group(1)], text)


def _mark_handled(message: Message, letter: Letter, index: int, *, actor: Account, now: datetime) -> None:
    """What the citizen already did with an older letter: opened it, marked it done, archived it."""
    if letter.state == "unread":
        return
    opened = min(message.delivered_at + timedelta(hours=1 + (index * 7) % 30), now)
    done = archived = None
    if letter.state == "done" or (letter.state == "archived" and letter.due is not None):
        done = min(max(message.delivered_at + timedelta(days=letter.done_after, hours=3), opened), now)
    if letter.state == "archived":
        archived = min((done or opened) + timedelta(days=14), now)
    Message.update(first_opened_at=opened, done_at=done, archived_at=archived).where(
        Message.id == message.id).execute()
    events = [("opened", opened), ("read", opened), ("done", done), ("archived", archived)]
    Event.insert_many([
        {"message": message, "citizen": message.recipient, "actor": actor, "kind": kind, "at": at}
        for kind, at in events if at is not None
    ]).execute()


# `flask --app wsgi portal seed-demo` ---------------------------------------------------------------------


@click.command("seed-demo")
@with_appcontext
@password_option("DEMO_PASSWORD", default=DEFAULT_PASSWORD)
@click.option("--if-empty", is_flag=True, help="Do nothing when the database already has accounts.")
def seed_demo(password: str, if_empty: bool) -> None:
    """Fill the database with demo organisations, citizens, a helper and a sender user. Their password:
    DEMO_PASSWORD, or the default printed at the end."""
    if current_app.config["ENV"] == "production":
        fail("demo data is refused in production.")
    if len(password) < accounts.MIN_PASSWORD:
        fail(f"the password must be at least {accounts.MIN_PASSWORD} characters long.")
    if if_empty and Account.select().exists():
        click.echo("The database already has accounts; demo data left as it is.")
    else:
        made = seed(now=utcnow(), password=password)
        click.echo(f"Made: {', '.join(made)}." if made else "Demo data was already there; passwords set.")
        click.echo(f"Demo log-ins (password: {password}):")
    logins = demo_logins()
    width = max(len(email) for email, _ in logins)
    for email, what in logins:
        click.echo(f"  {email:<{width}}  {what}")


def init_app(app) -> None:
    """Add `portal seed-demo`. The demo fills every area, so create_app calls this after the features."""
    cli.add_commands(seed_demo)
