"""Sessions, log-in limits and password resets, without HTTP."""

from datetime import datetime, timedelta

import pytest

from portal.auth import services
from portal.auth.models import PasswordReset, Session
from tests import factories

T0 = datetime(2026, 11, 28, 9, 0)
IDLE = timedelta(minutes=30)
ABSOLUTE = timedelta(hours=12)
CLIENT = "192.0.2.1"


def load(token, now):
    return services.load_session(token, now=now, idle=IDLE, absolute=ABSOLUTE)


def test_passwords_are_stored_as_argon2_hashes(app):
    citizen = factories.create_citizen(password="a long secret phrase")
    assert citizen.account.password_hash.startswith("$argon2id$")
    assert "a long secret phrase" not in citizen.account.password_hash


def test_right_password_logs_in_and_wrong_password_is_refused(app):
    citizen = factories.create_citizen(email="Anna@Example.nl")
    assert services.authenticate(" anna@example.NL ", factories.PASSWORD, now=T0, client=CLIENT) == citizen.account
    with pytest.raises(services.LoginRefused):
        services.authenticate("anna@example.nl", "wrong password", now=T0, client=CLIENT)


def test_unknown_email_gets_the_same_refusal_as_a_wrong_password(app):
    with pytest.raises(services.LoginRefused):
        services.authenticate("nobody@example.nl", "whatever", now=T0, client=CLIENT)


def test_session_token_is_stored_only_as_a_hash(app):
    account = factories.create_citizen().account
    token = services.start_session(account, now=T0, user_agent="Firefox")
    row = Session.get()
    assert row.token_hash == services.sha256(token) and token not in (row.token_hash, row.public_id)
    assert load(token, T0 + timedelta(minutes=1)).account == account


def test_session_ends_after_thirty_idle_minutes(app):
    account = factories.create_citizen().account
    token = services.start_session(account, now=T0)
    assert load(token, T0 + timedelta(minutes=29)) is not None
    assert load(token, T0 + timedelta(minutes=29 + 31)) is None
    assert Session.select().count() == 0


def test_activity_keeps_a_session_alive_but_never_past_twelve_hours(app):
    account = factories.create_citizen().account
    token = services.start_session(account, now=T0)
    now = T0
    while now < T0 + timedelta(hours=11, minutes=50):
        now += timedelta(minutes=20)
        assert load(token, now) is not None, now
    assert load(token, T0 + timedelta(hours=12, minutes=1)) is None


def test_ending_a_session_makes_its_token_useless(app):
    account = factories.create_citizen().account
    token = services.start_session(account, now=T0)
    services.end_session(token)
    assert load(token, T0) is None


def test_one_person_cannot_end_another_persons_session(app):
    anna = factories.create_citizen().account
    piet = factories.create_citizen().account
    services.start_session(piet, now=T0)
    pieter_session = Session.get(Session.account == piet)
    assert not services.end_session_by_public_id(anna, pieter_session.public_id)
    assert Session.select().count() == 1


def test_password_reset_token_works_once_within_an_hour_and_ends_all_sessions(app):
    account = factories.create_citizen(email="anna@example.nl").account
    services.start_session(account, now=T0)
    found, token = services.create_password_reset("ANNA@example.nl", now=T0, valid=timedelta(hours=1))
    assert found == account and PasswordReset.get().token_hash != token
    services.reset_password(token, "a brand new password", now=T0 + timedelta(minutes=59))
    assert Session.select().count() == 0
    assert services.authenticate("anna@example.nl", "a brand new password", now=T0, client=CLIENT) == account
    with pytest.raises(services.ResetInvalid):
        services.reset_password(token, "yet another password", now=T0 + timedelta(minutes=59))


def test_password_reset_token_expires_after_an_hour(app):
    factories.create_citizen(email="anna@example.nl")
    _, token = services.create_password_reset("anna@example.nl", now=T0, valid=timedelta(hours=1))
    with pytest.raises(services.ResetInvalid):
        services.reset_password(token, "a brand new password", now=T0 + timedelta(hours=1))


def test_password_reset_for_unknown_address_makes_nothing(app):
    assert services.create_password_reset("nobody@example.nl", now=T0, valid=timedelta(hours=1)) is None
    assert PasswordReset.select().count() == 0
