"""API keys from the command line: `portal create-api-key`, `revoke-api-key` and `list-api-keys`."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from portal.api import keys
from portal.cli import fail, run_or_fail
from portal.models import Organisation


@click.command("create-api-key")
@with_appcontext
@click.option("--org", "org_slug", required=True, help="The organisation's slug.")
@click.option("--kind", type=click.Choice(["live", "test"]), required=True,
              help="test: messages are never shown to citizens and never printed.")
@click.option("--name", default="", help="What the key is for, like 'tax letters system'.")
def create_api_key(org_slug: str, kind: str, name: str) -> None:
    """Make an API key for an organisation and print it once (only its hash is kept)."""
    made = run_or_fail(keys.create_key, org_slug=org_slug, kind=kind, name=name)
    click.echo(f"Created {kind} key {made.key.prefix}… for {org_slug}. Copy it now; it is not shown again:")
    click.echo(made.secret)


@click.command("revoke-api-key")
@with_appcontext
@click.option("--org", "org_slug", required=True, help="The organisation's slug.")
@click.option("--key", "prefix", required=True, help="The key's prefix as listed (like ptl_live_AbC1234), or the key.")
def revoke_api_key(org_slug: str, prefix: str) -> None:
    """Revoke an API key at once."""
    key = run_or_fail(keys.revoke_by_prefix, org_slug=org_slug, prefix=prefix)
    click.echo(f"Revoked key {key.prefix}… of {org_slug}.")


@click.command("list-api-keys")
@with_appcontext
@click.option("--org", "org_slug", required=True, help="The organisation's slug.")
def list_api_keys(org_slug: str) -> None:
    """List an organisation's API keys (prefix, kind, name, last used, revoked)."""
    organisation = Organisation.get_or_none(Organisation.slug == org_slug)
    if organisation is None:
        fail(f"No organisation with slug {org_slug!r}.")
    for key in keys.keys_of(organisation):
        used = f"last used {key.last_used_at:%Y-%m-%d %H:%M} UTC" if key.last_used_at else "never used"
        state = f"revoked {key.revoked_at:%Y-%m-%d}" if key.revoked_at else "active"
        click.echo(f"{key.prefix}…  {key.kind:<4}  {state:<18}  {used:<30}  {key.name}")


COMMANDS = (create_api_key, revoke_api_key, list_api_keys)
