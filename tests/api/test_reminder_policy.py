"""Repeating reminders through the API: the policy is accepted as documented, and each reminder shows in the
message's events with its step and number."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from portal.followup import policy, runner
from portal.followup.timing import local, to_utc
from portal.models import Message
from tests.api.conftest import matches_document


def test_a_repeating_reminder_policy_shows_each_reminder_in_the_events(app, api, body):
    body["policy"] = {"remind_after_days": 2, "remind_every_days": 3, "remind_at_most": 2}
    response = api.send(body)
    assert response.status_code == 201
    sent = response.get_json()
    delivered = Message.get(Message.public_id == sent["id"]).delivered_at
    with app.app_context():
        for n in range(12):  # every morning at 10:00 Dutch time
            moment = to_utc(datetime.combine(local(delivered).date() + timedelta(days=n), time(10)))
            policy.run(moment)
            runner.drain(now=moment, send=lambda mail: None)
    answer = api.get(sent["links"]["self"])
    matches_document(answer, "/api/v1/messages/{id}", "GET")
    detail = answer.get_json()
    assert detail["policy"] == body["policy"]
    reminders = [e for e in detail["events"] if e["kind"] == "reminded"]
    assert [(e["step"], e["number"]) for e in reminders] == [("remind_after_days", 1), ("remind_every_days", 2)]
    first, second = (datetime.fromisoformat(e["at"].rstrip("Z")) for e in reminders)
    assert (local(second).date() - local(first).date()).days == 3
