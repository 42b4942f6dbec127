"""Print batches: the operator's commands, the combined PDF and its manifest, resuming an interrupted run,
marking a batch posted, and the operator page. Includes one batch of 200 letters."""

import csv
import io
from collections import Counter
from datetime import datetime
from pathlib import Path

import pytest
from pypdf import PdfReader

from portal.models import Citizen, Event, Message
from portal.paper import letters, services
from portal.paper.models import PaperRequest, PrintBatch
from portal.printing import services as printing
from tests import factories

NOW = datetime(2027, 3, 1, 9, 0)


@pytest.fixture
def run(app):
    runner = app.test_cli_runner()
    return lambda *args: runner.invoke(args=["portal", *args])


def ask_paper(message):
    return services.request_paper_copy(message, requested_by="citizen", actor=None, now=NOW)


def manifest_rows(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_print_batch_makes_one_pdf_and_a_manifest_in_postcode_order(run, tmp_path):
    people = [("Cor", "9711 AA"), ("Bea", "1011 AB"), ("Dirk", "5611 AZ")]
    messages = []
    for name, postcode in people:
        citizen = factories.give_postal_address(factories.create_citizen(name=name), name=name, postcode=postcode)
        messages.append(factories.create_message(recipient=citizen, subject=f"Brief voor {name}"))
    for message in messages:
        ask_paper(message)
    cancelled = factories.create_message(recipient=Citizen.get_by_id(messages[0].recipient_id))
    ask_paper(cancelled)
    services.cancel(cancelled, actor=None, now=NOW)

    result = run("print-batch", "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    batch = PrintBatch.get()
    assert f"Batch {batch.id}: 3 letters" in result.output and "mark-posted" in result.output
    rows = manifest_rows(Path(batch.directory) / "manifest.csv")
    assert [r["name"] for r in rows] == ["Bea", "Dirk", "Cor"]  # sorted by postcode
    assert [r["postcode"] for r in rows] == ["1011 AB", "5611 AZ", "9711 AA"]
    combined = PdfReader(Path(batch.directory) / f"batch-{batch.id:05d}.pdf")
    assert len(combined.pages) == sum(int(r["page_count"]) for r in rows) == batch.page_count
    for row in rows:
        first = combined.pages[int(row["first_page"]) - 1].extract_text()
        assert row["name"] in first and row["address_line_2"] in first
        assert row["pages"] == f'{row["first_page"]}-{row["last_page"]}'
    assert PaperRequest.get(PaperRequest.message == cancelled.id).status == "cancelled"
    assert Event.select().where(Event.kind == "paper_batched").count() == 3
    assert "Nothing to print" in run("print-batch", "--out", str(tmp_path)).output


def test_mark_posted_posts_every_letter_once_and_the_citizen_sees_it(run, tmp_path, logged_in, citizen):
    factories.give_postal_address(citizen)
    message = factories.create_message(recipient=citizen)
    ask_paper(message)
    assert run("print-batch", "--out", str(tmp_path)).exit_code == 0
    batch = PrintBatch.get()
    result = run("mark-posted", str(batch.id))
    assert result.exit_code == 0 and f"Batch {batch.id} is posted: 1 letters." in result.output
    assert PaperRequest.get().status == "posted" and PaperRequest.get().posted_at is not None
    assert "already marked posted" in run("mark-posted", str(batch.id)).output
    assert Event.select().where(Event.kind == "paper_posted").count() == 1
    row = logged_in.get("/inbox/").select_one(f"#paper-row-{message.public_id}")
    assert "Per post verstuurd op" in row.get_text()
    wrong = run("mark-posted", "999")
    assert wrong.exit_code == 2 and wrong.output.startswith("Error: there is no batch 999.")


def test_an_unfinished_batch_cannot_be_marked_posted(run, tmp_path, app):
    citizen = factories.give_postal_address(factories.create_citizen())
    ask_paper(factories.create_message(recipient=citizen))
    batch = printing.claim_batch(tmp_path, now=NOW)
    result = run("mark-posted", str(batch.id))
    assert result.exit_code == 2 and "not finished" in result.output


def test_test_messages_that_slipped_in_are_cancelled_not_printed(app, tmp_path):
    citizen = factories.give_postal_address(factories.create_citizen())
    live, test = factories.create_message(recipient=citizen), factories.create_message(recipient=citizen)
    ask_paper(live)
    ask_paper(test)
    Message.update(is_test=True).where(Message.id == test.id).execute()  # as the API marks it after delivery
    batch = printing.claim_batch(tmp_path, now=NOW)
    assert batch.letter_count == 1
    assert PaperRequest.get(PaperRequest.message == test.id).status == "cancelled"


def test_the_operator_page_lists_batches_and_waiting_letters_without_names(app, pages, tmp_path):
    citizen = factories.give_postal_address(factories.create_citizen(name="Geheime Naam"))
    for _ in range(2):
        ask_paper(factories.create_message(recipient=citizen))
    printing.produce(tmp_path, now=NOW, render=lambda request: _tiny_pdf())
    ask_paper(factories.create_message(recipient=citizen))
    sender = factories.create_sender_user()
    pages.login(sender.account.email)
    soup = pages.get("/printing/")
    text = " ".join(soup.find("main").get_text(" ").split())
    assert "Er wacht 1 brief op de volgende printopdracht." in text
    assert "Klaar om te versturen" in text and "Geheime Naam" not in text
    cells = [c.get_text() for c in soup.select("tbody tr")[0].find_all(["th", "td"])]
    assert cells[2:4] == ["2", "2"]


_TINY: list[bytes] = []


def _tiny_pdf() -> bytes:
    if not _TINY:
        from portal.pdf import render_pdf

        _TINY.append(render_pdf('<!doctype html><html lang="nl"><head><title>x</title></head><body>x</body></html>'))
    return _TINY[0]


@pytest.mark.heavy  # 200 real letters: make test, not the one-minute make check
def test_a_batch_of_200_letters_resumed_after_a_crash_prints_each_letter_once(app, tmp_path):
    """200 letters for 20 citizens (Dutch and English); the first run dies after 120 letters, the second run
    finishes the same batch. Every letter is rendered once, the PDF's pages add up to the manifest, and every
    letter file is tagged and in its citizen's language."""
    with app.app_context():
        expected_language = {}
        for n in range(20):
            language = "en" if n % 4 == 0 else "nl"
            citizen = factories.give_postal_address(
                factories.create_citizen(name=f"Burger {n:02d}", language=language),
                name=f"Burger {n:02d}", postcode=f"{1000 + 397 * n} AB")
            organisation = factories.create_organisation()
            for _ in range(10):
                message = factories.create_message(recipient=citizen, organisation=organisation)
                expected_language[ask_paper(message).id] = language
        rendered = Counter()
        crash = [True]

        def crashing(request):
            if crash[0] and sum(rendered.values()) == 120:
                crash[0] = False
                raise KeyboardInterrupt("the print run was stopped")
            rendered[request.id] += 1
            return letters.render_print_letter(request)

        with pytest.raises(KeyboardInterrupt):
            printing.produce(tmp_path, now=NOW, render=crashing)
        batch = printing.unfinished_batch()
        assert batch.letter_count == 200 and len(list((Path(batch.directory) / "letters").glob("*.pdf"))) == 120
        crashed_at = sum(rendered.values())
        files = printing.produce(tmp_path, now=NOW, render=crashing)
    assert files.batch.id == batch.id and files.rendered_now == 200 - crashed_at
    assert set(rendered.values()) == {1} and len(rendered) == 200  # each letter rendered exactly once
    rows = manifest_rows(files.manifest)
    assert len(rows) == 200 and len({r["letter_id"] for r in rows}) == 200
    combined = PdfReader(files.pdf)
    assert len(combined.pages) == sum(int(r["page_count"]) for r in rows) == files.batch.page_count
    for row in rows:
        path = printing.letter_path(files.batch, PaperRequest.get_by_id(int(row["letter_id"])))
        catalog = PdfReader(path).trailer["/Root"]
        assert catalog["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in catalog
        assert catalog["/Lang"] == expected_language[int(row["letter_id"])]
    for row in rows[::25]:  # the page ranges point at the right letters
        assert row["name"] in combined.pages[int(row["first_page"]) - 1].extract_text()
    assert PaperRequest.select().where(PaperRequest.status == "batched").count() == 200
    assert printing.unfinished_batch() is None


def test_the_combined_pdf_is_written_whole_or_not_at_all(app, tmp_path):
    citizen = factories.give_postal_address(factories.create_citizen())
    ask_paper(factories.create_message(recipient=citizen))
    files = printing.produce(tmp_path, now=NOW, render=lambda request: _tiny_pdf())
    assert not list(Path(files.batch.directory).rglob("*.part"))
    assert len(PdfReader(io.BytesIO(files.pdf.read_bytes())).pages) == 1
