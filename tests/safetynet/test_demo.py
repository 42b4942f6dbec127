"""The demo: a citizen away for 13 months is on paper with an explanation letter in the next print batch; a
letter whose alert bounced is printed in time; the tax office's dashboard counts both as the safety net's."""

from __future__ import annotations

from portal import demo
from portal.clock import local_today, utcnow
from portal.deadlines import last_day_to_act
from portal.models import Account, Message, Organisation
from portal.paper.models import PaperRequest
from portal.printing import services as printing
from portal.safetynet import demo as safety_net
from portal.senders import services as dashboard
from portal.workdays import expected_arrival


def test_the_demo_shows_both_cases_and_the_dashboard_counts_them(app, tmp_path):
    now = utcnow()
    with app.app_context():
        demo._seed_organisations(now)
        assert len(safety_net.seed(now=now, password="demo-wachtwoord")) == 2
        assert safety_net.seed(now=now, password="demo-wachtwoord") == []  # again: nothing new
        away = Account.by_email(safety_net.AWAY[0]).citizen
        assert away.channel == "paper"
        explanation = Message.get(Message.recipient == away, Message.message_type == "paper-for-everything")
        bounced = Message.get(Message.reference == "SN-BOUNCED-1")
        batch = printing.claim_batch(tmp_path, now=now)
        in_batch = {r.message_id for r in printing.letters_of(batch)}
        assert {explanation.id, bounced.id} <= in_batch
        request = PaperRequest.get(PaperRequest.message == bounced.id)
        assert request.requested_by == "safety_net"
        today = local_today(now)
        assert expected_arrival(today, today=today, delivery_days=app.config["PAPER_DELIVERY_DAYS"]).arrive_by \
            < last_day_to_act(bounced.deadline)
        tax = Organisation.get(Organisation.slug == "belastingdienst")
        stats = dashboard.statistics_for(tax, dashboard.Period.parse("90d", now=now))
        assert stats.total.paper["safety_net"] == 2
