"""Inbox rules without HTTP: ordering, deadlines, visibility, done / archive / delete / restore."""

from datetime import date, datetime, timedelta

import pytest

from portal.clock import local_today
from portal.errors_domain import NotFound
from portal.inbox import services
from portal.inbox.services import Deadline, InboxQuery
from portal.models import Event, Message
from tests import factories

T0 = datetime(2027, 1, 10, 9, 0)


@pytest.fixture
def anna(app):
    return factories.create_citizen()


def test_inbox_lists_newest_first_25_per_page(anna):
    for i in range(30):
        factories.create_message(recipient=anna, subject=f"Brief {i}", delivered_at=T0 + timedelta(hours=i))
    first = services.list_inbox(anna, InboxQuery(), now=T0)
    assert [m.subject_nl for m in first.messages[:2]] == ["Brief 29", "Brief 28"]
    assert len(first.messages) == 25 and first.total == 30 and first.pages == 2
    second = services.list_inbox(anna, InboxQuery(page=2), now=T0)
    assert [m.subject_nl for m in second.messages] == [f"Brief {i}" for i in range(4, -1, -1)]
    with pytest.raises(NotFound):
        services.list_inbox(anna, InboxQuery(page=3), now=T0)


def test_filters_unread_action_archived_and_sender(anna):
    tax = factories.create_organisation(name_nl="Belastingdienst")
    town = factories.create_organisation(name_nl="Gemeente Utrecht", name_en="Municipality of Utrecht")
    read = factories.create_message(recipient=anna, organisation=tax, subject="Gelezen")
    services.open_message(anna, read.public_id, actor=anna.account, now=T0)
    todo = factories.create_message(recipient=anna, organisation=town, subject="Te doen", deadline=date(2027, 2, 1))
    archived = factories.create_message(recipient=anna, organisation=town, subject="Oud")
    services.set_archived(anna, archived.public_id, True, actor=anna.account, now=T0)

    def subjects(**kw):
        return {m.subject_nl for m in services.list_inbox(anna, InboxQuery(**kw), now=T0).messages}

    assert subjects() == {"Gelezen", "Te doen"}
    assert subjects(filter="unread") == {"Te doen"}
    assert subjects(filter="action") == {"Te doen"}
    assert subjects(filter="archived") == {"Oud"}
    assert subjects(organisation=town.slug) == {"Te doen"}
    assert todo.public_id != archived.public_id


def test_search_looks_in_subject_and_sender_name_in_both_languages(anna):
    town = factories.create_organisation(name_nl="Gemeente Utrecht", name_en="Municipality of Utrecht")
    factories.create_message(recipient=anna, subject="Uw paspoort verloopt", subject_en="Your passport expires")
    factories.create_message(recipient=anna, organisation=town, subject="Afvalstoffenheffing", subject_en=None)

    def found(q):
        return {m.subject_nl for m in services.list_inbox(anna, InboxQuery(search=q), now=T0).messages}

    assert found("paspoort") == {"Uw paspoort verloopt"}
    assert found("PASSPORT") == {"Uw paspoort verloopt"}
    assert found("utrecht") == {"Afvalstoffenheffing"}
    assert found("municipality") == {"Afvalstoffenheffing"}
    assert found("nothing like this") == set()


def test_query_parse_falls_back_to_defaults_on_odd_input():
    q = InboxQuery.parse({"filter": "secret", "page": "-4", "q": "  a   b  ", "org": "x" * 80})
    assert (q.filter, q.page, q.search, len(q.organisation)) == ("all", 1, "a b", 50)
    assert InboxQuery.parse({"page": "two"}).page == 1
    assert InboxQuery(filter="unread", page=3).args(page=1) == {"filter": "unread"}


def test_deadlines_overdue_first_then_nearest_and_done_ones_leave(anna):
    today = date(2027, 1, 10)
    later = factories.create_message(recipient=anna, subject="Later", deadline=today + timedelta(days=30))
    soon = factories.create_message(recipient=anna, subject="Soon", deadline=today + timedelta(days=3))
    late = factories.create_message(recipient=anna, subject="Late", deadline=today - timedelta(days=2))
    factories.create_message(recipient=anna, subject="No deadline")
    assert [d.message.subject_nl for d in services.open_deadlines(anna, today=today)] == ["Late", "Soon", "Later"]
    services.set_done(anna, soon.public_id, True, actor=anna.account, now=T0)
    assert [d.message.subject_nl for d in services.open_deadlines(anna, today=today)] == ["Late", "Later"]
    services.set_archived(anna, later.public_id, True, actor=anna.account, now=T0)
    assert len(services.open_deadlines(anna, today=today)) == 2  # archiving does not hide a deadline
    assert late.deadline < today


@pytest.mark.parametrize(
    "now, deadline, days_left, overdue",
    [
        (datetime(2027, 1, 14, 22, 59), date(2027, 1, 15), 1, False),  # 23:59 in Amsterdam: still the last day
        (datetime(2027, 1, 14, 23, 0), date(2027, 1, 15), 0, True),  # 00:00 in Amsterdam on the date itself
        (datetime(2027, 1, 31, 12, 0), date(2027, 2, 1), 1, False),  # across a month end
        (datetime(2026, 12, 31, 23, 30), date(2027, 1, 2), 1, False),  # New Year's night in Amsterdam
        (datetime(2027, 3, 28, 0, 30), date(2027, 3, 29), 1, False),  # the night summer time starts
        (datetime(2027, 2, 26, 12, 0), date(2027, 3, 1), 3, False),  # February has 28 days
    ],
)
def test_days_left_use_the_dutch_calendar_date(now, deadline, days_left, overdue):
    message = Message(deadline=deadline)
    d = Deadline(message, local_today(now))
    assert (d.days_left, d.overdue) == (days_left, overdue)


def test_another_citizens_message_is_not_found_for_any_action(anna):
    other = factories.create_citizen()
    theirs = factories.create_message(recipient=other, attachments=[("a.pdf", b"%PDF-1.4 x")])
    attachment_id = theirs.attachments[0].id
    calls = [
        lambda: services.get_message(anna, theirs.public_id),
        lambda: services.open_message(anna, theirs.public_id, actor=anna.account, now=T0),
        lambda: services.read_attachment(anna, theirs.public_id, attachment_id, actor=anna.account, now=T0),
        lambda: services.set_done(anna, theirs.public_id, True, actor=anna.account, now=T0),
        lambda: services.set_archived(anna, theirs.public_id, True, actor=anna.account, now=T0),
        lambda: services.delete_message(anna, theirs.public_id, actor=anna.account, now=T0),
        lambda: services.restore_message(anna, theirs.public_id, actor=anna.account, now=T0),
    ]
    for call in calls:
        with pytest.raises(NotFound):
            call()
    fresh = Message.get_by_id(theirs.id)
    assert (fresh.first_opened_at, fresh.done_at, fresh.archived_at, fresh.deleted_at) == (None,) * 4
    assert Event.select().where(Event.citizen == anna).count() == 0


def test_opening_records_first_open_once_and_every_read(anna):
    message = factories.create_message(recipient=anna)
    services.open_message(anna, message.public_id, actor=anna.account, now=T0)
    services.open_message(anna, message.public_id, actor=anna.account, now=T0 + timedelta(hours=1))
    assert Message.get_by_id(message.id).first_opened_at == T0
    kinds = [e.kind for e in Event.select().where(Event.message == message).order_by(Event.id)]
    assert kinds == ["delivered", "opened", "read", "read"]


def test_done_archive_delete_and_restore_record_events_once(anna):
    message = factories.create_message(recipient=anna)
    pid = message.public_id
    for _ in range(2):  # a double click changes nothing the second time
        services.set_done(anna, pid, True, actor=anna.account, now=T0)
    services.set_done(anna, pid, False, actor=anna.account, now=T0)
    services.set_archived(anna, pid, True, actor=anna.account, now=T0)
    services.delete_message(anna, pid, actor=anna.account, now=T0)
    with pytest.raises(NotFound):
        services.get_message(anna, pid)
    assert services.list_inbox(anna, InboxQuery(filter="deleted"), now=T0).total == 1
    services.restore_message(anna, pid, actor=anna.account, now=T0 + timedelta(days=29))
    assert services.get_message(anna, pid).deleted_at is None
    kinds = [e.kind for e in Event.select().where(Event.message == message).order_by(Event.id)]
    assert kinds == ["delivered", "done", "not_done", "archived", "deleted", "restored"]


def test_deleted_message_cannot_be_restored_after_30_days(anna):
    message = factories.create_message(recipient=anna)
    services.delete_message(anna, message.public_id, actor=anna.account, now=T0)
    later = T0 + timedelta(days=30, seconds=1)
    assert services.list_inbox(anna, InboxQuery(filter="deleted"), now=later).total == 0
    with pytest.raises(NotFound):
        services.restore_message(anna, message.public_id, actor=anna.account, now=later)


def test_a_reading_no_listener_wants_is_one_insert_without_a_transaction(anna, monkeypatch):
    """Event.save opens a transaction only when a listener (webhooks) writes for the event's kind."""
    from contextlib import nullcontext

    import portal.models
    from portal.webhooks.events import on_event

    message = factories.create_message(recipient=anna)
    services.open_message(anna, message.public_id, actor=anna.account, now=datetime(2026, 3, 1))
    opened = []
    monkeypatch.setattr(portal.models, "joined_transaction", lambda: opened.append(1) or nullcontext())
    services.open_message(anna, message.public_id, actor=anna.account, now=datetime(2026, 3, 2))
    assert opened == [] and "read" not in on_event.kinds
    assert [e.kind for e in Event.select().where(Event.message == message).order_by(Event.id)][-2:] == ["read", "read"]
    services.record("done", citizen=anna, actor=anna.account, now=datetime(2026, 3, 2), message=message)
    assert opened == [1]  # a kind the webhooks send: the event and its deliveries in one transaction


def test_the_message_pages_flags_agree_with_each_features_own_query(app, anna):
    """The message page asks with the message whether it has attachments, a paper request, a moved deadline and
    follow-up events, and each feature skips its query where there are none: both ways, what the page gets
    is what the feature's own query finds."""
    from portal.followup.views import events_of
    from portal.paper import services as paper
    from portal.paper.status import paper_view
    from portal.webhooks.deadlines import latest_change
    from portal.webhooks.models import DeadlineChange
    from tests.api.conftest import make_pdf

    with app.test_request_context():  # the follow-up's sentences are translated
        factories.give_postal_address(anna)
        plain = factories.create_message(recipient=anna)
        full = factories.create_message(recipient=anna, deadline=date(2027, 2, 1), attachments=[("a.pdf", make_pdf())])
        paper.request_paper_copy(full, requested_by="citizen", actor=anna.account, now=T0)
        DeadlineChange.create(message=full, previous=date(2027, 1, 25), deadline=date(2027, 2, 1), reason="Later.",
                              changed_at=T0)
        Event.create(message=full, citizen=anna, kind="reminded", at=T0)
        flags = ("has_attachments", "has_paper_request", "deadline_moved", "follow_up_events")
        for message, expected in ((plain, False), (full, True)):
            flagged = services.get_message(anna, message.public_id, for_page=True)
            unflagged = services.get_message(anna, message.public_id)
            assert [bool(getattr(flagged, flag)) for flag in flags] == [expected] * 4
            assert not any(hasattr(unflagged, flag) for flag in flags)
            ids = lambda rows: [row.id for row in rows]  # noqa: E731
            assert ids(services.attachments_of(flagged)) == ids(services.attachments_of(unflagged))
            assert ids(filter(None, [latest_change(flagged)])) == ids(filter(None, [latest_change(unflagged)]))
            assert paper_view(flagged, now=T0).seen == paper_view(unflagged, now=T0).seen
            assert events_of(flagged) == events_of(unflagged)
            assert bool(events_of(unflagged)) == bool(services.attachments_of(unflagged)) == expected


def test_an_inbox_pages_paper_flags_agree_with_the_paper_query(app, anna):
    """Each row of an inbox page says whether its message has a paper request; the page's paper states are what
    the paper query alone gives, with a request on the page and without."""
    from portal.paper import services as paper
    from portal.paper.status import paper_views

    factories.give_postal_address(anna)
    older = factories.create_message(recipient=anna, delivered_at=T0)
    factories.create_message(recipient=anna, delivered_at=T0 + timedelta(hours=1))
    for step in ("none", "one"):
        if step == "one":
            paper.request_paper_copy(older, requested_by="citizen", actor=anna.account, now=T0)
        rows = services.list_inbox(anna, InboxQuery(), now=T0).messages
        plain = [Message.get_by_id(m.id) for m in rows]  # read without the flags
        assert [bool(m.has_paper_request) for m in rows] == [False, step == "one"]
        seen = lambda views: {i: view.seen for i, view in views.items()}  # noqa: E731
        assert seen(paper_views(rows, now=T0)) == seen(paper_views(plain, now=T0))
        assert (seen(paper_views(rows, now=T0))[older.id] > 0) == (step == "one")
