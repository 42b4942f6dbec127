"""An authorisation's life: invite (e-mail with a code), accept, the refusals (wrong, expired, used twice, for
someone else), revoke, and expiry by the clock."""

from datetime import date, datetime, timedelta

import pytest
from freezegun import freeze_time

from portal.auth.models import Session
from portal.errors_domain import ValidationFailed
from portal.helpers import services
from portal.helpers.models import Delegation
from portal.models import Event
from tests import factories
from tests.assisted.conftest import CLIENT, CODE, authorise

NOW = datetime(2026, 11, 2, 10, 0)


def invite(citizen, helper, **kwargs):
    return services.invite(citizen, helper.email, kwargs.pop("scope", "read"), kwargs.pop("end", None),
                           actor=citizen.account, now=kwargs.pop("now", NOW))


def test_invite_then_accept_gives_the_helper_access_for_one_year_by_default(citizen, helper):
    delegation, code = invite(citizen, helper, scope="paper")
    assert CODE.fullmatch(code) and delegation.code_hash != code  # only the hash is stored
    assert services.of_helper(helper, now=NOW) == []
    accepted = services.accept(helper, code.lower().replace("-", " "), client=CLIENT, now=NOW + timedelta(days=6))
    assert accepted.helper_id == helper.id and accepted.is_active(NOW)
    assert accepted.valid_until == datetime(2027, 11, 2)
    assert [d.id for d in services.of_helper(helper, now=NOW)] == [delegation.id]
    active, invited = services.of_citizen(citizen, now=NOW)
    assert [d.id for d in active] == [delegation.id] and invited == []
    kinds = [e.kind for e in Event.select().order_by(Event.id)]
    assert kinds[-2:] == ["helper_invited", "helper_accepted"]


@pytest.mark.parametrize("code", ["", "AAAA-BBBB-CCCC", "not a code"])
def test_a_wrong_code_is_refused(citizen, helper, code):
    invite(citizen, helper)
    with pytest.raises(services.CodeInvalid):
        services.accept(helper, code, client=CLIENT, now=NOW)


def test_an_expired_code_is_refused_after_seven_days(citizen, helper):
    _, code = invite(citizen, helper)
    with pytest.raises(services.CodeInvalid):
        services.accept(helper, code, client=CLIENT, now=NOW + timedelta(days=7))


def test_a_code_works_only_once(citizen, helper):
    _, code = invite(citizen, helper)
    services.accept(helper, code, client=CLIENT, now=NOW)
    with pytest.raises(services.CodeInvalid):
        services.accept(helper, code, client=CLIENT, now=NOW)
    other = factories.create_account(email=helper.email.replace("@", "2@"))
    with pytest.raises(services.CodeInvalid):
        services.accept(other, code, client=CLIENT, now=NOW)


def test_a_code_works_only_for_the_invited_address_and_not_for_the_citizen_self(citizen, helper):
    _, code = invite(citizen, helper)
    stranger = factories.create_account(email="stranger@example.nl")
    with pytest.raises(services.CodeInvalid):
        services.accept(stranger, code, client=CLIENT, now=NOW)
    with pytest.raises(ValidationFailed) as failed:
        services.invite(citizen, citizen.account.email, "read", None, actor=citizen.account, now=NOW)
    assert set(failed.value.errors) == {"email"}


def test_a_withdrawn_invitation_cannot_be_accepted(citizen, helper):
    delegation, code = invite(citizen, helper)
    services.revoke(citizen, delegation.id, actor=citizen.account, now=NOW)
    with pytest.raises(services.CodeInvalid):
        services.accept(helper, code, client=CLIENT, now=NOW)


@pytest.mark.parametrize("scope, end, field", [
    ("everything", None, "scope"),
    ("read", date(2026, 11, 2), "end"),  # today is not in the future
    ("read", date(2031, 11, 3), "end"),  # more than 5 years
])
def test_invitations_outside_the_rules_are_refused(citizen, helper, scope, end, field):
    with pytest.raises(ValidationFailed) as failed:
        invite(citizen, helper, scope=scope, end=end)
    assert set(failed.value.errors) == {field}
    assert Delegation.select().count() == 0


def test_five_years_is_the_longest(citizen, helper):
    delegation, _ = invite(citizen, helper, end=date(2031, 11, 2))
    assert delegation.valid_until == datetime(2031, 11, 2)


def test_revoke_ends_access_at_once_and_twice_changes_nothing(citizen, helper):
    delegation = authorise(citizen, helper, now=NOW)
    services.revoke(citizen, delegation.id, actor=citizen.account, now=NOW + timedelta(minutes=1))
    assert services.active(helper, delegation.id, now=NOW + timedelta(minutes=1)) is None
    services.revoke(citizen, delegation.id, actor=citizen.account, now=NOW + timedelta(minutes=2))
    assert Event.select().where(Event.kind == "helper_revoked").count() == 1


def test_only_the_citizen_who_gave_it_can_revoke_it(citizen, helper):
    delegation = authorise(citizen, helper, now=NOW)
    other = factories.create_citizen()
    from portal.errors_domain import NotFound

    with pytest.raises(NotFound):
        services.revoke(other, delegation.id, actor=other.account, now=NOW)
    assert services.active(helper, delegation.id, now=NOW) is not None


def test_an_authorisation_ends_by_itself_on_its_end_date(citizen, helper, pages):
    with freeze_time(NOW):
        delegation = authorise(citizen, helper, end=date(2026, 12, 1), now=NOW)
        message = factories.create_message(recipient=citizen)
        pages.login(helper.email)
        assert pages.post(f"/helping/{delegation.id}/open").status_code == 303
        assert pages.client.get(f"/inbox/{message.public_id}").status_code == 200
    with freeze_time(datetime(2026, 11, 30, 23, 0)):  # still the day before (UTC)
        assert services.active(helper, delegation.id, now=datetime(2026, 11, 30, 23, 0)) is not None
    with freeze_time(datetime(2026, 12, 1, 0, 0, 1)):
        assert services.active(helper, delegation.id, now=datetime(2026, 12, 1, 0, 0, 1)) is None
        assert services.of_helper(helper, now=datetime(2026, 12, 1, 0, 0, 1)) == []


def test_expired_authorisation_stops_an_open_session_at_its_next_request(app, citizen, helper, pages):
    with freeze_time(NOW) as clock:
        delegation = authorise(citizen, helper, end=date(2026, 11, 3), now=NOW)
        message = factories.create_message(recipient=citizen)
        pages.login(helper.email)
        pages.post(f"/helping/{delegation.id}/open")
        assert pages.client.get(f"/inbox/{message.public_id}").status_code == 200
        clock.move_to(datetime(2026, 11, 3, 0, 0, 1))
        # The log-in session itself is still alive; only the authorisation ended.
        Session.update(last_seen_at=datetime(2026, 11, 3, 0, 0), created_at=datetime(2026, 11, 2, 20, 0)).execute()
        response = pages.client.get(f"/inbox/{message.public_id}")
        assert response.status_code == 303 and response.location.endswith("/helping")
        page = pages.get("/helping")
        assert "Anna de Vries" in page.select_one(".notification").get_text()
        assert "Anna de Vries" not in page.select_one("header").get_text()  # no banner any more
