"""Two clicks at the same moment make one paper request: two threads POST to the same app at once.

A barrier holds both requests right after each has checked that no request is open yet, so both go on to
insert: only the database's unique index (one open request per message) can stop the second. Runs on SQLite
and, through tests/pgcluster.py, on PostgreSQL.
"""

import contextlib
import threading

import pytest

from portal.models import Event
from portal.paper import services
from portal.paper.models import PaperRequest
from tests import factories
from tests.conftest import Pages


@pytest.fixture
def two_browsers(app, citizen):
    """Two logged-in sessions of the same citizen, each with its own test client (and so its own connection)."""
    factories.give_postal_address(citizen)
    browsers = []
    for _ in range(2):
        pages = Pages(app.test_client())
        assert pages.login(citizen.account.email).status_code == 302
        browsers.append(pages)
    return browsers


def race(monkeypatch, actions):
    """Run the actions in two threads; both pass the "is one open?" check before either inserts."""
    barrier = threading.Barrier(len(actions), timeout=10)
    calls = threading.local()
    original = services.open_request_for

    def open_request_for(message):
        found = original(message)
        if not getattr(calls, "waited", False):
            calls.waited = True
            with contextlib.suppress(threading.BrokenBarrierError):
                barrier.wait()
        return found

    monkeypatch.setattr(services, "open_request_for", open_request_for)
    results, errors = [None] * len(actions), []

    def run(index, action):
        try:
            results[index] = action()
        except Exception as error:  # reported below: a thread's failure must fail the test
            errors.append(error)

    threads = [threading.Thread(target=run, args=(i, a)) for i, a in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors, errors
    assert not barrier.broken, "both requests should have reached the insert together"
    return results


def test_two_concurrent_posts_make_exactly_one_request(two_browsers, citizen, monkeypatch):
    message = factories.create_message(recipient=citizen)
    tokens = [factories_token(b) for b in two_browsers]
    url = f"/paper/{message.public_id}/request"
    answers = race(monkeypatch, [
        lambda b=b, t=t: b.client.post(url, data={"csrf_token": t, "seen": "0", "view": "page"})
        for b, t in zip(two_browsers, tokens, strict=True)
    ])
    assert [a.status_code for a in answers] == [303, 303]
    assert PaperRequest.select().where(PaperRequest.message == message).count() == 1
    assert Event.select().where(Event.message == message, Event.kind == "paper_requested").count() == 1
    texts = sorted(two_browsers[i].get(answers[i].location).find(role="status").get_text(" ", strip=True)
                   for i in range(2))
    assert "al onderweg" in texts[0] and "per post" in texts[1], texts


def test_a_click_and_a_senders_request_at_once_make_one_request(app, citizen, monkeypatch):
    factories.give_postal_address(citizen)
    message = factories.create_message(recipient=citizen)

    def ask(requested_by):
        with app.app_context():
            return services.request_paper_copy(message, requested_by=requested_by, actor=None, now=message.delivered_at)

    made = race(monkeypatch, [lambda: ask("citizen"), lambda: ask("sender")])
    assert sorted(r.created for r in made) == [False, True]
    assert made[0].id == made[1].id
    assert PaperRequest.select().count() == 1


def factories_token(pages) -> str:
    from tests.conftest import csrf_token

    return csrf_token(pages.client)
