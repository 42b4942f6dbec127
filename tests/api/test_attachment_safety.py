"""An attachment holds pages to read and nothing else: JavaScript, actions on opening, program launches,
embedded files, rich media and forms that send data are refused at delivery (422 naming the field), however the
PDF spells or hides them."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject, TextStringObject

from portal.api import pdfcheck
from portal.models import Attachment, Message
from tests.api.conftest import b64, make_pdf


def name(text: str) -> NameObject:
    return NameObject(text)


def action(kind: str, **entries) -> DictionaryObject:
    texts = {name(f"/{key}"): TextStringObject(value) for key, value in entries.items()}
    return DictionaryObject({name("/S"): name(kind), **texts})


def annotation(subtype: str, **entries) -> DictionaryObject:
    return DictionaryObject({name("/Type"): name("/Annot"), name("/Subtype"): name(subtype),
                             name("/Rect"): ArrayObject([NumberObject(0)] * 4), **entries})


def written(change) -> bytes:
    """A real letter PDF (WeasyPrint, tagged) with one change made to its objects."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf())))
    change(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def javascript_name_tree(writer):
    script = writer._add_object(action("/JavaScript", JS="app.alert('hallo')"))
    tree = DictionaryObject({name("/Names"): ArrayObject([TextStringObject("start"), script])})
    writer._root_object[name("/Names")] = DictionaryObject({name("/JavaScript"): tree})


def open_action(writer):
    writer._root_object[name("/OpenAction")] = action("/URI", URI="https://example.invalid/")


def launch_link(writer):
    writer.add_annotation(0, annotation("/Link", **{name("/A"): action("/Launch", F="calc.exe")}))


def javascript_on_page_open(writer):
    writer.pages[0][name("/AA")] = DictionaryObject({name("/O"): action("/JavaScript", JS="app.alert(1)")})


def javascript_link_deep_down(writer):
    # An action chained behind a harmless one (/Next), inside a link annotation.
    harmless = action("/URI", URI="https://example.invalid/")
    harmless[name("/Next")] = writer._add_object(action("/JavaScript", JS="this.print()"))
    writer.add_annotation(0, annotation("/Link", **{name("/A"): harmless}))


def embedded_file(writer):
    writer.add_attachment("factuur.exe", b"MZ not really a program")


def rich_media(writer):
    writer.add_annotation(0, annotation("/RichMedia"))


def submit_form(writer):
    writer.add_annotation(0, annotation("/Widget", **{name("/A"): action("/SubmitForm", F="https://example.invalid")}))


CASES = [
    ("javascript in the name tree", javascript_name_tree, "JavaScript"),
    ("action on opening", open_action, "/OpenAction"),
    ("launch in a link", launch_link, "/Launch"),
    ("javascript when a page opens", javascript_on_page_open, "/AA"),
    ("javascript chained behind a link", javascript_link_deep_down, "JavaScript"),
    ("embedded file", embedded_file, "/EmbeddedFiles"),
    ("rich media annotation", rich_media, "/RichMedia"),
    ("form that sends data", submit_form, "/SubmitForm"),
]


@pytest.mark.parametrize("case, change, words", CASES, ids=[c[0] for c in CASES])
def test_active_content_is_refused_at_delivery_naming_the_field(api, body, case, change, words):
    body["attachments"] = [{"filename": "brief.pdf", "content": b64(written(change))}]
    response = api.send(body)
    assert response.status_code == 422, response.get_data(as_text=True)[:300]
    assert response.mimetype == "application/problem+json"
    errors = response.get_json()["errors"]
    assert [e["pointer"] for e in errors] == ["#/attachments/0/content"]
    assert words in errors[0]["detail"] and "save the file again" in errors[0]["detail"]
    assert Message.select().count() == 0 and Attachment.select().count() == 0


def test_names_hidden_with_hex_escapes_are_read_as_what_they_are():
    data = written(javascript_name_tree)
    hidden = data.replace(b"/JavaScript", b"/J#61vaScript").replace(b"/JS ", b"/J#53 ")
    assert b"/JavaScript" not in hidden
    assert "JavaScript" in pdfcheck.pdf_problem(hidden)


def test_an_ordinary_letter_with_links_passes(api, body):
    from portal.pdf import render_pdf

    letter = render_pdf('<!doctype html><html lang="nl"><head><title>Bijlage</title></head><body>'
                        '<p>Lees <a href="https://www.belastingdienst.nl/">de website</a>.</p></body></html>')
    assert pdfcheck.pdf_problem(letter) is None
    body["attachments"] = [{"filename": "brief.pdf", "content": b64(letter)}]
    assert api.send(body).status_code == 201


def test_a_file_with_more_objects_than_can_be_checked_is_refused(monkeypatch):
    monkeypatch.setattr(pdfcheck, "MAX_OBJECTS", 5)
    assert "more than 5 objects" in pdfcheck.pdf_problem(make_pdf())
