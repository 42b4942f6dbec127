"""The caseload: who sees what, the court-appointed case, leaving, the access log, one query, paper for many."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playhouse.test_utils import count_queries

from portal.accesslog import services as accesslog
from portal.caseload import services
from portal.caseload.models import Assignment
from portal.clock import local_today, utcnow
from portal.errors_domain import NotAllowed, NotFound, ValidationFailed
from portal.models import Message
from portal.paper.models import PaperRequest
from tests import factories
from tests.caseload.conftest import Office


def today():
    return local_today(utcnow())


def test_staff_see_only_their_assigned_clients_most_urgent_first(office):
    anna, _ = office.client(name="Anna de Vries")
    piet, _ = office.client(name="Piet Jansen", assign_to=[office.coordinator])
    later = factories.create_message(recipient=anna, deadline=today() + timedelta(days=30), subject="Later")
    overdue = factories.create_message(recipient=anna, deadline=today() - timedelta(days=2), subject="Boete")
    week = factories.create_message(recipient=anna, deadline=today() + timedelta(days=3), subject="Week")
    unread = factories.create_message(recipient=anna, subject="Geen termijn")
    factories.create_message(recipient=piet, deadline=today(), subject="Piet")
    page = services.caseload(office.staff, now=utcnow())
    assert [r.public_id for r in page.rows] == [overdue.public_id, week.public_id, later.public_id, unread.public_id]
    assert [r.urgency for r in page.rows] == ["overdue", "week", "later", "later"]
    assert {r.client for r in page.rows} == {"Anna de Vries"}
    coordinator_page = services.caseload(office.coordinator, now=utcnow())
    assert {r.client for r in coordinator_page.rows} == {"Anna de Vries", "Piet Jansen"}
    only = services.caseload(office.coordinator, now=utcnow(), staff=office.staff.id)
    assert {r.client for r in only.rows} == {"Anna de Vries"}
    assert [r.public_id for r in services.caseload(office.staff, now=utcnow(), urgency="overdue").rows] == [
        overdue.public_id]


def test_done_letters_without_deadline_and_read_letters_leave_the_caseload(office):
    anna, _ = office.client()
    done = factories.create_message(recipient=anna, deadline=today() + timedelta(days=3))
    done.done_at = utcnow()
    done.first_opened_at = utcnow()
    done.save()
    read = factories.create_message(recipient=anna)
    read.first_opened_at = utcnow()
    read.save()
    assert services.caseload(office.staff, now=utcnow()).rows == []


def _urls(pages, authorisation):
    client = f"/caseload/clients/{authorisation.id}"
    return [("get", "/caseload/"), ("get", client), ("post", f"{client}/assign"), ("post", f"{client}/end"),
            ("post", "/caseload/paper")]


def test_another_organisations_staff_and_plain_accounts_get_404(office, pages):
    _, authorisation = office.client()
    other = Office(slug="schuldhulp-zeist", name="Schuldhulp Zeist")
    pages.login(other.coordinator.account.email)
    assert pages.client.get(f"/caseload/clients/{authorisation.id}").status_code == 404
    assert pages.post(f"/caseload/clients/{authorisation.id}/assign", {"staff": str(other.staff.id)}).status_code == 404
    assert pages.post(f"/caseload/clients/{authorisation.id}/end", {"reason": "x"}).status_code == 404
    assert "Anna" not in pages.client.get("/caseload/").get_data(as_text=True)
    pages.logout()
    plain = factories.create_account()
    pages.login(plain.email)
    for method, url in _urls(pages, authorisation):
        response = pages.client.get(url) if method == "get" else pages.post(url, {})
        assert response.status_code == 404, url


def test_unassigned_staff_do_not_reach_a_client(office, pages):
    _, authorisation = office.client(assign_to=[office.coordinator])
    pages.login(office.staff.account.email)
    assert pages.client.get(f"/caseload/clients/{authorisation.id}").status_code == 404


def test_a_removed_staff_member_loses_access_at_once_and_clients_move_to_the_coordinator(office, pages):
    anna, authorisation = office.client()
    letter = factories.create_message(recipient=anna, deadline=today())
    pages.login(office.staff.account.email)
    assert letter.public_id in pages.client.get("/caseload/").get_data(as_text=True)
    services.remove_staff(office.staff, actor=office.coordinator.account, now=utcnow())
    for method, url in _urls(pages, authorisation):
        response = pages.client.get(url) if method == "get" else pages.post(url, {"message": letter.public_id})
        assert response.status_code == 403, url
        assert "Uw toegang is beëindigd" in response.get_data(as_text=True)  # "Your access has ended"
    assert not PaperRequest.select().exists()
    assert Assignment.select().where(Assignment.staff == office.coordinator).count() == 1
    assert letter.public_id in {r.public_id for r in services.caseload(office.coordinator, now=utcnow()).rows}


@pytest.mark.parametrize("how", ["ended", "expired"])
def test_an_ended_or_expired_authorisation_leaves_the_caseload_and_its_pages(office, pages, how):
    anna, authorisation = office.client()
    letter = factories.create_message(recipient=anna, deadline=today())
    if how == "ended":
        services.end(authorisation, actor=anna.account, reason="", now=utcnow(), by_client=True)
    else:
        authorisation.valid_until = utcnow() - timedelta(minutes=1)
        authorisation.save()
    for member in (office.staff, office.coordinator):
        pages.login(member.account.email)
        assert letter.public_id not in pages.client.get("/caseload/").get_data(as_text=True)
        assert pages.client.get(f"/caseload/clients/{authorisation.id}").status_code == 404
        assert pages.post("/caseload/paper", {"message": letter.public_id}).status_code == 303
        pages.logout()
    assert not PaperRequest.select().exists()


def test_a_court_appointed_guardianship_cannot_be_ended_by_the_client_alone(office, pages):
    anna, authorisation = office.client(court=True)
    with pytest.raises(NotAllowed):
        services.end(authorisation, actor=anna.account, reason="ik wil het niet", now=utcnow(), by_client=True)
    pages.login(anna.account.email)
    page = pages.client.get("/my-helpers/organisations").get_data(as_text=True)
    assert "C/16/1 / BW RK 26-1" in page
    response = pages.post(f"/my-helpers/organisations/{authorisation.id}/end", {})
    assert response.status_code == 303
    assert authorisation.__class__.get_by_id(authorisation.id).ended_at is None
    pages.logout()
    # The coordinator ends it, with the reason, and the row keeps who and why.
    pages.login(office.coordinator.account.email)
    assert pages.post(f"/caseload/clients/{authorisation.id}/end", {"reason": ""}).status_code == 400
    assert pages.post(f"/caseload/clients/{authorisation.id}/end",
                      {"reason": "Beschikking rechtbank: bewind opgeheven"}).status_code == 303
    ended = authorisation.__class__.get_by_id(authorisation.id)
    assert ended.ended_at is not None and ended.ended_by_id == office.coordinator.account_id
    assert ended.end_reason == "Beschikking rechtbank: bewind opgeheven"


def test_the_citizen_authorises_an_organisation_and_ends_it(office, pages):
    anna = factories.create_citizen()
    pages.login(anna.account.email)
    response = pages.post("/my-helpers/organisations", {"org": "nobody", "scope": "read", "end": "31-02-2020"})
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert "error-summary" in body and 'href="#org"' in body and 'href="#end"' in body
    assert pages.post("/my-helpers/organisations", {"org": "bewindvoering-utrecht", "scope": "paper",
                                                      "end": ""}).status_code == 303
    [authorisation] = services.of_citizen(anna, now=utcnow())
    assert authorisation.scope == "paper" and not authorisation.court_appointed
    assert pages.post(f"/my-helpers/organisations/{authorisation.id}/end", {}).status_code == 303
    assert services.of_citizen(anna, now=utcnow()) == []


def test_the_access_log_names_the_staff_member_and_the_organisation(office, pages):
    anna, _ = office.client()
    letter = factories.create_message(recipient=anna, deadline=today() - timedelta(days=1))
    pages.login(office.staff.account.email)
    assert pages.post("/caseload/paper", {"message": letter.public_id}).status_code == 303
    entries = accesslog.all_entries(anna)
    paper = [e for e in entries if e.event.kind == "paper_requested"]
    assert [e.who for e in paper] == ["Joost Visser of Bewindvoering Utrecht (helps you)"]


def test_paper_for_several_letters_at_once_within_the_scope(office, pages):
    anna, _ = office.client()
    reader, _ = office.client(name="Piet Jansen", scope="read")
    first = factories.create_message(recipient=anna, deadline=today() - timedelta(days=1))
    second = factories.create_message(recipient=anna, deadline=today() + timedelta(days=2))
    outside = factories.create_message(recipient=reader, deadline=today())
    stranger = factories.create_message(deadline=today())
    pages.login(office.staff.account.email)
    page = pages.client.get("/caseload/").get_data(as_text=True)
    assert f'name="message" value="{first.public_id}"' in page
    assert f'name="message" value="{outside.public_id}"' not in page  # the scope is "read": no paper
    response = pages.post("/caseload/paper", {"message": [first.public_id, second.public_id, outside.public_id,
                                                stranger.public_id]})
    assert response.status_code == 303
    made = PaperRequest.select().where(PaperRequest.status == "requested")
    assert {p.message_id for p in made} == {first.id, second.id}
    assert {p.requested_by for p in made} == {"helper"}
    assert {p.actor_id for p in made} == {office.staff.account_id}
    again = services.paper_for_many(office.staff, [first.public_id], now=utcnow())
    assert again.already == 1 and again.asked == 0
    page = pages.client.get("/caseload/").get_data(as_text=True)
    assert "Onderweg op papier" in page  # "On its way on paper"


def test_paper_for_none_shows_the_error_summary(office, pages):
    anna, _ = office.client()
    factories.create_message(recipient=anna, deadline=today())
    pages.login(office.staff.account.email)
    response = pages.post("/caseload/paper", {})
    assert response.status_code == 400
    assert 'class="error-summary"' in response.get_data(as_text=True)
    with pytest.raises(ValidationFailed):
        services.paper_for_many(office.staff, [], now=utcnow())


@pytest.mark.parametrize("clients", [1, 200])
def test_the_caseload_is_one_query_whatever_the_number_of_clients(office, clients):
    citizens = [office.client(name=f"Cliënt {n}", address=False)[0] for n in range(clients)]
    organisation = factories.create_organisation()
    for citizen in citizens:
        factories.create_message(recipient=citizen, organisation=organisation, deadline=today() + timedelta(days=1))
    for member in (office.staff, office.coordinator):
        with count_queries() as counter:
            page = services.caseload(member, now=utcnow())
        assert counter.count == 1
        assert page.total == clients and len(page.rows) == min(clients, services.PAGE_SIZE)
        assert page.pages == -(-clients // services.PAGE_SIZE)


def test_the_caseload_page_runs_the_same_number_of_queries_for_1_and_60_clients(office, pages):
    organisation = factories.create_organisation()
    pages.login(office.staff.account.email)

    def queries():
        with count_queries() as counter:
            assert pages.client.get("/caseload/").status_code == 200
        return counter.count

    citizen, _ = office.client(address=False)
    factories.create_message(recipient=citizen, organisation=organisation, deadline=today())
    queries()
    few = queries()
    for n in range(59):
        citizen, _ = office.client(name=f"Cliënt {n}", address=False)
        factories.create_message(recipient=citizen, organisation=organisation, deadline=today())
    assert queries() == few
    second = pages.client.get("/caseload/?page=2").get_data(as_text=True)
    assert "2 van 2" in second and 'rel="prev"' in second
    assert len(re.findall(r'name="message"', second)) == 10


def test_the_staff_member_lands_on_the_caseload_after_logging_in(office, pages):
    pages.login(office.staff.account.email)
    response = pages.client.get("/")
    assert response.status_code == 302 and response.headers["Location"].endswith("/caseload/")


def test_add_staff_again_after_leaving_and_a_court_case_needs_its_date(office):
    services.remove_staff(office.staff, actor=None, now=utcnow())
    assert services.membership(office.staff.account) is None
    again = services.add_staff(org_slug=office.org.slug, email=office.staff.account.email, password=None, name=None,
                               coordinator=False, now=utcnow())
    assert again.id == office.staff.id and services.membership(office.staff.account) is not None
    with pytest.raises(ValidationFailed) as failed:
        services.authorise(factories.create_citizen(), office.org, scope="read", end=None, actor=None,
                           now=utcnow(), court_reference="C/16/2", court_decided_on=None)
    assert "court_decided_on" in failed.value.errors
    with pytest.raises(NotFound):
        services.client_of(office.staff, 10**6, now=utcnow())


def test_open_a_clients_letter_from_the_caseload_under_the_acting_banner(office, pages):
    anna, authorisation = office.client()
    letter = factories.create_message(recipient=anna, deadline=today() - timedelta(days=1), subject="Boete")
    pages.login(office.staff.account.email)
    response = pages.post("/caseload/paper", {"open": letter.public_id})
    assert response.status_code == 303 and response.headers["Location"].endswith(f"/inbox/{letter.public_id}")
    page = pages.client.get(f"/inbox/{letter.public_id}")
    assert page.status_code == 200
    assert "acting-banner" in page.get_data(as_text=True) and "Anna de Vries" in page.get_data(as_text=True)
    # Leaving ends it at once: the next request no longer serves Anna's mail.
    services.remove_staff(office.staff, actor=None, now=utcnow())
    assert pages.client.get(f"/inbox/{letter.public_id}").status_code in (302, 303, 403, 404)
    who = {e.who for e in accesslog.all_entries(anna) if e.event.kind in ("acting_started", "read")}
    assert who == {"Joost Visser of Bewindvoering Utrecht (helps you)"}


def test_a_letter_of_someone_not_a_client_is_not_opened(office, pages):
    stranger = factories.create_message(deadline=today())
    pages.login(office.staff.account.email)
    assert pages.post("/caseload/paper", {"open": stranger.public_id}).status_code == 404
    assert pages.post("/caseload/paper", {"open": "nonsense"}).status_code == 404


def test_the_cli_creates_an_organisation_and_its_staff(app, monkeypatch):
    monkeypatch.setenv("PORTAL_PASSWORD", factories.PASSWORD)
    runner = app.test_cli_runner()
    result = runner.invoke(args=["portal", "create-helper-org", "--slug", "schuldhulp-zeist", "--name", "Schuldhulp"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(args=["portal", "add-helper-staff", "--org", "schuldhulp-zeist", "--email",
                                 "coordinator@zeist.example.nl", "--coordinator"])
    assert result.exit_code == 0, result.output
    member = services.membership(factories.Account.by_email("coordinator@zeist.example.nl"))
    assert member.role == "coordinator" and member.organisation.slug == "schuldhulp-zeist"
    assert runner.invoke(args=["portal", "create-helper-org", "--slug", "Bad Slug!", "--name", "x"]).exit_code == 2
    result = runner.invoke(args=["portal", "remove-helper-staff", "--org", "schuldhulp-zeist", "--email",
                                 "coordinator@zeist.example.nl"])
    assert result.exit_code == 0 and services.membership(member.account) is None


@pytest.mark.parametrize("role", ["staff", "coordinator"])
def test_a_page_of_50_rows_fits_in_14_kb_compressed_with_its_css(office, pages, role):
    import gzip

    organisation = factories.create_organisation()
    for n in range(50):
        citizen, _ = office.client(name=f"Cliënt met een lange naam {n}", address=False)
        factories.create_message(recipient=citizen, organisation=organisation, deadline=today() + timedelta(days=n),
                                 subject=f"Voorlopige aanslag inkomstenbelasting 2027 nr {n}")
    pages.login(getattr(office, role).account.email)  # the coordinator's page has the staff filter and link too
    html = pages.client.get("/caseload/").get_data()
    assert html.count(b'name="message"') == 50
    css_url = re.search(rb'href="(/static/portal\.css[^"]*)"', html).group(1).decode()
    css = pages.client.get(css_url).get_data()
    total = len(gzip.compress(html, 9)) + len(gzip.compress(css, 9))
    assert total <= 14 * 1024, total


def test_a_page_past_the_end_still_says_how_many_pages_there_are(office):
    anna, _ = office.client()
    factories.create_message(recipient=anna, deadline=today())
    page = services.caseload(office.staff, now=utcnow(), page=7)
    assert page.rows == [] and page.total == 1 and page.pages == 1


def test_authorising_again_replaces_the_old_one_keeps_the_staff_and_never_doubles_a_row(office):
    anna, first = office.client(scope="read")
    factories.create_message(recipient=anna, deadline=today())
    second = services.authorise(anna, office.org, scope="paper", end=None, actor=anna.account, now=utcnow())
    assert [a.id for a in services.of_citizen(anna, now=utcnow())] == [second.id]
    rows = services.caseload(office.staff, now=utcnow()).rows
    assert len(rows) == 1 and rows[0].authorisation_id == second.id and rows[0].may_paper


def test_a_court_appointment_cannot_be_replaced_by_the_client(office):
    anna, court = office.client(court=True)
    with pytest.raises(ValidationFailed) as failed:
        services.authorise(anna, office.org, scope="read", end=None, actor=anna.account, now=utcnow())
    assert "org" in failed.value.errors
    assert [a.id for a in services.of_citizen(anna, now=utcnow())] == [court.id]


def test_mark_several_letters_done_at_once_within_the_scope(office, pages):
    anna, _ = office.client(scope="paper_done")
    piet, _ = office.client(name="Piet Jansen", scope="paper")
    first = factories.create_message(recipient=anna, deadline=today())
    second = factories.create_message(recipient=anna, deadline=today() + timedelta(days=1))
    outside = factories.create_message(recipient=piet, deadline=today())
    pages.login(office.staff.account.email)
    response = pages.post("/caseload/paper", {"action": "done",
                                              "message": [first.public_id, second.public_id, outside.public_id]})
    assert response.status_code == 303
    assert {m.public_id for m in Message.select().where(Message.done_at.is_null(False))} == {
        first.public_id, second.public_id}
    done = [e for e in accesslog.all_entries(anna) if e.event.kind == "done"]
    assert len(done) == 2 and {e.who for e in done} == {"Joost Visser of Bewindvoering Utrecht (helps you)"}
    assert pages.post("/caseload/paper", {"action": "done"}).status_code == 400


def test_the_cli_records_a_court_appointed_guardianship(app, office):
    anna = factories.create_citizen()
    runner = app.test_cli_runner()
    until = (today() + timedelta(days=800)).isoformat()
    result = runner.invoke(args=["portal", "record-guardianship", "--org", office.org.slug, "--bsn", anna.bsn,
                                 "--reference", "C/16/9 / BW RK 26-9", "--decided", today().isoformat(),
                                 "--until", until])
    assert result.exit_code == 0, result.output
    [court] = services.of_citizen(anna, now=utcnow())
    assert court.court_appointed and court.court_reference == "C/16/9 / BW RK 26-9"
    with pytest.raises(NotAllowed):
        services.end(court, actor=anna.account, reason="", now=utcnow(), by_client=True)
    bad = runner.invoke(args=["portal", "record-guardianship", "--org", "nobody", "--bsn", anna.bsn, "--reference",
                              "x", "--decided", today().isoformat(), "--until", until])
    assert bad.exit_code == 2
