"""The coordinator manages the organisation in the browser: add staff by e-mail, change a role, remove someone
(the same service as the command line), take a client away; the header links staff to the caseload."""

from __future__ import annotations

from datetime import timedelta

import pytest

from portal.accesslog import services as accesslog
from portal.caseload import services
from portal.caseload.models import Assignment, HelperStaff
from portal.clock import local_today, utcnow
from tests import factories
from tests.caseload.conftest import Office


def login_coordinator(pages, office):
    pages.login(office.coordinator.account.email)


def test_the_coordinator_adds_an_existing_account_by_its_address(office, pages):
    newcomer = factories.create_account(email="lisa@example.nl", name="Lisa Bos", role="helper")
    login_coordinator(pages, office)
    pages.get("/caseload/staff")
    response = pages.post("/caseload/staff", {"email": " Lisa@Example.nl ", "role": "staff"})
    assert response.status_code == 303 and response.headers["Location"].endswith("/caseload/staff")
    member = services.membership(newcomer)
    assert member.organisation_id == office.org.id and member.role == "staff"
    page = str(pages.get("/caseload/staff"))
    assert "Lisa Bos" in page and "lisa@example.nl" in page


@pytest.mark.parametrize("email, says", [
    ("nobody@example.nl", "Er is geen account met dit e-mailadres"),
    ("not an address", "e-mailadres"),
    ("staff@bewindvoering-utrecht.example.nl", "hoort al bij de medewerkers"),
    ("coordinator@schuldhulp-zeist.example.nl", "werkt al voor een andere"),
])
def test_adding_someone_who_cannot_be_added_shows_the_error_summary(office, pages, email, says):
    Office(slug="schuldhulp-zeist", name="Schuldhulp Zeist")
    before = HelperStaff.select().count()
    login_coordinator(pages, office)
    response = pages.post("/caseload/staff", {"email": email, "role": "staff"})
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert 'class="error-summary"' in body and 'href="#email"' in body and 'aria-invalid="true"' in body
    assert says in body and "<title>Fout: " in body
    assert HelperStaff.select().count() == before
    assert pages.post("/caseload/staff", {"email": "lisa@example.nl", "role": "boss"}).status_code == 400


def test_the_coordinator_changes_a_role_but_never_leaves_the_organisation_without_one(office, pages):
    login_coordinator(pages, office)
    assert pages.post(f"/caseload/staff/{office.staff.id}/role", {"role": "coordinator"}).status_code == 303
    assert HelperStaff.get_by_id(office.staff.id).role == "coordinator"
    assert pages.post(f"/caseload/staff/{office.staff.id}/role", {"role": "staff"}).status_code == 303
    response = pages.post(f"/caseload/staff/{office.coordinator.id}/role", {"role": "staff"})
    assert response.status_code == 400  # the only coordinator
    assert f'href="#role-{office.coordinator.id}"' in response.get_data(as_text=True)
    assert HelperStaff.get_by_id(office.coordinator.id).role == "coordinator"
    # With a second coordinator, the first may step down: back to the caseload, the staff pages now closed.
    assert pages.post(f"/caseload/staff/{office.staff.id}/role", {"role": "coordinator"}).status_code == 303
    stepped_down = pages.post(f"/caseload/staff/{office.coordinator.id}/role", {"role": "staff"})
    assert stepped_down.status_code == 303 and stepped_down.headers["Location"].endswith("/caseload/")
    assert pages.client.get("/caseload/staff").status_code == 404


def test_removing_a_staff_member_asks_first_then_ends_their_access_at_once(office, pages, client):
    anna, authorisation = office.client()
    letter = factories.create_message(recipient=anna, deadline=local_today(utcnow()) + timedelta(days=2))
    leaver = pages.__class__(client.application.test_client())
    leaver.login(office.staff.account.email)
    assert leaver.client.get("/caseload/").status_code == 200
    login_coordinator(pages, office)
    confirm = str(pages.get(f"/caseload/staff/{office.staff.id}/remove"))
    assert "Joost Visser" in confirm and "1 cliënt" in confirm
    assert services.membership(office.staff.account) is not None  # the GET changed nothing
    response = pages.post(f"/caseload/staff/{office.staff.id}/remove")
    assert response.status_code == 303
    assert services.membership(office.staff.account) is None
    refused = leaver.client.get("/caseload/")
    assert refused.status_code == 403 and "Uw toegang is beëindigd" in refused.get_data(as_text=True)
    assert Assignment.get(Assignment.authorisation == authorisation).staff_id == office.coordinator.id
    assert letter.public_id in {r.public_id for r in services.caseload(office.coordinator, now=utcnow()).rows}
    left = [e for e in accesslog.all_entries(anna) if e.event.kind == "caseload_staff_left"]
    assert [e.who for e in left] == ["Karin Smit of Bewindvoering Utrecht (helps you)"]
    assert pages.client.get(f"/caseload/staff/{office.staff.id}/remove").status_code == 404  # gone already


def test_the_last_coordinator_cannot_remove_themselves(office, pages):
    login_coordinator(pages, office)
    response = pages.post(f"/caseload/staff/{office.coordinator.id}/remove")
    assert response.status_code == 400 and 'class="error-summary"' in response.get_data(as_text=True)
    assert services.membership(office.coordinator.account) is not None


def test_the_coordinator_takes_a_client_away_from_a_staff_member(office, pages):
    anna, authorisation = office.client()
    login_coordinator(pages, office)
    page = str(pages.get(f"/caseload/clients/{authorisation.id}"))
    assert f'name="staff" value="{office.staff.id}"' in page
    assert pages.post(f"/caseload/clients/{authorisation.id}/unassign",
                      {"staff": str(office.staff.id)}).status_code == 303
    assert not Assignment.select().where(Assignment.staff == office.staff).exists()
    assert services.caseload(office.staff, now=utcnow()).rows == []
    taken = [e for e in accesslog.all_entries(anna) if e.event.kind == "caseload_unassigned"]
    assert len(taken) == 1 and taken[0].who == "Karin Smit of Bewindvoering Utrecht (helps you)"
    assert taken[0].event.detail == "Joost Visser" and taken[0].what != accesslog.OTHER
    pages.logout()
    pages.login(office.staff.account.email)
    assert pages.client.get(f"/caseload/clients/{authorisation.id}").status_code == 404


def test_staff_and_other_organisations_do_not_reach_the_staff_pages(office, pages):
    other = Office(slug="schuldhulp-zeist", name="Schuldhulp Zeist")
    _, authorisation = office.client()
    pages.login(office.staff.account.email)
    for method, url in [("get", "/caseload/staff"), ("post", "/caseload/staff"),
                        ("post", f"/caseload/staff/{office.coordinator.id}/role"),
                        ("get", f"/caseload/staff/{office.coordinator.id}/remove"),
                        ("post", f"/caseload/staff/{office.coordinator.id}/remove"),
                        ("post", f"/caseload/clients/{authorisation.id}/unassign")]:
        response = pages.client.get(url) if method == "get" else pages.post(url, {"role": "staff", "staff": "1"})
        assert response.status_code == 404, url
    pages.logout()
    pages.login(other.coordinator.account.email)
    assert "bewindvoering-utrecht" not in str(pages.get("/caseload/staff"))
    assert pages.post(f"/caseload/staff/{office.staff.id}/role", {"role": "coordinator"}).status_code == 404
    assert pages.post(f"/caseload/staff/{office.staff.id}/remove").status_code == 404
    assert pages.post(f"/caseload/clients/{authorisation.id}/unassign",
                      {"staff": str(office.staff.id)}).status_code == 404
    assert services.membership(office.staff.account).role == "staff"


def test_the_header_links_staff_to_the_caseload(office, pages):
    citizen = factories.create_citizen()
    pages.login(citizen.account.email)
    assert 'href="/caseload/"' not in str(pages.get("/settings/"))
    pages.logout()
    pages.login(office.staff.account.email)
    page = str(pages.get("/settings/"))
    assert '<a href="/caseload/">Cliëntenlijst</a>' in page
    assert 'href="/caseload/staff"' not in str(pages.get("/caseload/"))  # coordinators only
    services.remove_staff(office.staff, actor=None, now=utcnow())
    pages.client.get("/caseload/")  # "your access has ended": the link goes too
    assert 'href="/caseload/"' not in str(pages.get("/settings/"))


def test_the_staff_page_counts_each_members_active_clients(office):
    from portal.caseload import team

    office.client(assign_to=[office.staff, office.coordinator])
    office.client(name="Piet", assign_to=[office.staff])
    _, ended = office.client(name="Kees", assign_to=[office.staff])
    services.end(ended, actor=None, reason="", now=utcnow(), by_client=True)
    assert team.caseloads(office.coordinator, now=utcnow()) == {office.staff.id: 2, office.coordinator.id: 1}
