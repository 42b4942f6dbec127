"""With the clock moved (`portal followup run --now`, day by day): a citizen who never logs in gets the deadline
letter on paper once, arriving before the last day to act; one who logged in after it arrived does not, also
once that session is long gone."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from portal.auth.models import Session
from portal.clock import local_today, utcnow
from portal.deadlines import last_day_to_act
from portal.paper.models import PaperRequest
from portal.workdays import expected_arrival
from tests import factories


def run_every_day(app, start, deadline):
    runner = app.test_cli_runner()
    day = start
    while day < deadline:
        for hour in (9, 15):  # twice a day: nothing doubles
            at = datetime.combine(day, time(hour, 0)).isoformat(timespec="minutes")
            result = runner.invoke(args=["portal", "followup", "run", "--now", at])
            assert result.exit_code == 0, result.output
        day += timedelta(days=1)


def deadline_letter(app):
    with app.app_context():
        citizen = factories.give_postal_address(factories.create_citizen(email="stil@example.nl"))
        today = local_today(utcnow())
        deadline = today + timedelta(days=21)
        message = factories.create_message(recipient=citizen, deadline=deadline,
                                           delivered_at=utcnow() - timedelta(hours=1))
    return citizen, message, today, deadline


def test_a_citizen_who_never_logs_in_gets_the_letter_on_paper_in_time(app):
    _, message, today, deadline = deadline_letter(app)
    run_every_day(app, today, deadline)
    with app.app_context():
        requests = list(PaperRequest.select().where(PaperRequest.message == message.id))
        assert len(requests) == 1
        request = requests[0]
        assert request.reason == "safety_net"
        asked = request.requested_at.date()
        assert expected_arrival(asked, today=asked, delivery_days=app.config["PAPER_DELIVERY_DAYS"]).arrive_by \
            < last_day_to_act(deadline)


def test_a_citizen_who_logged_in_after_it_arrived_gets_no_paper(app, pages):
    citizen, message, today, deadline = deadline_letter(app)
    pages.login("stil@example.nl")
    with app.app_context():
        Session.delete().execute()  # the session expired and housekeeping removed it: the log-in still counts
    run_every_day(app, today, deadline)
    with app.app_context():
        assert not PaperRequest.select().where(PaperRequest.message == message.id).exists()
