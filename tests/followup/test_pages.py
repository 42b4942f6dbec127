"""The follow-up's pages: alert settings (/settings/alerts) and the messages that will be removed
(/inbox/removal), through the page-structure check; the settings hub and the inbox show what they should;
the same pages in Chromium with axe-core (Dutch and English) and the settings in w3m without JavaScript."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from portal.clock import utcnow
from portal.followup import retention
from portal.followup.models import AlertSetting, Outbox
from tests import factories
from tests.browser.conftest import assert_accessible, log_in
from tests.textbrowser.conftest import gettext_in
from tests.textbrowser.conftest import log_in as w3m_log_in


def old_message(citizen, *, months: int, deadline=None):
    """A message delivered `months` ago and a few days more, so its removal day is close."""
    delivered = datetime.combine(retention.add_months(date.today(), -months), datetime.min.time()) \
        + timedelta(days=10, hours=9)
    return factories.create_message(recipient=citizen, delivered_at=delivered, deadline=deadline)


def test_alert_settings_page_saves_choices_and_shows_errors(logged_in, citizen):
    page = logged_in.get("/settings/alerts")
    assert page.find("h1").text == "E-mailberichten"
    assert citizen.account.email in page.text
    answer = logged_in.post("/settings/alerts", {"enabled": "on", "email": "fout", "helper_email": ""})
    assert answer.status_code == 200
    assert "Fout:" in answer.get_data(as_text=True)
    answer = logged_in.post("/settings/alerts", {"enabled": "on", "email": "Anna.Alerts@Example.nl",
                                                 "helper_email": "zoon@example.nl"})
    assert answer.status_code == 303 and answer.location.endswith("/settings/")
    setting = AlertSetting.get(AlertSetting.citizen == citizen)
    assert (setting.enabled, setting.email, setting.helper_email) == (True, "anna.alerts@example.nl",
                                                                       "zoon@example.nl")
    hub = logged_in.get("/settings/")
    assert "Aan: wij mailen u als u nieuwe post hebt." in hub.text


def test_turning_alerts_off_cancels_alerts_still_waiting(logged_in, citizen):
    factories.create_message(recipient=citizen)
    assert Outbox.get().status == "pending"
    logged_in.post("/settings/alerts", {"enabled": "off", "email": "", "helper_email": ""})
    assert Outbox.get().status == "cancelled"
    assert "Uit: wij mailen u niet over nieuwe post." in logged_in.get("/settings/").text
    factories.create_message(recipient=citizen)
    assert Outbox.select().count() == 1  # no new alert while off


def test_removal_page_and_inbox_notice(logged_in, citizen):
    assert "De komende 30 dagen worden er geen berichten verwijderd." in logged_in.get("/inbox/removal").text
    old_message(citizen, months=18)
    old_message(citizen, months=84, deadline=date.today() - timedelta(days=2500))
    old_message(citizen, months=17)  # not yet
    inbox = logged_in.get("/inbox/")
    assert "2 berichten worden verwijderd vanaf" in inbox.text
    page = logged_in.get("/inbox/removal")
    assert len(page.select("main li")) == 2
    assert "Download als pdf" in page.text


def test_no_removal_notice_in_the_inbox_when_nothing_is_due(logged_in, citizen):
    old_message(citizen, months=17)
    assert "worden verwijderd" not in logged_in.get("/inbox/").text


def test_retention_notice_then_removal_after_thirty_days(app, smtp_server):
    from portal.models import Event, Message

    with app.app_context():
        citizen = factories.create_citizen()
        message = old_message(citizen, months=18)
        Outbox.delete().execute()
        remove_on = retention.removal_date(message)
        now = datetime.combine(remove_on - timedelta(days=31), datetime.min.time()) + timedelta(hours=10)
        assert retention.write_notices(now) == 0
        now += timedelta(days=1)
        assert retention.write_notices(now) == 1 and retention.write_notices(now) == 0
        from portal.followup import runner

        assert runner.drain(now=now).sent == 1
        assert "1 bericht in uw berichtenbox wordt op" in smtp_server.received[0].text
        assert retention.remove_expired(now + timedelta(days=29)) == 0
        assert retention.remove_expired(now + timedelta(days=30)) == 1
        assert not Message.select().where(Message.id == message.id).exists()
        assert Event.get(Event.kind == "retention_removed").detail == "1"


def test_a_message_is_not_removed_without_notice_even_past_its_day(app):
    with app.app_context():
        citizen = factories.create_citizen()
        message = old_message(citizen, months=20)
        assert retention.remove_expired(utcnow()) == 0  # the worker was down: told first, removed 30 days on
        assert retention.write_notices(utcnow()) == 1
        assert retention.remove_expired(utcnow() + timedelta(days=30)) == 1
        assert retention.removal_date(message) < date.today()


@pytest.mark.browser
@pytest.mark.parametrize("language", ["nl", "en"])
def test_follow_up_pages_have_no_axe_violations(live_server, page, language):
    citizen = factories.create_citizen(language=language)
    old_message(citizen, months=18)
    message = factories.create_message(recipient=citizen)
    from portal.models import Event

    Event.create(message=message, citizen=citizen, kind="reminded", at=utcnow())
    log_in(page, live_server, citizen.account.email)
    for path in ("/settings/alerts", "/inbox/removal", "/inbox/", "/settings/", f"/inbox/{message.public_id}"):
        page.goto(f"{live_server}{path}")
        assert_accessible(page, language)
    page.goto(f"{live_server}/settings/alerts")
    page.fill("#email", "not an address")
    page.locator("main form button").click()
    page.wait_for_load_state()
    assert page.title().startswith({"nl": "Fout", "en": "Error"}[language])
    assert_accessible(page, language)


@pytest.mark.textbrowser
def test_alert_settings_without_javascript_in_w3m(app, w3m, live_server, citizen):
    browser = w3m("nl")
    w3m_log_in(browser, live_server, citizen.account.email, gettext_in(app, "nl"))
    browser.open(f"{live_server}/settings/")
    browser.wait_for("E-mailberichten")
    browser.click("E-mailberichten wijzigen")
    browser.wait_for("Wilt u e-mailberichten krijgen?")
    browser.fill("E-mailadres van iemand die u helpt (niet verplicht)", "zus@example.nl")
    browser.click("Instellingen opslaan")
    browser.wait_for("Uw instellingen voor e-mailberichten zijn opgeslagen.")
    assert AlertSetting.get(AlertSetting.citizen == citizen).helper_email == "zus@example.nl"
