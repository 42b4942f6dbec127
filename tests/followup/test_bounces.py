"""Bounces that come back as mail after the server accepted the e-mail (RFC 3464 delivery status
notifications): matched by Message-ID, the failed address is shown to the citizen and the sender sees a
"bounced" event; delay notices, out-of-office replies and reports about other mail change nothing."""

from __future__ import annotations

from datetime import datetime, timedelta

from portal.api.services import sender_events
from portal.followup import bounces, runner
from portal.followup import settings as alert_settings
from portal.followup.models import AlertSetting, Outbox
from portal.models import Event
from tests import factories
from tests.followup.conftest import citizen_with_address

DAY = datetime(2027, 1, 12, 9, 0)  # 10:00 Dutch time: no quiet hours


def dsn(recipient: str, mail_id: str, *, action: str = "failed", status: str = "5.1.1",
        whole_mail: bool = False) -> bytes:
    """A delivery status notification as mail servers (Postfix here) send it back to the envelope sender."""
    returned = (f'Content-Type: message/rfc822\n\nFrom: noreply@portal.example\nTo: {recipient}\n'
                f'Message-ID: {mail_id}\nSubject: U hebt nieuwe post\n\nU hebt nieuwe post.\n') if whole_mail else (
                f'Content-Type: text/rfc822-headers\n\nFrom: noreply@portal.example\nTo: {recipient}\n'
                f'Message-ID: {mail_id}\nSubject: U hebt nieuwe post\n')
    return (
        'From: MAILER-DAEMON@mx.example.nl (Mail Delivery System)\n'
        'To: noreply@portal.example\n'
        'Subject: Undelivered Mail Returned to Sender\n'
        'Auto-Submitted: auto-replied\n'
        'MIME-Version: 1.0\n'
        'Content-Type: multipart/report; report-type=delivery-status; boundary="B"\n\n'
        '--B\nContent-Type: text/plain\n\nI\'m sorry to have to inform you that your message could not be '
        'delivered.\n\n'
        '--B\nContent-Type: message/delivery-status\n\n'
        'Reporting-MTA: dns; mx.example.nl\nArrival-Date: Tue, 12 Jan 2027 10:00:01 +0100\n\n'
        f'Final-Recipient: rfc822; {recipient}\nOriginal-Recipient: rfc822;{recipient}\n'
        f'Action: {action}\nStatus: {status}\nDiagnostic-Code: smtp; 550 5.1.1 User unknown\n\n'
        f'--B\n{returned}\n'
        '--B--\n'
    ).encode()


def sent_alert(app, smtp_server, email="anna.post@example.nl"):
    with app.app_context():
        citizen = citizen_with_address(email=email)
        message = factories.create_message(recipient=citizen, delivered_at=DAY)
        assert runner.drain(now=DAY + timedelta(minutes=10)).sent == 1
        return citizen, message, Outbox.get(Outbox.kind == "alert")


def test_a_late_bounce_tells_the_citizen_and_the_sender(app, smtp_server, pages):
    citizen, message, row = sent_alert(app, smtp_server)
    assert smtp_server.received[0].message["Message-ID"] == row.mail_id
    with app.app_context():
        report = bounces.parse(dsn("Anna.Post@example.nl", row.mail_id))
        assert report == bounces.Report(row.mail_id, ("anna.post@example.nl",))
        assert bounces.apply(report, now=DAY + timedelta(hours=1)) == 1
        setting = AlertSetting.get(AlertSetting.citizen == citizen)
        assert (setting.problem, setting.problem_address) == ("bounced", "anna.post@example.nl")
        assert {"kind": "alert_failed"}.items() <= sender_events(message)[-1].items()
        assert Outbox.get_by_id(row.id).status == "sent"  # it was sent; what came later is in the event
    pages.login("anna.post@example.nl")
    assert "anna.post@example.nl" in pages.get("/inbox/").text


def test_the_returned_mail_itself_is_matched_too(app, smtp_server):
    citizen, _, row = sent_alert(app, smtp_server)
    with app.app_context():
        report = bounces.parse(dsn("anna.post@example.nl", row.mail_id, whole_mail=True))
        assert report.mail_id == row.mail_id
        assert bounces.apply(report, now=DAY) == 1
        assert AlertSetting.get(AlertSetting.citizen == citizen).problem == "bounced"


def test_what_is_not_a_final_failure_about_our_mail_changes_nothing(app, smtp_server):
    citizen, _, row = sent_alert(app, smtp_server)
    with app.app_context():
        events = Event.select().count()
        delayed = bounces.parse(dsn("anna.post@example.nl", row.mail_id, action="delayed", status="4.4.7"))
        assert delayed.failed == () and bounces.apply(delayed, now=DAY) == 0
        other_mail = bounces.parse(dsn("anna.post@example.nl", "<someone.else@example.org>"))
        assert bounces.apply(other_mail, now=DAY) == 0
        other_address = bounces.parse(dsn("oud.adres@example.nl", row.mail_id))
        assert bounces.apply(other_address, now=DAY) == 0
        out_of_office = b"From: anna.post@example.nl\nSubject: Afwezig\nAuto-Submitted: auto-replied\n\nIk ben er niet."
        assert bounces.parse(out_of_office) is None
        assert Event.select().count() == events
        assert AlertSetting.get_or_none(AlertSetting.citizen == citizen) is None


def test_a_bounce_for_an_address_the_citizen_has_since_changed_is_ignored(app, smtp_server):
    citizen, _, row = sent_alert(app, smtp_server)
    with app.app_context():
        alert_settings.save(citizen, enabled=True, email="nieuw@example.nl", helper_email="", now=DAY)
        assert bounces.apply(bounces.parse(dsn("anna.post@example.nl", row.mail_id)), now=DAY) == 0
        assert AlertSetting.get(AlertSetting.citizen == citizen).problem == ""


def test_the_command_reads_reports_from_files_and_standard_input(app, smtp_server, tmp_path):
    citizen, _, row = sent_alert(app, smtp_server)
    report = tmp_path / "bounce.eml"
    report.write_bytes(dsn("anna.post@example.nl", row.mail_id))
    other = tmp_path / "holiday.eml"
    other.write_bytes(b"Subject: Afwezig\n\nIk ben er niet.")
    runner_cli = app.test_cli_runner()
    result = runner_cli.invoke(args=["portal", "followup", "bounce", str(report), str(other)])
    assert result.exit_code == 0, result.output
    assert f"{report}: 1 failed address(es), 1 message(s) marked as bounced." in result.output
    assert f"{other}: not a delivery status notification; nothing done." in result.output
    piped = runner_cli.invoke(args=["portal", "followup", "bounce"], input=b"Subject: x\n\nnot a report")
    assert piped.exit_code == 0 and "not a delivery status notification" in piped.output
    with app.app_context():
        assert AlertSetting.get(AlertSetting.citizen == citizen).problem == "bounced"


def test_the_command_asks_the_mail_server_to_try_again_when_the_database_is_away(app, smtp_server, monkeypatch):
    import peewee

    _, _, row = sent_alert(app, smtp_server)

    def away(report, *, now):
        raise peewee.OperationalError("could not connect to server")

    monkeypatch.setattr(bounces, "apply", away)
    result = app.test_cli_runner().invoke(args=["portal", "followup", "bounce"],
                                          input=dsn("anna.post@example.nl", row.mail_id))
    assert result.exit_code == 75  # EX_TEMPFAIL: the report stays with the mail server
