"""Helper organisations from the command line: `portal create-helper-org`, `add-helper-staff`,
`remove-helper-staff`."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from portal.caseload import services
from portal.caseload.models import HelperOrganisation, HelperStaff
from portal.cli import fail, new_password, run_or_fail
from portal.clock import utcnow
from portal.models import Account


@click.command("create-helper-org")
@with_appcontext
@click.option("--slug", required=True, help="Short name citizens type to authorise it, like bewindvoering-utrecht.")
@click.option("--name", required=True)
def create_helper_org(slug: str, name: str) -> None:
    """Create a helper organisation (guardians, debt counsellors, a help desk)."""
    org = run_or_fail(services.create_organisation, slug=slug, name=name)
    click.echo(f"Created helper organisation {org.slug} ({org.name}).")


@click.command("add-helper-staff")
@with_appcontext
@click.option("--org", "org_slug", required=True, help="The helper organisation's slug.")
@click.option("--email", required=True)
@new_password
@click.option("--name", default=None, help="Display name; the e-mail address when left out.")
@click.option("--coordinator", is_flag=True, help="A coordinator assigns clients and sees them all.")
def add_helper_staff(org_slug: str, email: str, password: str, name: str | None, coordinator: bool) -> None:
    """Add a staff member (a new account, or an existing one by its address). The password: PORTAL_PASSWORD, or
    asked for (not shown); unused for an existing account."""
    member = run_or_fail(services.add_staff, org_slug=org_slug, email=email, password=password, name=name,
                         coordinator=coordinator)
    click.echo(f"Added {member.account.email} to {member.organisation.slug} as {member.role}.")


@click.command("remove-helper-staff")
@with_appcontext
@click.option("--org", "org_slug", required=True)
@click.option("--email", required=True)
def remove_helper_staff(org_slug: str, email: str) -> None:
    """A staff member leaves: no access from now; their clients move to the coordinators."""
    account = Account.by_email(email)
    member = (HelperStaff.select().join(HelperOrganisation)
              .where(HelperOrganisation.slug == org_slug, HelperStaff.account == account,
                     HelperStaff.removed_at.is_null()).first()) if account else None
    if member is None:
        fail(f"{email} is not staff of {org_slug}.")
    moved = services.remove_staff(member, actor=None, now=utcnow())
    click.echo(f"Removed {email} from {org_slug}; {moved} client(s) moved to the coordinators.")


@click.command("record-guardianship")
@with_appcontext
@click.option("--org", "org_slug", required=True, help="The helper organisation the court appointed.")
@click.option("--bsn", required=True, help="The client's citizen number.")
@click.option("--reference", required=True, help="The court's decision reference.")
@click.option("--decided", type=click.DateTime(formats=["%Y-%m-%d"]), required=True, help="YYYY-MM-DD")
@click.option("--until", type=click.DateTime(formats=["%Y-%m-%d"]), required=True, help="YYYY-MM-DD")
@click.option("--scope", type=click.Choice(["read", "paper", "paper_done"]), default="paper_done", show_default=True)
def record_guardianship(org_slug: str, bsn: str, reference: str, decided, until, scope: str) -> None:
    """Record a court-appointed guardianship: the client alone cannot end it."""
    from portal.models import Citizen

    org = HelperOrganisation.get_or_none(HelperOrganisation.slug == org_slug)
    citizen = Citizen.get_or_none(Citizen.bsn == bsn.strip())
    if org is None or citizen is None:
        fail("unknown organisation or citizen number.")
    made = run_or_fail(services.authorise, citizen=citizen, org=org, scope=scope, end=until.date(), actor=None,
                       court_reference=reference, court_decided_on=decided.date())
    click.echo(f"Recorded guardianship {made.id} ({reference}) of {org.slug} until {until.date()}.")


@click.command("caseload-digest")
@with_appcontext
def caseload_digest() -> None:
    """Send today's alert e-mail to staff now (the worker does it every morning); at most one a day each."""
    from portal.caseload import digest

    click.echo(f"Sent {digest.send_all(utcnow())} caseload digest(s).")


COMMANDS = (create_helper_org, add_helper_staff, remove_helper_staff, record_guardianship, caseload_digest)
