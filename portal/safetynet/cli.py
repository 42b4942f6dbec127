"""`flask --app wsgi portal mark-bounced EMAIL`, and the safety net's lines in `portal followup status`."""

from __future__ import annotations

from datetime import datetime

import click


@click.command("mark-bounced")
@click.argument("email")
def mark_bounced(email: str) -> None:
    """Record that EMAIL bounced for good, when you learnt it another way than a bounce report (those go to
    `portal followup bounce`): alerts stop going there, the citizen is told at the next log-in, and the safety
    net counts them as having no alerts at once."""
    from portal.clock import utcnow
    from portal.safetynet import signals

    count = signals.mark_bounced(email, now=utcnow())
    click.echo(f"{email}: marked as bounced for {count} citizen(s)." if count else
               f"{email}: no citizen gets alerts at this address; nothing changed.")


def status_lines(now: datetime) -> list[str]:
    from portal.safetynet import quiet

    counts = quiet.states(now)
    total, unopened = quiet.unopened_share(now)
    share = f" ({round(100 * unopened / total)} %)" if total else ""
    return ["Citizens: " + ", ".join(f"{name}: {count}" for name, count in counts.items()) + ".",
            f"Letters of the last 90 days: {total}, still unopened: {unopened}{share}."]


COMMANDS = (mark_bounced,)
