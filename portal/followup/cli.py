"""`portal worker` (the job queue consumer) and `portal followup …`: run the follow-up now, at a moment you
choose (the demo clock), see the outbox, set an organisation's default policy, read bounce reports."""

from __future__ import annotations

import json
from datetime import datetime

import click
from flask import current_app
from flask.cli import AppGroup, with_appcontext

followup_cli = AppGroup("followup", help="Follow-up: policies, alerts, the outbox, retention.")


@click.command("worker")
@with_appcontext
@click.option("--workers", default=2, show_default=True, help="Worker threads.")
@click.option("--no-periodic", is_flag=True, help="Do not run the periodic tasks (another worker does).")
def worker(workers: int, no_periodic: bool) -> None:
    """Run the background worker: sends the outbox, applies follow-up policies, removes expired mail.

    Storage for the queue: SQLite in the instance folder, or Redis when HUEY_URL=redis://… is set.
    Stop it with Ctrl+C (or SIGTERM); a killed worker resumes where it was when started again."""
    from portal import worker as queue

    queue.run_consumer(current_app._get_current_object(), workers=workers, periodic=not no_periodic)


def parse_now(value: str | None) -> datetime:
    """A Dutch wall-clock time like 2027-01-08T09:00 as naive UTC; None: the real clock."""
    from portal.clock import utcnow
    from portal.followup.timing import to_utc

    if not value:
        return utcnow()
    try:
        return to_utc(datetime.fromisoformat(value))
    except ValueError as error:
        raise click.BadParameter("use a date and time like 2027-01-08T09:00 (Dutch time)") from error


@followup_cli.command("run")
@click.option("--now", "now_text", default=None, metavar="YYYY-MM-DDTHH:MM",
              help="Pretend it is this Dutch date and time (the demo clock). Default: now.")
@click.option("--retention/--no-retention", default=False, help="Also write retention notices and remove "
              "expired messages.")
def run(now_text: str | None, retention: bool) -> None:
    """Do once, synchronously, what the worker does on its schedule: apply the follow-up policies, then carry
    out every due outbox row (e-mails to SMTP_URL or instance/mail/, paper requests)."""
    from portal.followup import policy, run_steps, runner
    from portal.followup import retention as keep

    now = parse_now(now_text)
    steps = policy.run(now)
    notices = removed = 0
    if retention:
        notices, removed = keep.write_notices(now), keep.remove_expired(now)
    tally = runner.drain(now=now)
    click.echo(f"At {now:%Y-%m-%d %H:%M} UTC: {steps} follow-up step(s) written, {tally.sent} e-mail(s) sent "
               f"({tally.rows_sent} row(s)), {tally.paper} paper request(s), {tally.retried} to retry, "
               f"{tally.failed} failed, {tally.cancelled} cancelled.")
    if retention:
        click.echo(f"Retention: {notices} notice(s) written, {removed} message(s) removed.")
    for line in run_steps(now, synchronous=True):
        click.echo(line)


@followup_cli.command("status")
def status() -> None:
    """Outbox rows per status, the oldest row still waiting, and what other areas add (the safety net: how
    many citizens are in each state)."""
    from portal.followup import outbox
    from portal.followup.models import Outbox

    counts = outbox.counts()
    click.echo(", ".join(f"{name}: {counts.get(name, 0)}" for name in ("pending", "sending", "sent", "failed",
                                                                      "cancelled")))
    oldest = Outbox.select().where(Outbox.status == "pending").order_by(Outbox.due_at).first()
    if oldest:
        click.echo(f"Next due: {oldest.kind} at {oldest.due_at:%Y-%m-%d %H:%M} UTC.")
    from portal.clock import utcnow
    from portal.followup import STATUS_STEPS

    for step in STATUS_STEPS:
        for line in step(utcnow()):
            click.echo(line)


@followup_cli.command("default-policy")
@click.option("--org", "org_slug", required=True, help="The organisation's slug.")
@click.argument("policy_json", default="{}")
def default_policy(org_slug: str, policy_json: str) -> None:
    """Set an organisation's default policy for messages sent without one from now on, as JSON, like
    '{"remind_days_before_deadline": 7, "paper_days_before_deadline": 5}' (paper: working days, at least 5)
    or, to remind every 7 days while unopened at most 3 times, '{"remind_every_days": 7, "remind_at_most": 3}'.
    '{}' removes it. Messages already delivered keep the policy they were delivered with."""
    from portal.cli import fail
    from portal.clock import utcnow
    from portal.followup import policy
    from portal.models import Organisation

    organisation = Organisation.get_or_none(Organisation.slug == org_slug)
    if organisation is None:
        fail(f"No organisation with slug {org_slug!r}.")
    try:
        policy.set_default(organisation, json.loads(policy_json), now=utcnow())
    except (ValueError, AttributeError) as error:
        fail(f"the policy is not valid: {error}.")
    click.echo(f"Default policy of {org_slug}: {policy_json}.")


@followup_cli.command("bounce")
@click.argument("files", nargs=-1, type=click.File("rb"))
def bounce(files) -> None:
    """Read bounce reports (delivery status notifications) from FILES, or one from standard input, and record
    the addresses that failed for good: the citizen sees it at the next log-in, the message gets a "bounced"
    event. Route the bounces of MAIL_FROM here (docs/deploy.md). Anything that is not a report about one of
    our e-mails is left alone with exit code 0, so the mail server never bounces a bounce; when the database
    cannot be reached the exit code is 75 (EX_TEMPFAIL), so the mail server keeps the report and tries again."""
    import peewee

    from portal.clock import utcnow
    from portal.followup import bounces

    for source in files or [click.open_file("-", "rb")]:
        report = bounces.parse(source.read())
        name = getattr(source, "name", "-")
        if report is None:
            click.echo(f"{name}: not a delivery status notification; nothing done.")
            continue
        try:
            count = bounces.apply(report, now=utcnow())
        except peewee.DatabaseError as error:
            click.echo(f"{name}: not recorded, try again later ({error.__class__.__name__}).", err=True)
            raise SystemExit(75) from error
        click.echo(f"{name}: {len(report.failed)} failed address(es), {count} message(s) marked as bounced.")


COMMANDS = (worker, followup_cli)
