"""Who reaches the caseload: every caseload route (found on the URL map, so a new one is checked the day it is
added) and the client's mail opened from it, for each kind of visitor who must not see it: 404 for someone who
never was staff or is another organisation's, "your access has ended" for a leaver, 404 for an ended or
expired authorisation, and the acting-for banner gone the request after it ends."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from portal.access import level_of
from portal.caseload import services
from portal.clock import local_today, utcnow
from portal.models import Message
from portal.paper.models import PaperRequest
from tests import factories
from tests.caseload.conftest import Office

# Routes of the coordinator alone: a plain staff member of the same organisation gets 404 there too.
COORDINATOR_ONLY = {"caseload.assign", "caseload.end", "caseload.unassign", "caseload.staff", "caseload.staff_role",
                    "caseload.staff_remove"}
# The caseload routes that are about one client (an ended or expired authorisation: 404).
ABOUT_A_CLIENT = {"caseload.client", "caseload.assign", "caseload.end", "caseload.unassign"}


def staff_routes(app, office, authorisation, letter):
    """(endpoint, method, url, form) for every caseload route of the staff (not the citizen's own pages)."""
    values = {"authorisation_id": authorisation.id, "staff_id": office.staff.id}
    found = []
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith("caseload.") or level_of(app, rule.endpoint) != "account":
            continue
        url = re.sub(r"<int:(\w+)>", lambda m: str(values[m.group(1)]), rule.rule)
        form = {"message": letter.public_id, "staff": str(office.staff.id), "role": "coordinator",
                "email": office.staff.account.email, "reason": "Beschikking", "open": letter.public_id}
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            found.append((rule.endpoint, method, url, form))
    assert {e for e, *_ in found} >= COORDINATOR_ONLY | ABOUT_A_CLIENT | {"caseload.index", "caseload.paper"}
    return found


def send(pages, method, url, form):
    return pages.client.get(url) if method == "GET" else pages.post(url, form)


@pytest.fixture
def case(office):
    anna, authorisation = office.client()
    letter = factories.create_message(recipient=anna, deadline=local_today(utcnow()) - timedelta(days=1),
                                      subject="Boete")
    return anna, authorisation, letter


def nothing_changed(office, authorisation):
    assert not PaperRequest.select().exists()
    assert services.membership(office.staff.account).role == "staff"
    assert services.client_of(office.coordinator, authorisation.id, now=utcnow()).ended_at is None


def test_another_organisations_coordinator_gets_404_on_every_caseload_route(app, office, case, pages):
    _, authorisation, letter = case
    other = Office(slug="schuldhulp-zeist", name="Schuldhulp Zeist")
    pages.login(other.coordinator.account.email)
    for endpoint, method, url, form in staff_routes(app, office, authorisation, letter):
        response = send(pages, method, url, form)
        if endpoint == "caseload.index" or (endpoint == "caseload.staff" and method == "GET"):
            assert response.status_code == 200 and "Anna" not in response.get_data(as_text=True), url
        elif endpoint == "caseload.paper":  # a letter of someone not their client: refused, nothing made
            assert response.status_code in (303, 404), url
        elif endpoint == "caseload.staff" and method == "POST":  # works for another organisation already
            assert response.status_code == 400, url
        else:
            assert response.status_code == 404, (method, url, response.status_code)
    nothing_changed(office, authorisation)


@pytest.mark.parametrize("who", ["plain account", "citizen", "sender"])
def test_someone_who_never_was_staff_gets_404_on_every_caseload_route(app, office, case, pages, who):
    _, authorisation, letter = case
    account = {"plain account": lambda: factories.create_account(role="helper"),
               "citizen": lambda: factories.create_citizen().account,
               "sender": lambda: factories.create_sender_user().account}[who]()
    pages.login(account.email)
    for _endpoint, method, url, form in staff_routes(app, office, authorisation, letter):
        assert send(pages, method, url, form).status_code == 404, (method, url)
    nothing_changed(office, authorisation)


def test_a_removed_staff_member_is_told_their_access_has_ended_on_every_caseload_route(app, office, case, pages):
    _, authorisation, letter = case
    leaver = Office(slug="schuldhulp-zeist", name="Schuldhulp Zeist")  # the leaver was a coordinator there
    pages.login(leaver.coordinator.account.email)
    services.remove_staff(leaver.coordinator, actor=None, now=utcnow())
    for _endpoint, method, url, form in staff_routes(app, office, authorisation, letter):
        response = send(pages, method, url, form)
        assert response.status_code == 403, (method, url)
        assert "Uw toegang is beëindigd" in response.get_data(as_text=True)
    nothing_changed(office, authorisation)


def test_a_staff_member_gets_404_on_the_coordinators_routes(app, office, case, pages):
    _, authorisation, letter = case
    pages.login(office.staff.account.email)
    for endpoint, method, url, form in staff_routes(app, office, authorisation, letter):
        if endpoint in COORDINATOR_ONLY:
            assert send(pages, method, url, form).status_code == 404, (method, url)
    nothing_changed(office, authorisation)


@pytest.mark.parametrize("how", ["ended", "expired"])
@pytest.mark.parametrize("role", ["staff", "coordinator"])
def test_an_ended_or_expired_authorisation_answers_404_on_every_client_route(app, office, case, pages, how, role):
    anna, authorisation, letter = case
    if how == "ended":
        services.end(authorisation, actor=anna.account, reason="", now=utcnow(), by_client=True)
    else:
        authorisation.valid_until = utcnow() - timedelta(seconds=1)
        authorisation.save()
    pages.login(getattr(office, role).account.email)
    for endpoint, method, url, form in staff_routes(app, office, authorisation, letter):
        response = send(pages, method, url, form)
        if endpoint in ABOUT_A_CLIENT and (role == "coordinator" or endpoint not in COORDINATOR_ONLY):
            assert response.status_code == 404, (method, url)
        if endpoint == "caseload.index":
            assert letter.public_id not in response.get_data(as_text=True)
    assert pages.post("/caseload/paper", {"open": letter.public_id}).status_code == 404
    assert pages.post("/caseload/paper", {"message": letter.public_id}).status_code == 303
    assert not PaperRequest.select().exists()


def client_routes(app, letter):
    """(method, url) for every citizen route a helper may use (helpers_may): the client's mail, opened from
    the caseload under the acting-for banner."""
    from portal.helpers.acting import OWNER

    found = []
    for rule in app.url_map.iter_rules():
        view = app.view_functions[rule.endpoint]
        if level_of(app, rule.endpoint) != "citizen" or getattr(view, "helper_scope", OWNER) == OWNER:
            continue
        url = re.sub(r"<int:\w+>", "1", rule.rule).replace("<public_id>", letter.public_id)
        assert "<" not in url, url
        found += [(method, url) for method in sorted(rule.methods - {"HEAD", "OPTIONS"})]
    assert ("GET", f"/inbox/{letter.public_id}") in found and len(found) > 5
    return found


@pytest.mark.parametrize("how", ["ended", "expired", "removed", "unassigned"])
def test_the_clients_mail_open_from_the_caseload_stops_the_request_after_access_ends(app, office, case, pages, how):
    anna, authorisation, letter = case
    pages.login(office.staff.account.email)
    assert pages.post("/caseload/paper", {"open": letter.public_id}).status_code == 303
    assert "acting-banner" in pages.client.get(f"/inbox/{letter.public_id}").get_data(as_text=True)
    if how == "ended":
        services.end(authorisation, actor=anna.account, reason="", now=utcnow(), by_client=True)
    elif how == "expired":
        authorisation.valid_until = utcnow() - timedelta(seconds=1)
        authorisation.save()
    elif how == "removed":
        services.remove_staff(office.staff, actor=None, now=utcnow())
    else:
        from portal.caseload import team

        team.unassign(office.coordinator, authorisation.id, office.staff.id, now=utcnow())
    for method, url in client_routes(app, letter):
        response = send(pages, method, url, {"confirm": "yes"})
        assert response.status_code in (303, 403, 404), (method, url, response.status_code)
        assert "Boete" not in response.get_data(as_text=True), (method, url)
        if response.status_code == 303:  # the request after access ended: back, with "your access has ended"
            landed = pages.client.get(response.headers["Location"]).get_data(as_text=True)
            assert "acting-banner" not in landed and "Boete" not in landed
            assert ("Uw toegang tot de post van deze cliënt is beëindigd" in landed
                    or "Uw toegang is beëindigd" in landed), url
    assert not PaperRequest.select().exists()
    assert Message.get_by_id(letter.id).done_at is None
