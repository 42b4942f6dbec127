"""`flask --app wsgi portal create-webhook | list-webhooks | delete-webhook`: subscriptions from the command line."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from portal.cli import fail
from portal.clock import utcnow
from portal.errors_domain import NotFound, ValidationFailed
from portal.models import Organisation
from portal.webhooks import services


def _organisation(slug: str) -> Organisation:
    organisation = Organisation.get_or_none(Organisation.slug == slug)
    if organisation is None:
        fail(f"No organisation with slug {slug!r}.")
    return organisation


def _words(failed: ValidationFailed) -> str:
    problems = {**services.URL_PROBLEMS, **services.EVENT_PROBLEMS}
    return " ".join(problems.get(code, code) for code in failed.errors.values())


@click.command("create-webhook")
@with_appcontext
@click.option("--org", "org_slug", required=True, help="The organisation's slug.")
@click.option("--url", required=True, help="The endpoint: https://… (http:// only to this machine, not in production).")
@click.option("--events", "event_text", default="", help="Event types separated by commas (default: every type).")
@click.option("--test", "is_test", is_flag=True, help="A test subscription: sees only messages sent with test keys.")
def create_webhook(org_slug: str, url: str, event_text: str, is_test: bool) -> None:
    """Subscribe an endpoint of the organisation's system to signed events. Prints the secret last, once."""
    organisation = _organisation(org_slug)
    try:
        subscription, secret = services.create(
            organisation, url=url, event_types=services.parse_events(event_text), is_test=is_test,
            production=current_app.config["ENV"] == "production", now=utcnow())
    except ValidationFailed as failed:
        fail(_words(failed))
    kind = "test" if is_test else "live"
    click.echo(f"Created {kind} webhook {subscription.public_id} for {org_slug} to {subscription.url}.")
    click.echo("Copy the signing secret now; it is not shown again:")
    click.echo(secret)


@click.command("list-webhooks")
@with_appcontext
@click.option("--org", "org_slug", required=True, help="The organisation's slug.")
def list_webhooks(org_slug: str) -> None:
    """List an organisation's webhook subscriptions (id, kind, state, events, address)."""
    for sub in services.of(_organisation(org_slug)):
        kind = "test" if sub.is_test else "live"
        state = "enabled" if sub.enabled else "disabled"
        click.echo(f"{sub.public_id}  {kind:<4}  {state:<8}  {sub.events or 'all events'}  {sub.url}")


@click.command("delete-webhook")
@with_appcontext
@click.option("--org", "org_slug", required=True, help="The organisation's slug.")
@click.option("--id", "public_id", required=True, help="The subscription's id as listed (sub_…).")
def delete_webhook(org_slug: str, public_id: str) -> None:
    """Delete a subscription and the deliveries still waiting for it."""
    try:
        subscription = services.get(_organisation(org_slug), public_id)
    except NotFound:
        fail(f"No webhook {public_id!r} for {org_slug}.")
    services.delete(subscription)
    click.echo(f"Deleted webhook {public_id} of {org_slug}.")
