"""Accounts from the command line: `portal create-citizen`, `create-org` and `create-sender-user`."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from portal.auth import accounts
from portal.cli import new_password, run_or_fail


@click.command("create-citizen")
@with_appcontext
@click.option("--email", required=True)
@new_password
@click.option("--bsn", required=True, help="Citizen number; must pass the 11-test.")
@click.option("--name", required=True)
@click.option("--language", type=click.Choice(["nl", "en"]), default="nl", show_default=True)
def create_citizen(email: str, password: str, bsn: str, name: str, language: str) -> None:
    """Create a citizen account with an inbox. The password: PORTAL_PASSWORD, or asked for (not shown)."""
    citizen = run_or_fail(
        accounts.create_citizen, email=email, password=password, bsn=bsn, name=name, language=language
    )
    click.echo(f"Created citizen {citizen.account.email} (account {citizen.account.id}).")


@click.command("create-org")
@with_appcontext
@click.option("--slug", required=True, help="Short name used in the API and the CLI, like belastingdienst.")
@click.option("--name-nl", required=True)
@click.option("--name-en", required=True)
def create_org(slug: str, name_nl: str, name_en: str) -> None:
    """Create a sending organisation."""
    org = run_or_fail(accounts.create_organisation, slug=slug, name_nl=name_nl, name_en=name_en)
    click.echo(f"Created organisation {org.slug} ({org.name_nl} / {org.name_en}).")


@click.command("create-sender-user")
@with_appcontext
@click.option("--org", "org_slug", required=True, help="The organisation's slug.")
@click.option("--email", required=True)
@new_password
@click.option("--name", default=None, help="Display name; the e-mail address when left out.")
def create_sender_user(org_slug: str, email: str, password: str, name: str | None) -> None:
    """Create a staff account for a sending organisation. The password: PORTAL_PASSWORD, or asked for (not
    shown)."""
    user = run_or_fail(
        accounts.create_sender_user, org_slug=org_slug, email=email, password=password, name=name or email
    )
    click.echo(f"Created sender user {user.account.email} for {user.organisation.slug}.")


COMMANDS = (create_citizen, create_org, create_sender_user)
