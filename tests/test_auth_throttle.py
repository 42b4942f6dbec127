"""Log-in limits without HTTP: per address and client address together, per client address across addresses,
a growing wait computed from the clock passed in (docs/accounts.md)."""

from contextlib import suppress
from datetime import datetime, timedelta

import pytest

from portal.auth import services, throttle
from portal.auth.models import Throttle
from portal.auth.throttle import TooManyAttempts
from tests import factories

T0 = datetime(2026, 11, 28, 9, 0)
HOME, STRANGER, LIBRARY = "198.51.100.7", "203.0.113.5", "192.0.2.80"


def wrong(email="anna@example.nl", client=STRANGER, now=T0):
    with pytest.raises(services.LoginRefused):
        services.authenticate(email, "not the password", client=client, now=now)


def refused_until(email="anna@example.nl", client=STRANGER, now=T0, password="not the password") -> datetime:  # noqa: S107 -- a test value
    with pytest.raises(TooManyAttempts) as refused:
        services.authenticate(email, password, client=client, now=now)
    return refused.value.retry_after


def test_five_tries_then_a_wait_that_doubles_with_each_failure(app):
    factories.create_citizen(email="anna@example.nl")
    for _ in range(5):
        wrong()
    assert refused_until(password=factories.PASSWORD) == T0 + timedelta(minutes=1)  # even the right password
    now = T0
    for wait in (1, 2, 4, 8, 16, 32, 60, 60):  # minutes; never longer than an hour
        assert refused_until(now=now) == now + timedelta(minutes=wait)
        now += timedelta(minutes=wait)
        wrong(now=now)
    assert services.authenticate("anna@example.nl", factories.PASSWORD, client=STRANGER,
                                 now=now + timedelta(hours=1)).email == "anna@example.nl"


def test_tries_while_waiting_are_not_counted_so_nobody_can_make_the_wait_longer(app):
    for _ in range(5):
        wrong()
    for second in range(0, 60, 5):
        assert refused_until(now=T0 + timedelta(seconds=second)) == T0 + timedelta(minutes=1)
    assert throttle.attempts(throttle.LOGIN, f"anna@example.nl {STRANGER}", now=T0) == 5


def test_a_stranger_guessing_elsewhere_never_keeps_the_citizen_out(app):
    factories.create_citizen(email="anna@example.nl")
    now = T0
    for _ in range(40):
        with suppress(services.LoginRefused, TooManyAttempts):
            services.authenticate("anna@example.nl", "a guess", client=STRANGER, now=now)
        now += timedelta(minutes=30)
    assert refused_until(now=now)  # the stranger waits ...
    account = services.authenticate("anna@example.nl", factories.PASSWORD, client=HOME, now=now)
    assert account.email == "anna@example.nl"  # ... the citizen at home does not


def test_one_client_trying_many_addresses_waits_after_twenty_failures(app):
    for n in range(20):
        wrong(email=f"person{n}@example.nl")
    assert refused_until(email="someone-else@example.nl") == T0 + timedelta(minutes=1)
    wrong(email="someone-else@example.nl", client=HOME)  # other clients go on as before


def test_right_passwords_at_a_shared_desk_take_their_own_count_back(app):
    people = [factories.create_citizen(email=f"visitor{n}@example.nl") for n in range(3)]
    for n in range(19):
        wrong(email=f"typo{n}@example.nl", client=LIBRARY)
    for _ in range(10):
        for person in people:
            services.authenticate(person.account.email, factories.PASSWORD, client=LIBRARY, now=T0)
    assert throttle.attempts(throttle.LOGIN_CLIENT, LIBRARY, now=T0) == 19
    wrong(email="typo-again@example.nl", client=LIBRARY)  # the twentieth failure is still free


def test_a_right_password_clears_the_count_for_that_address_and_client(app):
    factories.create_citizen(email="anna@example.nl")
    for _ in range(4):
        wrong(client=HOME)
    services.authenticate("anna@example.nl", factories.PASSWORD, client=HOME, now=T0)
    for _ in range(5):
        wrong(client=HOME)  # five free tries again


def test_the_count_is_forgotten_an_hour_after_the_last_wait(app):
    for _ in range(5):
        wrong()
    assert throttle.attempts(throttle.LOGIN, f"anna@example.nl {STRANGER}", now=T0 + timedelta(minutes=60)) == 5
    later = T0 + timedelta(minutes=61)
    assert throttle.attempts(throttle.LOGIN, f"anna@example.nl {STRANGER}", now=later) == 0
    for _ in range(5):
        wrong(now=later)


def test_unknown_addresses_are_limited_the_same_way_so_the_limit_reveals_nothing(app):
    factories.create_citizen(email="anna@example.nl")
    for email in ("anna@example.nl", "ghost@example.nl"):
        for _ in range(5):
            wrong(email=email, client=HOME)
        assert refused_until(email=email, client=HOME) == T0 + timedelta(minutes=1)


def test_ipv6_clients_count_by_their_64_network_and_mapped_ipv4_as_ipv4(app):
    for n in range(5):
        wrong(client=f"2001:db8:1:2::{n + 1}")
    assert refused_until(client="2001:db8:1:2:ffff::9")
    wrong(client="2001:db8:1:3::1")
    assert throttle.client_key("::ffff:192.0.2.1") == "192.0.2.1"
    assert throttle.client_key("not an address\n") == "not an address\n"


def test_each_key_is_one_row_holding_only_a_hash(app):
    wrong()
    rows = list(Throttle.select())
    assert len(rows) == 2  # address + client, and client
    assert all("anna" not in row.key_hash and STRANGER not in row.key_hash for row in rows)
