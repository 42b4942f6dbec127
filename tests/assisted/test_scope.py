"""Scope on every citizen route: a table of route × authorisation scope → allowed or 403, walked over the URL
map so that a new citizen route fails here until it is in the table. And helpers of A never reach B."""

import re

import pytest

from portal.access import level_of
from portal.helpers import acting
from portal.helpers.models import DELEGATION_SCOPES, Delegation
from portal.takeout.models import TakeoutJob
from tests import factories
from tests.assisted.conftest import act_for, authorise

# Which action of a scope each citizen route needs; None: the citizen alone (never a helper).
NEEDS = {
    "inbox.index": "read",
    "inbox.message": "read",
    "inbox.attachment": "read",
    "inbox.message_pdf": "read",
    "inbox.deadline_ics": "read",
    "inbox.mark_done": "done",
    "inbox.archive": None,
    "inbox.delete": None,
    "inbox.restore": None,
    "paper.status": "read",
    "paper.request_copy": "paper",
    "paper.cancel": "paper",
    "paper.address": None,
    "paper.letter_pdf": "read",
    "settings.address": None,
    "settings.paper": None,
    "helpers.manage": None,
    "helpers.invite": None,
    "helpers.end": None,
    "caseload.organisations": None,
    "caseload.citizen_end": None,
    "accesslog.index": None,
    "accesslog.download": None,
    "takeout.index": None,
    "takeout.start": None,
    "takeout.status": None,
    "takeout.download": None,
    "followup.alerts": None,  # e-mail alert settings
    "followup.removal": None,  # messages soon removed
    "safetynet.welcome_back": None,  # the choice after the safety net moved the inbox to paper
    "safetynet.confirm_address": None,  # the six-monthly confirmation of the alert address
}


def citizen_routes(app):
    for rule in app.url_map.iter_rules():
        if level_of(app, rule.endpoint) == "citizen":
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                yield rule, method


def test_every_citizen_route_is_in_the_table_and_says_what_a_helper_needs(app):
    endpoints = {rule.endpoint for rule, _ in citizen_routes(app)}
    assert endpoints == set(NEEDS), "add new citizen routes to NEEDS (and helpers_may to the view if helpers may)"
    with app.test_request_context():
        for endpoint, needs in NEEDS.items():
            assert acting.scope_of(endpoint) == (needs or acting.OWNER), endpoint


@pytest.fixture
def mail(citizen):
    factories.give_postal_address(citizen)
    message = factories.create_message(recipient=citizen, deadline=factories.utcnow().date(),
                                       attachments=[("bijlage.pdf", b"%PDF-1.4 test")])
    job = TakeoutJob.create(public_id="t" * 32, citizen=citizen, created_at=factories.utcnow(),
                            expires_at=factories.utcnow())
    return {"public_id": message.public_id, "attachment_id": message.attachments[0].id, "job": job.public_id}


def url_for_rule(rule, values: dict) -> str:
    def fill(match):
        name = match.group(1).split(":")[-1]
        return str({"public_id": values["job"] if rule.endpoint.startswith("takeout.") else values["public_id"],
                    "attachment_id": values["attachment_id"], "delegation_id": values["delegation_id"],
                    "authorisation_id": values["delegation_id"]}[name])  # any id: those routes are the citizen's

    return re.sub(r"<([^>]+)>", fill, rule.rule)


@pytest.mark.parametrize("scope", sorted(DELEGATION_SCOPES))
def test_a_helper_reaches_exactly_the_routes_in_scope(app, pages, citizen, helper, mail, scope):
    delegation = authorise(citizen, helper, scope)
    act_for(pages, helper, delegation)
    values = dict(mail, delegation_id=delegation.id)
    for rule, method in citizen_routes(app):
        url = url_for_rule(rule, values)
        response = pages.client.get(url) if method == "GET" else pages.post(url, {"done": "1"})
        allowed = NEEDS[rule.endpoint] in DELEGATION_SCOPES[scope]
        if allowed:
            assert response.status_code != 403, (scope, method, url)
        else:
            assert response.status_code == 403, (scope, method, url, response.status_code)
            text = response.get_data(as_text=True)
            assert "Anna de Vries" in text, "the refusal says whose mail and why"
    # Still acting, still allowed to read: nothing above ended the authorisation.
    assert Delegation.get_by_id(delegation.id).revoked_at is None


def test_the_refusal_is_a_plain_page_in_english_too(pages, citizen, helper, mail):
    delegation = authorise(citizen, helper, "read")
    act_for(pages, helper, delegation)
    pages.post("/language", {"language": "en"})
    response = pages.post(f"/paper/{mail['public_id']}/request")
    assert response.status_code == 403
    text = response.get_data(as_text=True)
    assert "You are helping Anna de Vries." in text and "Only Anna de Vries can do this" in text


def test_only_actions_in_scope_are_offered(pages, citizen, helper, mail):
    delegation = authorise(citizen, helper, "read")
    act_for(pages, helper, delegation)
    page = pages.get(f"/inbox/{mail['public_id']}")
    forms = {form["action"] for form in page.select("main form")}
    assert not any(action.endswith(("/request", "/done", "/archive", "/delete")) for action in forms), forms
    assert page.select_one(f"a[href='/paper/{mail['public_id']}/letter.pdf']")
    assert not page.select_one(f"a[href='/inbox/{mail['public_id']}/delete']")
    list_page = pages.get("/inbox/")
    assert not [f for f in list_page.select("main form") if f["action"].endswith("/request")]

    helper_with_paper = factories.create_account(email="piet@example.nl", name="Piet")
    authorised = authorise(citizen, helper_with_paper, "paper")
    pages.logout()
    act_for(pages, helper_with_paper, authorised)
    page = pages.get(f"/inbox/{mail['public_id']}")
    actions = {form["action"] for form in page.select("main form")}
    assert f"/paper/{mail['public_id']}/request" in actions
    assert f"/inbox/{mail['public_id']}/done" not in actions


def test_helpers_of_citizen_a_never_reach_citizen_b(app, pages, citizen, helper, mail):
    other = factories.create_citizen(name="Pieter Jansen")
    other_message = factories.create_message(recipient=other, subject="Geheim van Pieter",
                                             attachments=[("b.pdf", b"%PDF-1.4 b")],
                                             deadline=factories.utcnow().date())
    other_helper = factories.create_account(email="kees@example.nl", name="Kees")
    other_delegation = authorise(other, other_helper, "paper_done")
    delegation = authorise(citizen, helper, "paper_done")
    act_for(pages, helper, delegation)
    values = {"public_id": other_message.public_id, "attachment_id": other_message.attachments[0].id,
              "job": "x" * 32, "delegation_id": other_delegation.id}
    for rule, method in citizen_routes(app):
        url = url_for_rule(rule, values)
        response = pages.client.get(url) if method == "GET" else pages.post(url, {"done": "1"})
        body = response.get_data()
        assert response.status_code in (403, 404) or rule.endpoint in ("inbox.index", "helpers.manage",
                                                                          "helpers.invite", "accesslog.index",
                                                                          "takeout.index", "settings.paper",
                                                                          "settings.address"), (method, url)
        assert b"Pieter Jansen" not in body and b"Geheim van Pieter" not in body, (method, url)
    # Another helper's authorisation cannot be opened, nor planted in the session cookie.
    assert pages.post(f"/helping/{other_delegation.id}/open").status_code == 404
    with pages.client.session_transaction() as session:
        session[acting.SESSION_KEY] = other_delegation.id
    page = pages.client.get("/inbox/")
    assert b"Pieter Jansen" not in page.get_data()
    assert other_delegation.revoked_at is None and Delegation.get_by_id(other_delegation.id).helper_id != helper.id
