"""The "Done when" of the follow-up, through the same commands as the README demo: a message delivered over
the API with a deadline 14 days out and a policy [remind 10 days before, paper 5 working days before]; moving the clock
with `portal followup run --now` gives a reminder e-mail in the mail folder, then a paper request whose letter
is in the next print batch; both events show on the message for the citizen and in the API for the sender."""

from __future__ import annotations

import email
import email.policy
from datetime import datetime, time, timedelta

import pytest
from freezegun import freeze_time

from portal.api import keys
from portal.clock import local_today, utcnow
from portal.models import Message
from portal.paper.models import PaperRequest, PrintBatch
from tests import factories
from tests.api.conftest import message_body
from tests.followup.conftest import citizen_with_address


@pytest.fixture
def config_overrides() -> dict:
    return {}  # no SMTP_URL: e-mails are written to the instance's mail folder, as in the demo


@freeze_time("2027-01-04 09:00:00")  # Monday; the deadline is Monday 18 January
def test_demo_clock_reminder_then_paper_then_print_batch_and_events_for_both(app, pages, tmp_path):
    runner = app.test_cli_runner()
    with app.app_context():
        citizen = citizen_with_address(email="burger@example.nl")
        organisation = factories.create_organisation()
        secret = keys.create_key(org_slug=organisation.slug, kind="live", name="demo", now=utcnow()).secret
    deadline = local_today(utcnow()) + timedelta(days=14)
    body = message_body(citizen.bsn, deadline={"date": deadline.isoformat(), "kind": "pay"},
                        policy={"remind_days_before_deadline": 10, "paper_days_before_deadline": 5})
    answer = pages.client.post("/api/v1/messages", json=body,
                               headers={"Authorization": f"Bearer {secret}", "Idempotency-Key": "demo-1"})
    assert answer.status_code == 201, answer.get_data(as_text=True)
    public_id = answer.get_json()["id"]
    mail_dir = tmp_path / "mail"

    def at(day_offset: int) -> str:
        return datetime.combine(deadline - timedelta(days=day_offset), time(9, 0)).isoformat(timespec="minutes")

    result = runner.invoke(args=["portal", "followup", "run", "--now", at(11)])
    assert "0 follow-up step(s) written" in result.output, result.output  # only the delivery alert goes out
    before = set(mail_dir.glob("*.eml"))

    result = runner.invoke(args=["portal", "followup", "run", "--now", at(10)])
    assert "1 follow-up step(s) written, 1 e-mail(s) sent" in result.output, result.output
    (reminder,) = set(mail_dir.glob("*.eml")) - before
    mail = email.message_from_bytes(reminder.read_bytes(), policy=email.policy.default)
    assert " ".join(mail["Subject"].split()) == "Herinnering: u hebt het bericht van Belastingdienst nog niet gelezen"

    result = runner.invoke(args=["portal", "followup", "run", "--now", at(8)])  # Sunday 10: not yet
    assert "0 paper request(s)" in result.output, result.output
    result = runner.invoke(args=["portal", "followup", "run", "--now", at(7)])  # 5 working days before: Monday 11
    assert "1 paper request(s)" in result.output, result.output
    with app.app_context():
        request = PaperRequest.get(PaperRequest.message == Message.get(Message.public_id == public_id).id)
        assert (request.requested_by, request.reason) == ("policy", "print_if_unread")

    result = runner.invoke(args=["portal", "print-batch", "--out", str(tmp_path / "print")])
    assert "1 letters" in result.output, result.output
    with app.app_context():
        assert PaperRequest.get_by_id(request.id).batch_id == PrintBatch.get().id

    events = pages.client.get(f"/api/v1/messages/{public_id}", headers={"Authorization": f"Bearer {secret}"})
    kinds = [e["kind"] for e in events.get_json()["events"]]
    assert kinds[:1] == ["delivered"] and "alerted" in kinds and "reminded" in kinds
    assert "paper_requested" in kinds and "paper_batched" in kinds

    pages.login("burger@example.nl")
    page = pages.get(f"/inbox/{public_id}")
    assert "hebben wij u een herinnering gemaild" in page.text
    assert "hebben wij een papieren kopie aangevraagd, omdat het bericht nog niet gelezen was" in page.text
