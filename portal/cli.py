"""`flask --app wsgi portal …`: the administrator's commands. Bad input: one line on stderr, exit 2.

The group, its helpers and the core's commands (init-db, housekeeping). Each area adds its own commands with
add_commands() in its init_app: auth the accounts, api the keys, printing the print batches, follow-up the
worker; portal/demo.py seed-demo."""

from __future__ import annotations

import sys
from collections.abc import Callable

import click
from click.core import ParameterSource
from flask import current_app
from flask.cli import AppGroup

from portal import db
from portal.clock import utcnow
from portal.errors_domain import ValidationFailed

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


def add_commands(*commands: click.Command) -> None:
    """Put commands in the `portal` group: each area adds its own in its init_app (the same name again replaces
    the command, so making a second app changes nothing)."""
    for command in commands:
        portal_cli.add_command(command)


def init_app(app) -> None:
    app.cli.add_command(portal_cli)
