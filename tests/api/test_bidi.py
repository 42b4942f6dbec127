"""Bidirectional controls in what a sender sends cannot reorder the text around them: they are taken out at
delivery, from every text field, and from messages stored before."""

from __future__ import annotations

import peewee
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal import bidi
from portal.db import SQLITE_PRAGMAS, available_migrations
from portal.models import Attachment, Message
from tests.api.conftest import b64, make_pdf
from tests.budget import examples

RLO, PDF_, RLI, PDI = "\u202e", "\u202c", "\u2067", "\u2069"
CONTROL = st.sampled_from(bidi.CONTROLS)
WORDS = st.text(alphabet=st.characters(codec="utf-8", categories=("L", "N", "Zs", "P")), min_size=1, max_size=20)


def test_the_controls_are_the_overrides_embeddings_and_isolates():
    assert set(bidi.CONTROLS) == {chr(c) for c in [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]}
    assert bidi.without_controls(f"factuur{RLO}fdp.exe") == "factuurfdp.exe"
    assert bidi.without_controls("مرحبا 2027") == "مرحبا 2027"  # right-to-left text itself stays


def test_a_spoofed_file_name_subject_and_reference_arrive_without_controls(api, body, recipient):
    body["subject"]["nl"] = f"Uw aanslag {RLO}0202 ruuh{PDF_} staat klaar"
    body["reference"] = f"HT-{RLI}2027{PDI}-001"
    body["summary"]["nl"] = f"Lees {RLO}dit{PDF_} goed."
    body["attachments"] = [{"filename": f"factuur{RLO}fdp.exe.pdf", "content": b64(make_pdf())}]
    assert api.send(body).status_code == 201
    message = Message.get()
    assert message.subject_nl == "Uw aanslag 0202 ruuh staat klaar"
    assert message.reference == "HT-2027-001" and message.summary_nl == "Lees dit goed."
    assert Attachment.get().filename == "factuurfdp.exe.pdf"


def test_a_subject_of_controls_only_is_empty(api, body, recipient):
    body["subject"]["nl"] = RLO + PDF_
    response = api.send(body)
    assert response.status_code == 422
    assert response.get_json()["errors"][0]["pointer"] == "#/subject/nl"


@settings(max_examples=examples(30), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(parts=st.lists(st.one_of(WORDS, CONTROL), min_size=1, max_size=8).filter(
    lambda parts: "".join(p for p in parts if p not in bidi.CONTROLS).strip()))
def test_any_text_keeps_its_letters_and_loses_its_controls(api, body, recipient, parts):
    body["subject"]["nl"] = "".join(parts)
    body["summary"]["nl"] = "".join(parts)
    response = api.send(body)
    assert response.status_code == 201, response.get_data(as_text=True)
    message = Message.get(Message.public_id == response.get_json()["id"])
    expected = "".join(p for p in parts if p not in bidi.CONTROLS).strip()
    assert message.subject_nl == expected and message.summary_nl == expected


def test_messages_stored_before_lose_their_controls_on_upgrade(tmp_path):
    db = peewee.SqliteDatabase(str(tmp_path / "old.db"), pragmas=SQLITE_PRAGMAS)
    migrations = list(available_migrations())
    for _number, _name, module in [m for m in migrations if m[0] < 86]:
        with db.atomic():
            module.up(db)
    db.execute_sql("INSERT INTO account (id, email, password_hash, name, language, role, created_at) "
                   "VALUES (1, 'p@example.nl', 'x', 'Naam', 'nl', 'citizen', '2026-01-05')")
    db.execute_sql("INSERT INTO citizen (id, account_id, bsn, created_at) VALUES (1, 1, '999990019', '2026-01-05')")
    db.execute_sql("INSERT INTO organisation (id, slug, name_nl, name_en, created_at) "
                   "VALUES (1, 'org', 'Org', 'Org', '2026-01-05')")
    rows = {1: (f"A{RLO}1{PDF_}", f"Onderwerp {RLI}x{PDI}", None), 2: ("B-2", "Gewoon", f"Plain {RLO}y")}
    for id_, (reference, subject_nl, subject_en) in rows.items():
        db.execute_sql("INSERT INTO message (id, public_id, organisation_id, recipient_id, reference, message_type, "
                       "subject_nl, subject_en, summary_nl, action_nl, body_nl, delivered_at, is_test, channel) "
                       "VALUES (?, ?, 1, 1, ?, 't', ?, ?, 's', '', 'b', '2026-01-05', 0, 'digital')",
                       (id_, f"m{id_}", reference, subject_nl, subject_en))
    db.execute_sql("INSERT INTO attachment (message_id, filename, content_type, size, sha256, data) "
                   "VALUES (1, ?, 'application/pdf', 1, 'x', X'00')", (f"factuur{RLO}fdp.exe.pdf",))

    for _number, _name, module in [m for m in migrations if m[0] >= 86]:
        with db.atomic():
            module.up(db)

    found = db.execute_sql("SELECT id, reference, subject_nl, subject_en FROM message ORDER BY id").fetchall()
    assert found == [(1, "A1", "Onderwerp x", None), (2, "B-2", "Gewoon", "Plain y")]
    assert db.execute_sql("SELECT filename FROM attachment").fetchone() == ("factuurfdp.exe.pdf",)
