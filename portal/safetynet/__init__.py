"""Safety net: the inbox notices a citizen who has gone quiet and sends deadline mail on paper in time."""

from portal.safetynet import models  # noqa: F401 -- its tables, defined when portal is imported (db.table_models())


def init_app(app) -> None:
    """The safety net's step of every follow-up run, its status lines, `portal mark-bounced`, the welcome-back
    and confirm pages."""
    from portal import cli, followup
    from portal.safetynet import cli as safetynet_cli
    from portal.safetynet import services, views

    followup.add_run_step(services.run_step)
    followup.add_status_step(safetynet_cli.status_lines)
    cli.add_commands(*safetynet_cli.COMMANDS)
    views.init_app(app)
