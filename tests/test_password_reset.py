"""Password resets and changes: one new password ends every other link and session; "forgot my password"
does the same work for every address and leaves the e-mail to the worker (docs/accounts.md)."""

from __future__ import annotations

import logging
import re
from datetime import datetime, timedelta

import pytest

from portal.auth import reset_mail, services, throttle
from portal.auth.models import PasswordReset, Session
from portal.auth.oidc_accounts import NO_PASSWORD
from portal.auth.throttle import TooManyAttempts
from portal.clock import utcnow
from portal.followup.models import Outbox
from portal.models import Account
from portal.worker import TASK_MODULES, huey
from tests import factories
from tests.conftest import Pages
from tests.pagecheck import check_page

T0 = datetime(2026, 11, 28, 9, 0)
HOUR = timedelta(hours=1)
CLIENT = "192.0.2.1"


class Outgoing(list):
    """A stand-in for the mail server: keeps what it was given."""

    def __call__(self, mail):
        self.append(mail)
        return mail.message_id


def link_in(mail) -> str:
    return re.search(r"http://portal\.test(/password/reset/\S+)", mail.text).group(1)


# One new password ends everything else ------------------------------------------------------------------


def test_a_reset_ends_every_other_reset_link_and_every_session(app):
    account = factories.create_citizen(email="anna@example.nl").account
    for _ in range(3):
        services.start_session(account, now=T0)
    tokens = [services.create_password_reset("anna@example.nl", now=T0, valid=HOUR)[1] for _ in range(16)]
    services.reset_password(tokens[0], "a brand new password", now=T0 + timedelta(minutes=5))
    assert Session.select().count() == 0
    for token in tokens[1:]:
        with pytest.raises(services.ResetInvalid):
            services.check_reset_token(token, now=T0 + timedelta(minutes=5))


def test_a_reset_starts_the_log_in_count_again_for_the_client_that_made_it(app):
    factories.create_citizen(email="anna@example.nl")
    for _ in range(5):
        with pytest.raises(services.LoginRefused):
            services.authenticate("anna@example.nl", "forgot it", client=CLIENT, now=T0)
    _, token = services.create_password_reset("anna@example.nl", now=T0, valid=HOUR)
    services.reset_password(token, "a brand new password", now=T0, client=CLIENT)
    assert services.authenticate("anna@example.nl", "a brand new password", client=CLIENT, now=T0)


def test_a_change_ends_every_session_and_open_link_and_needs_the_current_password(app):
    account = factories.create_citizen(email="anna@example.nl").account
    services.start_session(account, now=T0)
    _, token = services.create_password_reset("anna@example.nl", now=T0, valid=HOUR)
    with pytest.raises(services.LoginRefused):
        services.change_password(account, "not my password", "a brand new password", client=CLIENT, now=T0)
    assert Session.select().count() == 1
    services.change_password(account, factories.PASSWORD, "a brand new password", client=CLIENT, now=T0)
    assert Session.select().count() == 0
    with pytest.raises(services.ResetInvalid):
        services.check_reset_token(token, now=T0)
    assert services.authenticate("anna@example.nl", "a brand new password", client=CLIENT, now=T0)


def test_guessing_the_current_password_is_limited_like_a_log_in(app):
    account = factories.create_citizen(email="anna@example.nl").account
    for _ in range(5):
        with pytest.raises(services.LoginRefused):
            services.change_password(account, "a guess", "a brand new password", client=CLIENT, now=T0)
    with pytest.raises(TooManyAttempts):
        services.change_password(account, factories.PASSWORD, "a brand new password", client=CLIENT, now=T0)


def test_changing_the_password_keeps_this_browser_in_with_a_new_session_and_logs_out_the_others(app):
    factories.create_citizen(email="anna@example.nl")
    here, there = Pages(app.test_client()), Pages(app.test_client())
    here.login("anna@example.nl")
    there.login("anna@example.nl")
    before = Session.select(Session.public_id).order_by(Session.id).first().public_id
    here.get("/account/password")
    done = here.post("/account/password", {"current": factories.PASSWORD, "password": "a brand new password",
                                            "confirm": "a brand new password"})
    assert done.status_code == 303
    assert here.get("/settings/").find(string=re.compile("Overal anders bent u nu uitgelogd"))
    assert there.client.get("/account").status_code == 302
    assert [s.public_id for s in Session.select()] != [before] and Session.select().count() == 1


def test_a_wrong_current_password_is_named_at_its_field(app, logged_in):
    response = logged_in.post("/account/password", {"current": "nope", "password": "a brand new password",
                                                    "confirm": "a brand new password"})
    soup = check_page(response.get_data(as_text=True))
    assert response.status_code == 200
    assert [a["href"] for a in soup.select("[data-error-summary] a")] == ["#current"]
    assert "Dit is niet uw huidige wachtwoord." in soup.get_text()


# Forgot my password: the same work for every address, the e-mail from the worker --------------------------


def statements(caplog, pages, email: str) -> list[str]:
    """The SQL a forgot-password request runs, without the values."""
    token = pages.client.get("/password/forgot")
    assert token.status_code == 200
    caplog.clear()
    with caplog.at_level(logging.DEBUG, logger="peewee"):
        response = pages.post("/password/forgot", {"email": email})
    assert response.status_code == 302 and response.location == "/password/sent"
    return [record.msg[0] for record in caplog.records if record.name == "peewee"]  # peewee logs (sql, params)


def test_known_and_unknown_addresses_get_the_same_answer_and_the_same_database_work(app, caplog, monkeypatch):
    factories.create_citizen(email="anna@example.nl")
    monkeypatch.setattr(huey, "immediate", False)
    known = statements(caplog, Pages(app.test_client()), "anna@example.nl")
    unknown = statements(caplog, Pages(app.test_client()), "ghost@example.nl")
    assert known == unknown
    assert any("outbox" in s for s in known) and not any('"account"' in s for s in known)
    assert Outbox.select().where(Outbox.kind == "password_reset").count() == 2
    assert PasswordReset.select().count() == 0  # the request makes no token: the worker does


def test_the_worker_sends_the_link_and_the_database_never_holds_it(app):
    factories.create_citizen(email="anna@example.nl")
    with app.app_context():
        reset_mail.ask("Anna@Example.nl ", client=CLIENT, now=T0)
        outgoing = Outgoing()
        assert reset_mail.send_due(now=T0, valid=HOUR, send=outgoing) == 1
    (mail,) = outgoing
    token = link_in(mail).rsplit("/", 1)[1]
    assert mail.to == "anna@example.nl" and mail.message_id
    row = Outbox.get(Outbox.kind == "password_reset")
    assert (row.status, row.detail, row.mail_id) == ("sent", "", mail.message_id)  # the address is wiped too
    stored = " ".join(str(value) for r in Outbox.select().dicts() for value in r.values())
    stored += " ".join(str(value) for r in PasswordReset.select().dicts() for value in r.values())
    assert token not in stored and services.sha256(token) in stored
    assert services.check_reset_token(token, now=T0 + timedelta(minutes=59))


def test_an_unknown_address_or_a_digid_account_gets_no_e_mail_and_the_row_is_wiped(app):
    Account.create(email="digid@example.nl", password_hash=NO_PASSWORD, name="D", role="citizen",
                   auth_method="digid", created_at=T0)
    with app.app_context():
        for email in ("ghost@example.nl", "digid@example.nl"):
            reset_mail.ask(email, client=CLIENT, now=T0)
        outgoing = Outgoing()
        assert reset_mail.send_due(now=T0, valid=HOUR, send=outgoing) == 0
    assert outgoing == [] and PasswordReset.select().count() == 0
    assert {(r.status, r.detail) for r in Outbox.select()} == {("cancelled", "")}


def test_a_failed_send_is_tried_again_with_a_new_link(app):
    factories.create_citizen(email="anna@example.nl")

    def down(mail):
        raise ConnectionRefusedError("no mail server")

    with app.app_context():
        reset_mail.ask("anna@example.nl", client=CLIENT, now=T0)
        assert reset_mail.send_due(now=T0, valid=HOUR, send=down) == 0
        row = Outbox.get()
        assert (row.status, row.detail, row.due_at) == ("pending", "anna@example.nl", T0 + timedelta(minutes=1))
        outgoing = Outgoing()
        assert reset_mail.send_due(now=T0 + timedelta(minutes=1), valid=HOUR, send=outgoing) == 1
    assert services.check_reset_token(link_in(outgoing[0]).rsplit("/", 1)[1], now=T0 + timedelta(minutes=2))


def test_asking_is_limited_per_address_and_per_client_address_whether_or_not_it_has_an_account(app):
    factories.create_citizen(email="anna@example.nl")
    for email in ("anna@example.nl", "ghost@example.nl"):
        for _ in range(3):
            reset_mail.ask(email, client=CLIENT, now=T0)
        with pytest.raises(TooManyAttempts) as refused:
            reset_mail.ask(email, client="198.51.100.7", now=T0)  # per address, from any client
        assert refused.value.retry_after == T0 + timedelta(minutes=15)
    for n in range(4):
        reset_mail.ask(f"person{n}@example.nl", client=CLIENT, now=T0)
    with pytest.raises(TooManyAttempts):  # the eleventh request from one client address
        reset_mail.ask("person9@example.nl", client=CLIENT, now=T0)
    assert Outbox.select().count() == 10
    assert throttle.attempts(throttle.FORGOT_CLIENT, CLIENT, now=T0) == 10


def test_too_many_requests_get_a_clear_translated_page_with_429(app, pages):
    for _ in range(3):
        assert pages.post("/password/forgot", {"email": "anna@example.nl"}).status_code == 302
    response = pages.post("/password/forgot", {"email": "anna@example.nl"})
    assert response.status_code == 429
    soup = check_page(response.get_data(as_text=True))
    assert soup.title.get_text().startswith("Fout: ")
    assert "U hebt te vaak om een nieuw wachtwoord gevraagd. Probeer het opnieuw na" in soup.get_text()
    assert [a["href"] for a in soup.select("[data-error-summary] a")] == ["#email"]


def test_the_whole_reset_through_the_pages_and_the_worker(app, pages, monkeypatch):
    factories.create_citizen(email="anna@example.nl")
    assert "portal.auth.tasks" in TASK_MODULES  # the worker registers the task the request queues
    monkeypatch.setattr(huey, "immediate", True)  # ... which here runs at once
    assert pages.post("/password/forgot", {"email": "anna@example.nl"}).location == "/password/sent"
    (eml,) = app.config["MAIL_DIR"].glob("*.eml")
    path = re.search(r"http://portal\.test(/password/reset/\S+)", eml.read_text()).group(1)
    assert pages.get(path).find("h1")
    done = pages.post(path, {"password": "my new long password", "confirm": "my new long password"})
    assert done.location == "/login"
    assert pages.login("anna@example.nl", "my new long password").status_code == 302
    assert Outbox.get().status == "sent" and utcnow() - Outbox.get().done_at < timedelta(minutes=1)


def test_a_queue_that_cannot_be_reached_does_not_fail_the_request(app, pages, monkeypatch, caplog):
    from portal.auth import tasks

    def unreachable(*args, **kwargs):
        raise ConnectionError("queue down")

    monkeypatch.setattr(tasks, "send_reset_mails_now", unreachable)
    assert pages.post("/password/forgot", {"email": "anna@example.nl"}).location == "/password/sent"
    assert Outbox.get().status == "pending"  # the every-minute run sends it
    assert "could not queue" in caplog.text
