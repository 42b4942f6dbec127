"""portal.db.Prepared: a peewee query whose SQL text is built once, run with new values each time."""

from __future__ import annotations

import peewee
import pytest

from portal.db import Prepared, Slot, database, slot
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


def state(obj, depth=0):
    """What a model object holds: its data, its other attributes and (recursively) its joined objects."""
    if not isinstance(obj, peewee.Model) or depth > 3:
        return obj
    extra = {k: v for k, v in vars(obj).items() if k not in ("__data__", "_dirty", "__rel__")}
    data = {k: (type(v), v) for k, v in obj.__data__.items()}  # 1 == True: the types must agree too
    return (type(obj), data, sorted(obj._dirty), {k: state(v, depth + 1) for k, v in extra.items()},
            {k: state(v, depth + 1) for k, v in obj.__rel__.items()})


def test_rows_are_built_as_peewee_builds_them(app):
    """Prepared builds plain model rows itself (portal.db._row_builder): the same objects as peewee's own."""
    from portal.auth.services import _SESSION_BY_TOKEN, sha256, start_session
    from portal.clock import utcnow
    from portal.inbox.services import _PAGES, InboxQuery, _page_of

    citizen = factories.give_postal_address(factories.create_citizen())
    helper = factories.create_account(email="helper@example.nl", role="helper")
    factories.create_message(recipient=citizen, subject='Eén <b>"brief"</b>', deadline=utcnow().date())
    factories.create_message(recipient=citizen, subject_en=None)
    now = utcnow()
    tokens = [start_session(account, now=now, user_agent="test") for account in (citizen.account, helper)]
    cases = [(_SESSION_BY_TOKEN, {"token_hash": sha256(t)}) for t in tokens]
    cases += [(_PAGES["all", senders, first], {"citizen": citizen.id, "deleted_since": None, "offset": 0})
              for senders in (False, True) for first in (False, True)]
    for prepared, values in cases:
        fast = list(prepared.run(**values))
        assert fast and all(not callable(vars(row).get("process_row")) for row in fast)
        query, sql, params = prepared._text()
        bound = [values[p.name] if isinstance(p, Slot) else p for p in params]
        plain = list(query._get_cursor_wrapper(database.execute_sql(sql, bound)))
        assert [state(r) for r in fast] == [state(r) for r in plain]
    assert prepared._shapes[type(database.obj)].get("process_row") is not None  # the fast way was taken
    session = _SESSION_BY_TOKEN.first(token_hash=sha256(tokens[1]))
    assert session.account.__dict__["_citizen"] is None  # the LEFT JOIN's empty side, as peewee leaves it
    plain_page = list(_page_of(citizen.id, InboxQuery(filter="all"), deleted_since=None, offset=0))
    assert [m.matching for m in plain_page] == [2, 2] and [m.organisation.name_nl for m in plain_page]


def test_a_new_event_is_the_row_peewee_writes_with_its_id_set(app):
    from datetime import datetime

    from portal.models import Event

    citizen = factories.create_citizen()
    message = factories.create_message(recipient=citizen)
    at = datetime(2026, 12, 1, 9, 30, 15, 123456)
    ours = Event.create(message=message, citizen=citizen, actor=citizen.account, kind="read", at=at)
    theirs_id = Event.insert(message=message, citizen=citizen, actor=citizen.account, kind="read", at=at).execute()
    bare = Event(kind="system", at=at, detail="ö & <b>")
    bare.save()
    assert ours.id is not None and bare.id == ours.id + 2 and theirs_id == ours.id + 1
    row = lambda i: Event.select().where(Event.id == i).dicts().get()  # noqa: E731
    assert {**row(ours.id), "id": None} == {**row(theirs_id), "id": None}
    assert row(ours.id)["at"] == at and row(ours.id)["detail"] == ""
    assert row(bare.id) == {"id": bare.id, "message": None, "citizen": None, "actor": None, "kind": "system",
                            "at": at, "detail": "ö & <b>"}
    assert not ours.is_dirty()


def test_a_prepared_insert_writes_the_row_model_save_writes(app):
    """PreparedInsert, on a message: text, foreign keys, a date, a moment, a boolean, a float, NULLs, defaults."""
    from datetime import date, datetime

    from portal.db import PreparedInsert
    from portal.models import Message

    citizen, organisation = factories.create_citizen(), factories.create_organisation()
    values = dict(organisation=organisation, recipient=citizen, message_type="aanslag", subject_nl="ö & <b>",
                  summary_nl="s", body_nl="b", deadline=date(2027, 1, 31), deadline_kind="pay",
                  delivered_at=datetime(2026, 12, 1, 9, 30, 15, 123456), is_test=True, readability_nl=61.5)
    theirs = Message.create(public_id="a" * 22, **values)
    inserts = PreparedInsert(Message)
    ours = Message(public_id="b" * 22, **values)
    assert inserts.save(ours) == 1 and ours.id == theirs.id + 1 and not ours.is_dirty()
    row = lambda i: Message.select().where(Message.id == i).dicts().get()  # noqa: E731
    assert {**row(ours.id), "id": 0, "public_id": ""} == {**row(theirs.id), "id": 0, "public_id": ""}
    assert row(ours.id)["deadline"] == date(2027, 1, 31) and row(ours.id)["is_test"] is True
    again = Message(public_id="c" * 22, **{**values, "reference": "second"})
    inserts.save(again)  # the same columns: the same text, built once
    assert len(inserts._by_names) == 1 and row(again.id)["reference"] == "second"  # noqa: SLF001
