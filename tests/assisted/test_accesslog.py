"""The access log: every route that shows message content writes exactly one entry, and a read whose entry
cannot be written shows nothing; the page (who, what, filter, pages) and its CSV copy; helpers never see it."""

import csv
import io
import re
import zipfile
from datetime import timedelta

import pytest
from pypdf import PdfReader

from portal.access import level_of
from portal.accesslog.services import NOT_IN_LOG, PAGE_SIZE
from portal.clock import utcnow
from portal.models import Event, Message
from portal.takeout import services as takeout
from portal.takeout.tasks import directory
from tests import factories
from tests.assisted.conftest import act_for, authorise

MARKERS = ("SUMMARYMARK", "ACTIONMARK", "BODYMARK", "ATTACHMARK")


@pytest.fixture
def marked(app, citizen):
    factories.give_postal_address(citizen)
    message = factories.create_message(recipient=citizen, body="De brief. BODYMARK.", deadline=utcnow().date(),
                                       attachments=[("bijlage.pdf", b"%PDF-1.4 ATTACHMARK")])
    Message.update(summary_nl="Kort: SUMMARYMARK.", action_nl="Doe dit: ACTIONMARK.").where(
        Message.id == message.id).execute()
    with app.app_context():
        job = takeout.request_takeout(citizen, actor=citizen.account, now=utcnow())
        takeout.build(job.id, directory())
    return {"public_id": message.public_id, "attachment_id": message.attachments[0].id, "job": job.public_id}


def log_count() -> int:
    return Event.select().where(Event.kind.not_in(NOT_IN_LOG)).count()


def shown_text(response) -> str:
    """What the visitor gets to see, whatever the format."""
    data = response.get_data()
    if response.mimetype == "application/pdf" and data.startswith(b"%PDF-1.7"):  # a rendered letter
        return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    if response.mimetype == "application/zip":
        archive = zipfile.ZipFile(io.BytesIO(data))
        return " ".join(archive.read(name).decode("latin-1") for name in archive.namelist())
    return data.decode("utf-8", "replace")


def citizen_get_urls(app, values):
    for rule in app.url_map.iter_rules():
        if level_of(app, rule.endpoint) == "citizen" and "GET" in rule.methods:
            def fill(match, endpoint=rule.endpoint):
                name = match.group(1).split(":")[-1]
                if name == "public_id" and endpoint.startswith("takeout."):
                    return values["job"]
                assert name in values, f"{endpoint}: give the URL argument {name!r} a value in this test"
                return str(values[name])

            yield rule.endpoint, re.sub(r"<([^>]+)>", fill, rule.rule)


def test_every_route_that_shows_message_content_writes_exactly_one_entry(app, logged_in, marked):
    values = dict(marked, delegation_id=0)
    showing = set()
    for endpoint, url in citizen_get_urls(app, values):
        before = log_count()
        response = logged_in.client.get(url)
        shows = any(marker in shown_text(response) for marker in MARKERS)
        written = log_count() - before
        if shows:
            showing.add(endpoint)
            assert written == 1, (url, written)
        else:
            assert written == 0, (url, written)  # nothing shown, nothing claimed
    assert showing >= {"inbox.message", "inbox.attachment", "inbox.deadline_ics", "paper.letter_pdf",
                       "takeout.download"}, showing


def test_a_read_whose_log_entry_cannot_be_written_shows_nothing(app, logged_in, marked, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("the log table is full")

    urls = [f"/inbox/{marked['public_id']}", f"/inbox/{marked['public_id']}/attachments/{marked['attachment_id']}",
            f"/inbox/{marked['public_id']}/deadline.ics", f"/paper/{marked['public_id']}/letter.pdf",
            f"/takeout/{marked['job']}/download"]
    monkeypatch.setattr(Event, "create", broken)
    for url in urls:
        response = logged_in.client.get(url)
        assert response.status_code == 500, url
        assert not any(marker in shown_text(response) for marker in MARKERS), url


def test_the_log_names_who_did_what_and_helpers_never_see_it(app, pages, citizen, helper, marked):
    delegation = authorise(citizen, helper, "paper")
    act_for(pages, helper, delegation)
    pages.client.get(f"/inbox/{marked['public_id']}")
    pages.post(f"/paper/{marked['public_id']}/cancel")
    pages.post(f"/paper/{marked['public_id']}/request")
    assert pages.client.get("/access-log/").status_code == 403
    assert pages.client.get("/access-log/access-log.csv").status_code == 403
    pages.post("/helping/stop")
    pages.logout()

    pages.login(citizen.account.email)
    pages.client.get(f"/inbox/{marked['public_id']}")
    page = pages.get("/access-log/")
    rows = [[" ".join(td.get_text(" ").split()) for td in tr.select("td")] for tr in page.select("tbody tr")]
    who_what = [(row[1], row[2]) for row in rows]
    assert who_what[0] == ("U", "Heeft het bericht geopend")
    assert ("Fatima El Amrani (uw helper)", "Heeft de brief op papier gevraagd") in who_what
    assert ("Fatima El Amrani (uw helper)", "Heeft het bericht geopend") in who_what
    assert ("Fatima El Amrani (uw helper)", "Is als helper begonnen uw post te lezen") in who_what
    assert ("U", "Heeft een helper uitgenodigd") in who_what
    assert page.select_one("table caption") and page.select("thead th[scope=col]")

    filtered = pages.get(f"/access-log/?message={marked['public_id']}")
    assert all(tr.select("td")[3].get_text().strip() for tr in filtered.select("tbody tr"))
    assert len(filtered.select("tbody tr")) < len(rows)

    response = pages.client.get("/access-log/access-log.csv")
    assert response.headers["Content-Disposition"].startswith("attachment")
    table = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert table[0] == ["Wanneer", "Wie", "Wat", "Bericht", "Kenmerk", "Extra informatie"]
    assert len(table) - 1 == len(rows)


def test_the_log_has_pages(logged_in, citizen):
    message = factories.create_message(recipient=citizen)
    now = utcnow()
    Event.insert_many([{"citizen": citizen.id, "actor": None, "kind": "paper_posted", "at": now - timedelta(minutes=i),
                        "message": message.id} for i in range(PAGE_SIZE + 5)]).execute()
    first = logged_in.get("/access-log/")
    assert len(first.select("tbody tr")) == PAGE_SIZE
    assert first.select_one("a[rel=next]")["href"] == "/access-log/?page=2"
    second = logged_in.get("/access-log/?page=2")
    assert len(second.select("tbody tr")) == 5 and second.select_one("a[rel=prev]")
