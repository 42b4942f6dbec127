"""Letters in bounded time: a letter PDF over its time limit answers a translated page (never a 5xx, never a
stuck worker); print batches and take-out report one bad letter and go on with the rest; a body stored
before the limits shows as plain text; links without a scheme never become file: links in a PDF."""

import csv
import io
import threading
import zipfile

import pytest
from pypdf import PdfReader

from portal.clock import utcnow
from portal.models import Message, Organisation
from portal.paper import letters, services
from portal.paper.addresses import address_of
from portal.paper.models import PaperRequest, PrintBatch
from portal.takeout import services as takeout
from portal.takeout.models import TakeoutJob
from tests import factories

HANGS = "Deze brief blijft hangen"


@pytest.fixture
def config_overrides():
    return {"PDF_TIMEOUT": 0.5, "PDF_BATCH_TIMEOUT": 1.0}  # short: every letter that should finish is made beforehand


@pytest.fixture
def hanging_letters(monkeypatch):
    """Letters with the subject HANGS never finish rendering (in the child): only the time limit ends them.
    Every other letter is one PDF made beforehand, so a busy machine cannot push it past the short limit."""
    ready = letters.html_to_pdf("<html lang=nl><title>Brief</title><p>Een brief.</p></html>")

    def render(html: str) -> bytes:
        if HANGS in html:
            threading.Event().wait()
        return ready

    monkeypatch.setattr(letters, "html_to_pdf", render)


@pytest.mark.parametrize(("language", "title", "link"), [
    ("nl", "We konden van deze brief geen pdf maken", "Lees de brief op de pagina van het bericht"),
    ("en", "We could not make a PDF of this letter", "Read the letter on the message page"),
])
def test_a_letter_pdf_over_its_time_limit_answers_a_clear_page_and_the_worker_goes_on(
        logged_in, citizen, hanging_letters, language, title, link):
    message = factories.create_message(recipient=citizen, subject=HANGS, subject_en=HANGS)
    logged_in.post("/language", {"language": language})
    page = logged_in.get(f"/paper/{message.public_id}/letter.pdf", status=422)
    assert page.select_one("h1").get_text(strip=True) == title
    back = page.find("a", string=link)
    assert back is not None and back["href"] == f"/inbox/{message.public_id}"
    assert logged_in.client.get(back["href"]).status_code == 200  # the same process serves the next request
    good = factories.create_message(recipient=citizen)
    response = logged_in.client.get(f"/paper/{good.public_id}/letter.pdf")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")


def test_a_letter_pdf_whose_renderer_fails_answers_the_page_without_blaming_its_length(logged_in, citizen,
                                                                                      monkeypatch):
    def broken(html: str) -> bytes:
        raise ValueError("no usable font")

    monkeypatch.setattr(letters, "html_to_pdf", broken)
    message = factories.create_message(recipient=citizen)
    page = logged_in.get(f"/paper/{message.public_id}/letter.pdf", status=422)
    text = page.select_one("main").get_text(" ", strip=True)
    assert "Er ging iets mis bij het maken van de pdf" in text and "te lang" not in text


def test_a_body_stored_before_the_limits_shows_as_plain_text(logged_in, citizen):
    message = factories.create_message(recipient=citizen)
    Message.update(body_nl="*a" * 200_000).where(Message.id == message.id).execute()  # 400 KB of emphasis
    page = logged_in.get(f"/inbox/{message.public_id}")
    assert "*a*a*a*a" in page.get_text() and not page.select("main em")


def link_targets(pdf: bytes) -> list[str]:
    targets = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A")
            if action is not None:
                targets.append(str(action.get("/URI") or action.get("/D") or action))
    return targets


BODY = ("Betaal via [de betaalpagina](/betalen?ref=1), lees [deel 2](#deel-2), [bijlage](uitleg/bijlage.html), "
        "[elders](//elders.example/pad) of [de site](https://www.example.nl/hulp).")


@pytest.mark.parametrize(("website", "expected"), [
    ("https://www.gemeente.example/zaken/", ["https://www.gemeente.example/betalen?ref=1",
                                             "https://www.gemeente.example/zaken/#deel-2",
                                             "https://www.gemeente.example/zaken/uitleg/bijlage.html",
                                             "https://www.example.nl/hulp"]),
    ("", ["https://www.example.nl/hulp"]),
])
def test_links_without_a_scheme_are_absolute_to_the_senders_website_or_text_in_the_pdf(app, website, expected):
    with app.app_context():
        organisation = factories.create_organisation()
        Organisation.update(website=website).where(Organisation.id == organisation.id).execute()
        citizen = factories.give_postal_address(factories.create_citizen())
        message = factories.create_message(recipient=citizen, organisation=organisation, body=BODY)
        pdf = letters.render_letter(Message.get_by_id(message.id), address=address_of(citizen), lang="nl",
                                    timeout=60)
    targets = link_targets(pdf)
    assert targets == expected
    assert not [t for t in targets if not t.startswith("https://")]  # no file:, no relative, no //host
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "elders.example/pad" in text  # shown as text, so the reader still sees it


def ask_paper(message):
    return services.request_paper_copy(message, requested_by="citizen", actor=None, now=utcnow())


def test_a_print_batch_leaves_out_a_letter_over_its_time_limit_reports_it_and_prints_the_rest(
        app, tmp_path, hanging_letters):
    runner = app.test_cli_runner()
    with app.app_context():
        citizen = factories.give_postal_address(factories.create_citizen())
        good = [factories.create_message(recipient=citizen, subject=f"Brief {n}") for n in range(2)]
        bad = factories.create_message(recipient=citizen, subject=HANGS)
        for message in (good[0], bad, good[1]):
            ask_paper(message)
    result = runner.invoke(args=["portal", "print-batch", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    bad_request = PaperRequest.get(PaperRequest.message == bad.id)
    assert f"Letter {bad_request.id} (message {bad.id}" in result.output and "longer than 1 s" in result.output
    assert "waits for the next run" in result.output
    batch = PrintBatch.get()
    assert batch.status == "ready" and batch.letter_count == 2
    assert bad_request.status == "requested" and bad_request.batch_id is None
    assert {r.message_id for r in PaperRequest.select().where(PaperRequest.batch == batch)} == {m.id for m in good}
    again = runner.invoke(args=["portal", "print-batch", "--out", str(tmp_path)])
    assert again.exit_code == 2 and "no batch made: all 1 letter(s) failed" in again.output
    assert PrintBatch.select().count() == 1 and PaperRequest.get_by_id(bad_request.id).status == "requested"


def test_a_takeout_holds_a_letter_over_its_time_limit_as_text_and_says_so(app, hanging_letters, tmp_path):
    with app.app_context():
        citizen = factories.create_citizen()
        factories.create_message(recipient=citizen, subject="Gewone brief")
        factories.create_message(recipient=citizen, subject=HANGS, body="De hele tekst van de brief.")
        job = takeout.request_takeout(citizen, actor=citizen.account, now=utcnow())
        job = takeout.build(job.id, tmp_path)  # as the worker does: each letter has PDF_BATCH_TIMEOUT
    assert job.status == "ready"
    archive = zipfile.ZipFile(job.path)
    rows = list(csv.DictReader(io.StringIO(archive.read("index.csv").decode("utf-8-sig"))))
    assert [r["file"].rsplit(".", 1)[1] for r in rows] == ["pdf", "txt"]
    assert archive.read(rows[0]["file"]).startswith(b"%PDF") and rows[0]["note"] == ""
    text = archive.read(rows[1]["file"]).decode("utf-8")
    assert HANGS in text and "De hele tekst van de brief." in text
    assert rows[1]["note"] == "We konden van deze brief geen pdf maken. De hele tekst staat in dit bestand."


def test_a_small_takeout_that_needs_longer_than_a_request_goes_to_the_worker(
        logged_in, citizen, hanging_letters, monkeypatch):
    queued = []
    monkeypatch.setattr("portal.takeout.tasks.build_takeout", lambda job_id: queued.append(job_id))
    factories.create_message(recipient=citizen, subject=HANGS)
    assert logged_in.post("/takeout/").status_code == 303
    job = TakeoutJob.get()
    assert job.status == "queued" and queued == [job.id]
