"""What the request path keeps or reads once (the citizen with the session, the count with the page's rows, the
CSRF token per request, hashed static URLs per process) never shows an old state: each change below shows on
the very next page."""

from __future__ import annotations

import re

from portal.models import Citizen
from tests import factories
from tests.assisted.conftest import act_for, authorise


def row_of(soup, message):
    link = soup.find("a", href=f"/inbox/{message.public_id}")
    return link.find_parent("li")


def test_a_message_opened_is_read_on_the_next_inbox_page(logged_in, citizen):
    message = factories.create_message(recipient=citizen)
    assert "message-row--unread" in row_of(logged_in.get("/inbox/"), message)["class"]
    assert len(logged_in.get("/inbox/?filter=unread").select(".message-row")) == 1
    logged_in.get(f"/inbox/{message.public_id}")
    assert "message-row--unread" not in row_of(logged_in.get("/inbox/"), message)["class"]
    assert logged_in.get("/inbox/?filter=unread").select(".message-row") == []


def test_a_new_message_counts_on_the_next_page(logged_in, citizen):
    factories.create_message(recipient=citizen)
    assert logged_in.get("/inbox/").find(id="inbox-status").get_text(strip=True) == "1 bericht."
    factories.create_message(recipient=citizen, subject="Nog een")
    assert logged_in.get("/inbox/").find(id="inbox-status").get_text(strip=True) == "2 berichten."


def test_a_paper_request_shows_on_the_next_page(logged_in, citizen):
    factories.give_postal_address(citizen)
    message = factories.create_message(recipient=citizen)
    row = row_of(logged_in.get("/inbox/"), message)
    assert "Stuur mij dit per post" in row.get_text()
    response = logged_in.post(f"/paper/{message.public_id}/request", {"seen": "0", "view": "row"})
    assert response.status_code in (302, 303)
    row = row_of(logged_in.get("/inbox/"), message)
    assert "Per post: we versturen hem op" in " ".join(row.get_text().split())
    assert "Annuleer de papieren brief" in row.get_text()
    page = logged_in.get(f"/inbox/{message.public_id}")
    assert "Dorpsstraat 12A" in page.find(id=f"paper-{message.public_id}").get_text()


def test_a_new_address_shows_on_the_next_page(logged_in, citizen):
    """The citizen is read with the session on each request, never kept between requests."""
    factories.give_postal_address(citizen)
    message = factories.create_message(recipient=citizen)
    assert "Dorpsstraat" in logged_in.get(f"/inbox/{message.public_id}").find(id=f"paper-{message.public_id}").text
    factories.give_postal_address(Citizen.get_by_id(citizen.id), street="Kerkstraat")
    panel = logged_in.get(f"/inbox/{message.public_id}").find(id=f"paper-{message.public_id}").get_text()
    assert "Kerkstraat" in panel and "Dorpsstraat" not in panel


def test_a_language_switch_shows_on_the_next_page(logged_in, citizen):
    message = factories.create_message(recipient=citizen)
    before = logged_in.get("/inbox/")
    assert before.html["lang"] == "nl" and "Uw berichten" in before.title.text
    logged_in.post("/language", {"language": "en", "next": "/inbox/"})
    after = logged_in.get("/inbox/")
    assert after.html["lang"] == "en" and "Your messages" in after.title.text
    assert row_of(after, message).find("a").text == "Your tax assessment"
    assert "Send me this by post" in logged_in.get(f"/inbox/{message.public_id}").text
    stylesheets = [link["href"] for page in (before, after) for link in page.select("link[rel=stylesheet]")]
    assert len(set(stylesheets)) == 2 and all(re.search(r"\?v=[0-9a-f]{12}$", href) for href in stylesheets)


def test_a_helper_starting_and_stopping_to_act_shows_on_the_next_page(pages, citizen):
    message = factories.create_message(recipient=citizen, subject="Brief voor Anna")
    helper = factories.create_account(email="fatima@example.nl", name="Fatima El Amrani", role="helper")
    delegation = authorise(citizen, helper)
    pages.login(helper.email)
    pages.get("/inbox/", status=403)  # a helper has no inbox of their own
    act_for(pages, helper, delegation)
    inbox = pages.get("/inbox/")
    assert row_of(inbox, message) is not None
    assert "Anna" in inbox.find(class_="acting-banner").get_text()
    assert "Brief voor Anna" in pages.get(f"/inbox/{message.public_id}").find("h1").text
    pages.post("/helping/stop")
    pages.get("/inbox/", status=403)


def test_one_session_query_brings_the_citizen(logged_in, citizen):
    """The session, its account and the citizen in one query: the inbox reads the citizen no second time."""
    from playhouse.test_utils import count_queries

    factories.give_postal_address(citizen)
    factories.create_message(recipient=citizen)
    with count_queries() as counted:
        logged_in.client.get("/inbox/")
    citizen_reads = [q for q in counted.get_queries() if 'FROM "citizen"' in q.msg[0]]
    assert citizen_reads == [], [q.msg[0][:120] for q in citizen_reads]


def test_htmx_loads_only_on_pages_that_use_it(logged_in, citizen):
    """A page with hx- attributes loads htmx (and its settings); a page without them loads neither."""
    factories.give_postal_address(citizen)
    message = factories.create_message(recipient=citizen)
    for url in ("/inbox/", f"/inbox/{message.public_id}", "/accessibility", "/settings/", "/account", "/help"):
        html = logged_in.client.get(url).get_data(as_text=True)
        uses = re.search(r"\s(data-)?hx-[a-z-]+=", html) is not None
        loads = "/static/htmx.min.js" in html
        assert uses == loads == ('name="htmx-config"' in html), url
        assert uses == url.startswith("/inbox/"), url
