"""`flask --app wsgi portal …`: the administrator's commands. Bad input: one line on stderr, exit 2."""

from __future__ import annotations

import sys
from collections.abc import Callable

import click
from click.core import ParameterSource
from flask import current_app
from flask.cli import AppGroup

from portal import accounts, db, demo
from portal.clock import utcnow
from portal.errors_domain import ValidationFailed
from portal.models import Account

portal_cli = AppGroup("portal", help="Administer the portal: database, demo data, accounts.")


def fail(message: str) -> None:
    click.echo(f"Error: {message}", err=True)
    sys.exit(2)


def run_or_fail(make: Callable, **kwargs):
    try:
        return make(now=utcnow(), **kwargs)
    except ValidationFailed as failed:
        fail(" ".join(failed.errors.values()))


def _not_on_the_command_line(ctx: click.Context, param: click.Parameter, value: str) -> str:
    if ctx.get_parameter_source(param.name) is ParameterSource.COMMANDLINE:
        fail(f"give the password in the environment variable {param.envvar} or at the prompt, not on the command "
             "line, where ps and the shell's history show it.")
    return value


def password_option(envvar: str, **kwargs) -> Callable:
    """A password from an environment variable (scripts) or the prompt or default given; never an argument.
    The option stays, hidden, only to refuse a password typed on the command line with a clear message."""
    return click.option("--password", envvar=envvar, hidden=True, callback=_not_on_the_command_line, **kwargs)


new_password = password_option("PORTAL_PASSWORD", prompt="Password", hide_input=True, confirmation_prompt=True)


@portal_cli.command("init-db")
def init_db() -> None:
    """Create or upgrade the database schema (numbered migrations)."""
    applied = db.migrate()
    click.echo(f"Applied {len(applied)} migration(s): {', '.join(applied)}" if applied else "Database is up to date.")


@portal_cli.command("housekeeping")
def housekeeping() -> None:
    """Delete expired rows now (log-in failures, sessions, reset links, idempotency records, rate-limit counts,
    kept forms), as the worker does every hour."""
    from portal import housekeeping as chores

    counts = chores.clean_now(current_app.config)
    click.echo("Deleted: " + ", ".join(f"{count} {table}" for table, count in counts.items()) + ".")


@portal_cli.command("seed-demo")
@password_option("DEMO_PASSWORD", default=demo.DEFAULT_PASSWORD)
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
        made = demo.seed(now=utcnow(), password=password)
        click.echo(f"Made: {', '.join(made)}." if made else "Demo data was already there; passwords set.")
        click.echo(f"Demo log-ins (password: {password}):")
    for email, what in demo.demo_logins():
        click.echo(f"  {email:<22} {what}")


@portal_cli.command("create-citizen")
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


@portal_cli.command("create-org")
@click.option("--slug", required=True, help="Short name used in the API and the CLI, like belastingdienst.")
@click.option("--name-nl", required=True)
@click.option("--name-en", required=True)
def create_org(slug: str, name_nl: str, name_en: str) -> None:
    """Create a sending organisation."""
    org = run_or_fail(accounts.create_organisation, slug=slug, name_nl=name_nl, name_en=name_en)
    click.echo(f"Created organisation {org.slug} ({org.name_nl} / {org.name_en}).")


@portal_cli.command("create-sender-user")
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


@portal_cli.command("create-api-key")
@click.option("--org", "org_slug", required=True, help="The organisation's slug.")
@click.option("--kind", type=click.Choice(["live", "test"]), required=True,
              help="test: messages are never shown to citizens and never printed.")
@click.option("--name", default="", help="What the key is for, like 'tax letters system'.")
def create_api_key(org_slug: str, kind: str, name: str) -> None:
    """Make an API key for an organisation and print it once (only its hash is kept)."""
    from portal.api import keys

    made = run_or_fail(keys.create_key, org_slug=org_slug, kind=kind, name=name)
    click.echo(f"Created {kind} key {made.key.prefix}… for {org_slug}. Copy it now; it is not shown again:")
    click.echo(made.secret)


@portal_cli.command("revoke-api-key")
@click.option("--org", "org_slug", required=True, help="The organisation's slug.")
@click.option("--key", "prefix", required=True, help="The key's prefix as listed (like ptl_live_AbC1234), or the key.")
def revoke_api_key(org_slug: str, prefix: str) -> None:
    """Revoke an API key at once."""
    from portal.api import keys

    key = run_or_fail(keys.revoke_by_prefix, org_slug=org_slug, prefix=prefix)
    click.echo(f"Revoked key {key.prefix}… of {org_slug}.")


@portal_cli.command("list-api-keys")
@click.option("--org", "org_slug", required=True, help="The organisation's slug.")
def list_api_keys(org_slug: str) -> None:
    """List an organisation's API keys (prefix, kind, name, last used, revoked)."""
    from portal.api import keys
    from portal.models import Organisation

    organisation = Organisation.get_or_none(Organisation.slug == org_slug)
    if organisation is None:
        fail(f"No organisation with slug {org_slug!r}.")
    for key in keys.keys_of(organisation):
        used = f"last used {key.last_used_at:%Y-%m-%d %H:%M} UTC" if key.last_used_at else "never used"
        state = f"revoked {key.revoked_at:%Y-%m-%d}" if key.revoked_at else "active"
        click.echo(f"{key.prefix}…  {key.kind:<4}  {state:<18}  {used:<30}  {key.name}")


def init_app(app) -> None:
    from portal.followup.cli import register as register_followup
    from portal.printing.cli import register as register_printing

    register_printing(portal_cli)  # print-batch, mark-posted
    register_followup(portal_cli)  # worker, followup run
    app.cli.add_command(portal_cli)
