"""The tag tree of the PDFs we make (PDF/UA-1), read with pikepdf: table header cells have a scope; a letter
with attachments and a whole print batch keep their tags, and every page of them, attachments included, is
inside the tag tree."""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path

import pikepdf
import pytest
from pikepdf import Array, Dictionary, Name

from portal.paper import letters, services
from portal.paper.models import PaperRequest, PrintBatch
from portal.pdf import render_pdf
from portal.printing import services as printing
from tests import factories

NOW = datetime(2027, 3, 1, 9, 0)
TABLE = ('<!doctype html><html lang="nl"><head><title>Aanslag</title></head><body><h1>Aanslag</h1><table>'
         '<thead><tr><th scope="col">Belasting</th><th scope="col">Bedrag</th></tr></thead><tbody>'
         '<tr><th scope="row">Rioolheffing</th><td>€ 179,52</td></tr></tbody></table></body></html>')


@pytest.fixture
def app_ctx(app):
    with app.app_context():
        yield app


def elements(node):
    kids = node.get("/K")
    for kid in (kids if isinstance(kids, Array) else [kids] if kids is not None else []):
        if isinstance(kid, Dictionary) and "/S" in kid:
            yield kid
            yield from elements(kid)


def check_tag_tree(pdf: pikepdf.Pdf) -> list:
    """Every page is referred to by a tagged element and its marked content maps back through the parent
    tree; element ids are unique. Returns the elements."""
    root = pdf.Root.StructTreeRoot
    found = list(elements(root))
    tagged_pages = {e.Pg.objgen for e in found if "/Pg" in e}
    nums = root.ParentTree.Nums
    keys = {int(nums[i]) for i in range(0, len(nums), 2)}
    for number, page in enumerate(pdf.pages, start=1):
        assert page.obj.objgen in tagged_pages, f"page {number} is outside the tag tree"
        assert int(page.obj.StructParents) in keys, f"page {number}: its marked content has no parent tree entry"
    ids = [str(e.ID) for e in found if "/ID" in e]
    assert len(ids) == len(set(ids)), "element ids clash"
    assert pdf.Root.MarkInfo.Marked and pdf.pdf_version == "1.7"  # as WeasyPrint's PDF/UA-1
    assert not pdf.check_pdf_syntax()
    return found


def test_table_header_cells_have_a_column_or_row_scope():
    pdf = pikepdf.open(io.BytesIO(render_pdf(TABLE)))
    headers = [e for e in check_tag_tree(pdf) if e.S == Name.TH]
    assert [str(e.A.Scope) for e in headers] == ["/Column", "/Column", "/Row"]
    assert all(str(e.A.O) == "/Table" for e in headers)


def test_a_printed_letter_keeps_every_attachment_page_inside_the_tag_tree(app_ctx):
    from weasyprint import HTML

    tagged = render_pdf(TABLE)
    untagged = HTML(string='<html><body><p>Scan</p><p style="break-before: page">Twee</p></body></html>').write_pdf()
    assert "/StructTreeRoot" not in pikepdf.open(io.BytesIO(untagged)).Root
    citizen = factories.give_postal_address(factories.create_citizen())
    message = factories.create_message(recipient=citizen, attachments=[("aanslag.pdf", tagged),
                                                                       ("scan.pdf", untagged)])
    request = services.request_paper_copy(message, requested_by="citizen", actor=None, now=factories.utcnow())
    pdf = pikepdf.open(io.BytesIO(letters.render_print_letter(PaperRequest.get_by_id(request.id))))
    found = check_tag_tree(pdf)
    assert str(pdf.Root.Lang) == "nl" and "/Metadata" in pdf.Root
    assert [str(e.A.Scope) for e in found if e.S == Name.TH] == ["/Column", "/Column", "/Row"]
    figures = [str(e.Alt) for e in found if str(e.S) == "/Figure" and "/Alt" in e]
    assert figures[-2:] == ["Pagina 1 van de bijlage scan.pdf", "Pagina 2 van de bijlage scan.pdf"]


def test_the_print_batch_pdf_keeps_the_tags_and_language_of_every_letter(app_ctx, tmp_path):
    for name, language in [("Bea", "nl"), ("Bob", "en")]:
        citizen = factories.give_postal_address(factories.create_citizen(name=name, language=language), name=name)
        message = factories.create_message(recipient=citizen, subject=f"Brief voor {name}")
        services.request_paper_copy(message, requested_by="citizen", actor=None, now=NOW)
    files = printing.produce(tmp_path, now=NOW, render=letters.render_print_letter)
    pdf = pikepdf.open(files.pdf)
    found = check_tag_tree(pdf)
    assert len(pdf.pages) == PrintBatch.get().page_count
    document = pdf.Root.StructTreeRoot.K[0]
    assert str(document.S) == "/Document" and str(pdf.Root.Lang) == "nl"
    assert {str(kid.get("/Lang", "nl")) for kid in document.K} == {"nl", "en"}  # the English letter says so
    assert sum(1 for e in found if e.S == Name.H1) >= 2
    assert Path(files.pdf).stat().st_size < 2 * sum(p.stat().st_size for p in Path(files.batch.directory).rglob(
        "letters/*.pdf"))
