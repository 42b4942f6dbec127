"""Letters: tagged PDF/UA with the right language, fonts embedded, the address inside the envelope window,
nothing fetched from outside, and the same letter for download and print."""

import io
import re
from datetime import date

import pytest
from pypdf import PdfReader

from portal.models import Citizen, Organisation
from portal.paper import letters, services
from portal.paper.addresses import address_of
from portal.paper.models import PaperRequest
from tests import factories

PX_TO_MM = 25.4 / 96  # WeasyPrint writes text positions in CSS pixels


@pytest.fixture
def app_ctx(app):
    with app.app_context():
        yield app


def text_positions(page) -> dict[str, tuple[float, float]]:
    """Each text run's (x, y) in mm from the sheet's left and top edges (first occurrence)."""
    found: dict[str, tuple[float, float]] = {}

    def visit(text, cm, tm, font, size):
        if text.strip():
            found.setdefault(text.strip(), (tm[4] * PX_TO_MM, tm[5] * PX_TO_MM))

    page.extract_text(visitor_text=visit)
    return found


def test_the_letter_is_tagged_pdf_ua_in_the_letters_language_with_fonts_embedded(app_ctx):
    citizen = factories.give_postal_address(factories.create_citizen(language="en"))
    message = factories.create_message(recipient=citizen, deadline=date(2030, 1, 1))
    pdf = letters.render_letter(message, address=address_of(citizen), lang=letters.letter_language(message))
    reader = PdfReader(io.BytesIO(pdf))
    catalog = reader.trailer["/Root"]
    assert catalog["/Lang"] == "en" and catalog["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in catalog
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"]
    assert reader.metadata.title == "Your tax assessment"
    fonts = [f.get_object() for f in reader.pages[0]["/Resources"]["/Font"].values()]
    descriptors = [f["/DescendantFonts"][0].get_object()["/FontDescriptor"] for f in fonts]
    assert fonts and all("/FontFile2" in d for d in descriptors)  # every font is embedded
    words = reader.pages[0].extract_text()
    for expected in ("What you must do", "Pay the amount.", "Pay before Tuesday 1 January 2030", "2026-REF-1",
                     "This letter is also in your online inbox"):
        assert expected in words


def test_the_address_sits_in_the_left_window_field_and_nothing_else_does(app_ctx):
    citizen = factories.give_postal_address(factories.create_citizen())
    message = factories.create_message(recipient=citizen)
    pdf = letters.render_letter(message, address=address_of(citizen), lang="nl")
    positions = text_positions(PdfReader(io.BytesIO(pdf)).pages[0])
    # The field (static/letter.css): 35 mm from the left, 48.5 mm to 78.5 mm from the top, 70 mm wide.
    for line in ("Anna de Vries", "Dorpsstraat 12A", "1234 AB  ONS DORP"):
        x, y = positions[line]
        assert abs(x - 35) < 0.5 and 50 < y < 78.5, (line, x, y)
    others = [(t, x, y) for t, (x, y) in positions.items() if 48.5 < y < 78.5 + 4 and x < 105
              and t not in ("Anna de Vries", "Dorpsstraat 12A", "1234 AB  ONS DORP")]
    assert others == []
    assert positions["Datum"][1] > 98  # the reference line starts 98 mm from the top


def test_the_letter_fetches_nothing_but_its_own_stylesheet(app_ctx):
    message = factories.create_message(body="Zie [de website](https://www.example.nl/uitleg).")
    html = letters.letter_html(message, address=None, lang="nl")
    assert re.findall(r'<link[^>]*href="([^"]+)"', html) == ["letter.css"]
    assert "<img" not in html and "<script" not in html and "@import" not in html
    from portal.pdf import _fetcher

    with pytest.raises(ValueError):
        _fetcher().fetch("https://www.example.nl/style.css")


def test_a_citizen_without_an_inbox_is_told_how_to_get_one(app_ctx):
    known = Citizen.create(account=None, bsn=factories.next_bsn(), created_at=factories.utcnow())
    factories.give_postal_address(known, name="Bram Bakker")
    message = factories.create_message(recipient=known)
    request = services.open_request_for(message)
    words = PdfReader(io.BytesIO(letters.render_print_letter(request))).pages[-1].extract_text()
    assert "geen online berichtenbox" in words and "portal.test" in words


def test_the_print_letter_appends_the_attachments_and_keeps_the_letters_tags(app_ctx):
    from portal.pdf import render_pdf

    attachment = render_pdf('<!doctype html><html lang="nl"><head><title>Bijlage</title></head><body>'
                            '<p>Specificatie</p><p style="break-before: page">Pagina twee</p></body></html>')
    citizen = factories.give_postal_address(factories.create_citizen())
    message = factories.create_message(recipient=citizen, attachments=[("specificatie.pdf", attachment)])
    Organisation.update(phone="0800-0543").execute()
    request = services.request_paper_copy(message, requested_by="citizen", actor=None, now=factories.utcnow())
    # The same letter as printed (with the phone number, saying the attachments follow), without them.
    message = type(message).get_by_id(message.id)
    alone = PdfReader(io.BytesIO(letters.html_to_pdf(
        letters.letter_html(message, address=address_of(citizen), lang="nl", printed=True))))
    printed = PdfReader(io.BytesIO(letters.render_print_letter(PaperRequest.get_by_id(request.id))))
    assert len(printed.pages) == len(alone.pages) + 2
    assert "Specificatie" in printed.pages[-2].extract_text()
    assert "De bijlagen zijn na deze brief geprint." in "".join(p.extract_text() for p in printed.pages[:-2])
    catalog = printed.trailer["/Root"]
    assert catalog["/Lang"] == "nl" and "/StructTreeRoot" in catalog
