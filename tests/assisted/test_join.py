"""Someone invited without an account makes one with the code (and only with the code), and wrong codes are
counted: after ten in an hour, no code is looked at for that address until the hour is over."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from portal.auth.models import Session
from portal.auth.throttle import TooManyAttempts
from portal.helpers import services
from portal.helpers.models import Delegation
from portal.models import Account, Event
from tests.assisted.conftest import CLIENT, CODE
from tests.assisted.test_views import sent_mails, text_of

NOW = datetime(2026, 11, 2, 10, 0)
PASSWORD = "lange zin als wachtwoord"  # noqa: S105 -- a test value


def invite(citizen, email="samira@example.nl", now=NOW):
    return services.invite(citizen, email, "paper", None, actor=citizen.account, now=now)


def join(code, email="samira@example.nl", now=NOW, **kwargs):
    return services.join(code, name=kwargs.pop("name", "Samira Bakker"), email=email, password=PASSWORD,
                         language="nl", client=CLIENT, now=now, **kwargs)


def test_joining_makes_a_helper_account_and_takes_up_the_invitation_at_once(citizen):
    delegation, code = invite(citizen)
    helper, taken = join(code.lower(), email=" Samira@Example.nl ")
    assert (helper.email, helper.role, helper.name) == ("samira@example.nl", "helper", "Samira Bakker")
    assert helper.password_hash != PASSWORD and helper.password_hash.startswith("$argon2")
    assert taken.id == delegation.id and taken.helper_id == helper.id and taken.accepted_at == NOW
    assert [d.id for d in services.of_helper(helper, now=NOW)] == [delegation.id]
    kinds = [(e.kind, e.actor_id) for e in Event.select().where(Event.citizen == citizen).order_by(Event.id)]
    assert kinds[-2:] == [("helper_joined", helper.id), ("helper_accepted", helper.id)]


@pytest.mark.parametrize("wrong", ["other@example.nl", "anna@example.nl"])
def test_the_code_makes_an_account_only_for_the_address_it_went_to(citizen, wrong):
    _, code = invite(citizen)
    with pytest.raises(services.CodeInvalid):
        join(code, email=wrong)
    assert Account.select().where(Account.email == wrong).count() == (wrong == "anna@example.nl")


def test_a_used_or_expired_code_makes_no_account(citizen):
    _, used = invite(citizen)
    join(used)
    with pytest.raises(services.CodeInvalid):
        join(used)
    _, late = invite(citizen, email="joost@example.nl")
    with pytest.raises(services.CodeInvalid):
        join(late, email="joost@example.nl", now=NOW + timedelta(days=7))
    assert not Account.select().where(Account.email == "joost@example.nl").exists()


def test_an_address_with_an_account_is_told_to_log_in_and_nothing_changes(citizen, helper):
    delegation, code = invite(citizen, email=helper.email)
    with pytest.raises(services.AccountExists):
        join(code, email=helper.email)
    assert Delegation.get_by_id(delegation.id).accepted_at is None  # the code still works after logging in
    assert services.accept(helper, code, client=CLIENT, now=NOW).helper_id == helper.id


def test_ten_wrong_codes_make_the_address_wait_even_with_the_right_code_but_not_elsewhere(citizen, helper):
    _, code = invite(citizen, email=helper.email)
    for _ in range(10):
        with pytest.raises(services.CodeInvalid):
            services.accept(helper, "AAAA-BBBB-CCCC", client=CLIENT, now=NOW)
    with pytest.raises(TooManyAttempts) as refused:
        services.accept(helper, code, client=CLIENT, now=NOW)
    assert refused.value.retry_after == NOW + timedelta(minutes=1)  # then 2, 4, 8 … minutes, at most an hour
    with pytest.raises(TooManyAttempts):  # joining counts for the same address
        join(code, email=helper.email, now=NOW + timedelta(seconds=30))
    with pytest.raises(services.CodeInvalid):  # someone typing wrong codes elsewhere keeps nobody else out
        services.accept(helper, "AAAA-BBBB-CCCC", client="198.51.100.7", now=NOW)
    assert services.accept(helper, code, client=CLIENT, now=NOW + timedelta(minutes=1)).helper_id == helper.id


def test_the_join_page_makes_the_account_and_logs_in(app, pages, citizen):
    response = pages.post("/my-helpers/invite", {"email": "x"})  # not logged in: to the log-in page
    assert response.status_code == 302
    pages.login(citizen.account.email)
    assert pages.post("/my-helpers/invite", {"email": "samira@example.nl", "scope": "read"}).status_code == 303
    (mail,) = sent_mails(app)
    body = text_of(mail)
    code = CODE.search(body).group(0)
    assert "http://portal.test/helping/join" in body and "/helping/accept" not in body
    pages.logout()

    login = pages.get("/login")
    assert login.select_one("a[href='/helping/join']")
    page = pages.get("/helping/join")
    assert page.select_one("#password")["autocomplete"] == "new-password"
    empty = pages.post("/helping/join", {})
    assert empty.status_code == 200
    summary = empty.get_data(as_text=True)
    assert "Vul de code uit de uitnodiging in" in summary and "Kies een wachtwoord" in summary
    mismatch = pages.post("/helping/join", {"code": code, "name": "Samira", "email": "samira@example.nl",
                                            "password": PASSWORD, "confirm": PASSWORD + "x"})
    assert "De twee wachtwoorden zijn niet hetzelfde" in mismatch.get_data(as_text=True)
    wrong = pages.post("/helping/join", {"code": "AAAA-BBBB-CCCC", "name": "Samira", "email": "samira@example.nl",
                                         "password": PASSWORD, "confirm": PASSWORD})
    assert wrong.status_code == 200 and "Deze code werkt niet." in wrong.get_data(as_text=True)
    assert not Account.select().where(Account.email == "samira@example.nl").exists()

    done = pages.post("/helping/join", {"code": code, "name": "Samira Bakker", "email": "samira@example.nl",
                                        "password": PASSWORD, "confirm": PASSWORD, "public_computer": "y"})
    assert done.status_code == 303 and done.location == "/helping"
    helping = pages.get("/helping")
    assert "Uw account is klaar. U mag nu Anna de Vries helpen." in helping.get_text()
    assert Session.get().public_computer  # asked for at sign-up, as at log-in
    assert pages.client.get("/helping/join").location == "/helping/accept"  # logged in: nothing to make


def test_an_invitation_to_an_address_with_an_account_says_log_in(app, pages, citizen, helper):
    pages.login(citizen.account.email)
    pages.post("/my-helpers/invite", {"email": helper.email, "scope": "read"})
    body = text_of(sent_mails(app)[0])
    assert "http://portal.test/helping/accept" in body and "/helping/join" not in body


def test_too_many_wrong_codes_on_the_page_answer_429_with_the_time(pages, citizen, helper):
    pages.login(helper.email)
    for _ in range(10):
        assert pages.post("/helping/accept", {"code": "AAAA-BBBB-CCCC"}).status_code == 200
    refused = pages.post("/helping/accept", {"code": "AAAA-BBBB-CCCC"})
    assert refused.status_code == 429
    assert "U hebt te vaak een verkeerde code ingevuld. Probeer het opnieuw na" in refused.get_data(as_text=True)
