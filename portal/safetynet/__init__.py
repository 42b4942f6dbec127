"""Safety net: the inbox notices a citizen who has gone quiet and sends deadline mail on paper in time."""


def init_app(app) -> None:
    """Registers the safety net's step of every follow-up run."""
    from portal import followup
    from portal.safetynet import services

    followup.add_run_step(services.run_step)
