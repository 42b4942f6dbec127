"""portal.db.Prepared: a peewee query whose SQL text is built once, run with new values each time."""

from __future__ import annotations

import pytest

from portal.db import Prepared, slot
from portal.models import Account, Citizen
from tests import factories


def test_the_sql_is_built_once_and_each_run_binds_its_own_values(app):
    built = []

    def build():
        built.append(1)
        return Account.select().where(Account.email == slot("email")).limit(1)

    by_email = Prepared(build)
    anna = factories.create_account(email="anna@example.nl")
    piet = factories.create_account(email="piet@example.nl")
    assert by_email.first(email="anna@example.nl").id == anna.id
    assert by_email.first(email="piet@example.nl").id == piet.id
    assert by_email.first(email="nobody@example.nl") is None
    assert len(built) == 1


def test_joined_rows_come_back_as_the_same_model_objects_as_the_query_itself(app):
    anna = factories.create_citizen(email="anna@example.nl")
    factories.create_account(email="helper@example.nl", role="helper")

    def query(email):
        return (Account.select(Account, Citizen)
                .join(Citizen, on=(Citizen.account == Account.id), attr="profile").where(Account.email == email))

    prepared = Prepared(lambda: query(slot("email")))
    (plain,) = query("anna@example.nl")
    (kept,) = prepared.run(email="anna@example.nl")
    assert type(kept) is Account and type(kept.profile) is Citizen
    assert kept.__data__ == plain.__data__ and kept.profile.__data__ == plain.profile.__data__
    assert kept.profile.bsn == anna.bsn
    assert list(prepared.run(email="helper@example.nl")) == []  # an inner join: a helper has no profile


def test_a_value_left_out_is_an_error_not_a_query_without_it(app):
    by_email = Prepared(lambda: Account.select().where(Account.email == slot("email")))
    with pytest.raises(KeyError, match="email"):
        by_email.run(mail="anna@example.nl")
