"""The caseload in Chromium, as the coordinator: every caseload page (the list with both clients' deadlines, a
client, the staff, removing someone) and the forms sent back with their errors have zero axe-core violations in
Dutch and English at 1280 and at 320 px, and nothing scrolls sideways at 320 px. Then the two clicks: tick
Anna's overdue fine, ask paper for it."""

from __future__ import annotations

from datetime import timedelta

import pytest

from portal.clock import local_today, utcnow
from portal.paper.models import PaperRequest
from tests import factories
from tests.browser.conftest import VIEWPORT, axe_scan, format_violations, log_in
from tests.browser.test_every_page import OVERFLOW
from tests.caseload.conftest import Office

pytestmark = pytest.mark.browser
WIDTHS = {"1280": VIEWPORT, "320": {"width": 320, "height": 640}}


@pytest.fixture
def office(app, language):
    office = Office()
    office.coordinator.account.language = language
    office.coordinator.account.save()
    anna, anna_case = office.client(name="Anna de Vries", court=True, assign_to=[office.coordinator, office.staff])
    piet, _ = office.client(name="Pieter Jansen", assign_to=[office.coordinator])
    cjib = factories.create_organisation(name_nl="Centraal Justitieel Incassobureau (CJIB)", name_en="CJIB")
    today = local_today(utcnow())
    office.fine = factories.create_message(recipient=anna, organisation=cjib, subject="Verkeersboete: door rood",
                                           subject_en="Traffic fine", deadline=today - timedelta(days=2))
    factories.create_message(recipient=piet, subject="Naheffingsaanslag motorrijtuigenbelasting",
                             deadline=today + timedelta(days=3))
    factories.create_message(recipient=anna, subject="Uw rekeningnummer is gewijzigd")
    office.anna_case = anna_case
    return office


def check(page, url: str, problems: list[str], *, narrow: bool) -> None:
    page.wait_for_load_state()
    violations = axe_scan(page)
    if violations:
        problems.append(format_violations(violations, url))
    if narrow:
        found = page.evaluate(OVERFLOW)
        if found["scroll"] > found["width"]:
            problems.append(f"{url}: {found['scroll']} px wide at 320 px: {' | '.join(found['wide'])}")


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_caseload_page_and_error_has_no_axe_violations(page, live_server, office, language, width):
    page.set_viewport_size(WIDTHS[width])
    log_in(page, live_server, office.coordinator.account.email)
    assert page.url.endswith("/caseload/")  # the coordinator lands on the caseload
    problems: list[str] = []
    for url in ["/caseload/", f"/caseload/?client={office.anna_case.id}&urgency=overdue",
                f"/caseload/clients/{office.anna_case.id}", "/caseload/staff",
                f"/caseload/staff/{office.staff.id}/remove"]:
        response = page.goto(live_server + url)
        assert response.status == 200, url
        assert page.locator("html").get_attribute("lang") == language
        check(page, url, problems, narrow=width == "320")
    # The forms sent back with their errors: paper for nothing, an unknown address, a guardianship ended
    # without a reason, the last coordinator removing themselves.
    sent = [("/caseload/", "main form[action='/caseload/paper'] button >> nth=0"),
            ("/caseload/staff", "main form[action='/caseload/staff'] button"),
            (f"/caseload/clients/{office.anna_case.id}", f"main form[action$='/{office.anna_case.id}/end'] button"),
            (f"/caseload/staff/{office.coordinator.id}/remove", "main form#remove button")]
    for url, button in sent:
        page.goto(live_server + url)
        if "staff" in url and "remove" not in url:
            page.fill("#email", "niemand@example.nl")
        with page.expect_navigation():
            page.click(button)
        assert page.locator("[data-error-summary]").count() == 1, url
        check(page, url + " (sent with errors)", problems, narrow=width == "320")
    assert not problems, "\n".join(problems)


def test_annas_overdue_fine_on_paper_in_two_clicks(page, live_server, office):
    log_in(page, live_server, office.coordinator.account.email)
    first = page.locator("main table tbody tr").first
    assert "Anna de Vries" in first.inner_text() and office.fine.subject_nl in first.inner_text()
    first.locator("input[type=checkbox]").click()  # one
    with page.expect_navigation():
        page.locator("main form[action='/caseload/paper'] button").first.click()  # two
    assert page.locator("[role=status], .notification").first.is_visible()
    [made] = PaperRequest.select()
    assert made.message_id == office.fine.id and made.actor_id == office.coordinator.account_id
