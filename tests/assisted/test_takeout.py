"""Download all my mail: the ZIP holds one tagged PDF per message in the inbox, the attachments and an index
that match the inbox; large ones are built by the worker with progress polled by htmx; kept 24 hours."""

import csv
import io
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest

from portal.clock import utcnow
from portal.models import Event, Message
from portal.takeout import services
from portal.takeout.models import TakeoutJob
from portal.worker import huey
from tests import factories


@pytest.fixture
def inbox(citizen):
    org = factories.create_organisation(name_nl="Gemeente Ons Dorp")
    made = [
        factories.create_message(recipient=citizen, organisation=org, subject="Uw aanslag",
                                 delivered_at=utcnow() - timedelta(days=3),
                                 attachments=[("bijlage.pdf", b"%PDF-1.4 bijlage")]),
        factories.create_message(recipient=citizen, organisation=org, subject="Uw vergunning",
                                 delivered_at=utcnow() - timedelta(days=2)),
        factories.create_message(recipient=citizen, organisation=org, subject="Weg ermee",
                                 delivered_at=utcnow() - timedelta(days=1)),
    ]
    Message.update(deleted_at=utcnow()).where(Message.id == made[2].id).execute()
    factories.create_message(subject="Niet van Anna")  # someone else's
    return made[:2]


def download_zip(pages) -> zipfile.ZipFile:
    page = pages.get("/takeout/")
    link = page.select_one("a[href$='/download']")
    assert link is not None, page.get_text()
    response = pages.client.get(link["href"])
    assert response.status_code == 200 and response.mimetype == "application/zip"
    assert response.headers["Content-Disposition"].startswith("attachment")
    return zipfile.ZipFile(io.BytesIO(response.data))


def test_a_small_takeout_is_made_at_once_and_matches_the_inbox(logged_in, citizen, inbox):
    assert logged_in.post("/takeout/").status_code == 303
    archive = download_zip(logged_in)
    names = archive.namelist()
    pdfs = sorted(n for n in names if n.endswith(".pdf") and "/" not in n)
    assert len(pdfs) == len(inbox) and pdfs[0].endswith("uw-aanslag.pdf") and pdfs[1].endswith("uw-vergunning.pdf")
    assert all(archive.read(n).startswith(b"%PDF") for n in pdfs)
    assert archive.read(f"{pdfs[0][:-4]}/bijlage.pdf") == b"%PDF-1.4 bijlage"
    rows = list(csv.DictReader(io.StringIO(archive.read("index.csv").decode("utf-8-sig"))))
    assert [r["subject"] for r in rows] == ["Uw aanslag", "Uw vergunning"]
    assert [r["file"] for r in rows] == pdfs and rows[0]["attachments"] == f"{pdfs[0][:-4]}/bijlage.pdf"
    assert rows[0]["organisation"] == "Gemeente Ons Dorp"
    kinds = [e.kind for e in Event.select().where(Event.citizen == citizen).order_by(Event.id)]
    assert kinds[-2:] == ["takeout_requested", "takeout_downloaded"]


def test_a_large_takeout_runs_in_the_worker_and_shows_progress(logged_in, citizen, inbox, monkeypatch):
    monkeypatch.setattr(services, "SMALL", 1)
    queued = []
    monkeypatch.setattr("portal.takeout.tasks.build_takeout", lambda job_id: queued.append(job_id))
    logged_in.post("/takeout/")
    job = TakeoutJob.get()
    assert queued == [job.id] and job.status == "queued"
    page = logged_in.get("/takeout/")
    region = page.select_one("#takeout-status")
    assert region["role"] == "status" and region["data-hx-trigger"] == "every 2s"
    assert "We maken uw bestand: 0 van de 2 berichten zijn klaar." in region.get_text()
    assert page.select_one("#takeout-status a[href='/takeout/']")  # the reload link without JavaScript
    assert not page.select("main form[action='/takeout/']")  # no second job while this one runs
    fragment = logged_in.client.get(f"/takeout/{job.public_id}/status", headers={"HX-Request": "true"})
    assert fragment.status_code == 200 and 'data-hx-trigger="every 2s"' in fragment.get_data(as_text=True)
    assert fragment.headers["Vary"] == "HX-Request, Cookie"
    # Without htmx the same URL answers with the page: that answer differs by HX-Request too.
    plain = logged_in.client.get(f"/takeout/{job.public_id}/status")
    assert plain.status_code == 303 and plain.location == "/takeout/"
    assert plain.headers["Vary"] == "HX-Request, Cookie"


def test_the_worker_task_builds_it(app, logged_in, citizen, inbox, monkeypatch):
    monkeypatch.setattr(services, "SMALL", 1)
    monkeypatch.setattr(huey, "immediate", True)
    logged_in.post("/takeout/")
    job = TakeoutJob.get()
    assert job.status == "ready" and job.done == job.total == 2
    fragment = logged_in.client.get(f"/takeout/{job.public_id}/status", headers={"HX-Request": "true"})
    assert "data-hx-trigger" not in fragment.get_data(as_text=True)
    assert len([n for n in download_zip(logged_in).namelist() if n.endswith(".pdf") and "/" not in n]) == 2


def test_once_the_file_is_ready_the_page_no_longer_says_we_are_making_it(app, logged_in, citizen, inbox,
                                                                        monkeypatch):
    monkeypatch.setattr(services, "SMALL", 1)
    monkeypatch.setattr(huey, "immediate", True)  # the worker is done before the page comes back
    logged_in.post("/takeout/")
    text = logged_in.get("/takeout/").get_text(" ", strip=True)
    assert "Uw bestand is klaar." in text and "We maken uw bestand" not in text


def test_files_are_removed_after_24_hours(app, logged_in, citizen, inbox):
    logged_in.post("/takeout/")
    job = TakeoutJob.get()
    assert Path(job.path).exists()
    assert services.remove_expired(now=utcnow() + timedelta(hours=23)) == 0
    assert services.remove_expired(now=utcnow() + timedelta(hours=24, seconds=1)) == 1
    assert not Path(job.path).exists() and TakeoutJob.get().status == "expired"
    assert logged_in.client.get(f"/takeout/{job.public_id}/download").status_code == 404
