"""Letters: a message rendered as a tagged PDF/UA-1 letter for a left window envelope (WeasyPrint).

One template (templates/letters/letter.html, static/letter.css) serves the citizen's "Download as PDF" and the
print batch, so the printed letter and the downloaded one are the same. The print version has the message's
PDF attachments appended. Nothing is fetched from the network: only files from static/ (portal.pdf's fetcher).
Each PDF is rendered in a child process with a time limit (portal.pdf.bounded): PDF_TIMEOUT seconds for a
download in a web request, PDF_BATCH_TIMEOUT for a print batch or a take-out; over it, PdfFailed.
Needs an app context (templates, translations).
"""

from __future__ import annotations

import io
from urllib.parse import urlparse

from flask import current_app, render_template
from flask_babel import force_locale

from portal import richtext
from portal.models import Attachment, Citizen, Message
from portal.paper.addresses import Address, address_from_columns
from portal.paper.models import PaperRequest
from portal.pdf import STATIC, _fetcher, bounded, font_config, warm_up
from portal.pdftags import join, tag_table_headers


def letter_language(message: Message, citizen: Citizen | None = None) -> str:
    """The language the whole letter is in: the citizen's, when the message has a text in it."""
    citizen = citizen or Citizen.get_by_id(message.recipient_id)
    preferred = citizen.account.language if citizen.account_id else "nl"
    return message.text_language(preferred)


def portal_address() -> str:
    """The portal's address as people type it ("overheidspost.example.nl")."""
    url = urlparse(current_app.config["PUBLIC_URL"])
    return (url.netloc or url.path).removeprefix("www.") + (url.path.rstrip("/") if url.netloc else "")


def letter_html(message: Message, *, address: Address | None, lang: str, printed: bool = False) -> str:
    attachments = list(Attachment.select(Attachment.id, Attachment.filename)
                       .where(Attachment.message == message).order_by(Attachment.id))
    has_inbox = Citizen.get_by_id(message.recipient_id).account_id is not None
    with force_locale(lang):
        return render_template(
            "letters/letter.html", message=message, lang=lang, address=address, printed=printed,
            body=richtext.render(message.text("body", lang), website=message.organisation.website),
            attachments=attachments,
            portal_address=portal_address(), has_inbox=has_inbox,
        )


def html_to_pdf(html: str) -> bytes:
    """Render to a tagged PDF/UA-1, fonts embedded, with one shared font configuration (faster in batches)."""
    from weasyprint import HTML

    document = HTML(string=html, base_url=STATIC.as_uri() + "/", url_fetcher=_fetcher())
    return tag_table_headers(document.write_pdf(pdf_variant="pdf/ua-1", font_config=font_config()))


def bounded_pdf(html: str, *, timeout: float) -> bytes:
    """html_to_pdf in a child process; raises portal.pdf.PdfFailed after `timeout` seconds or on failure."""
    warm_up()
    return bounded(lambda: html_to_pdf(html), timeout=timeout)


def render_letter(message: Message, *, address: Address | None, lang: str, timeout: float | None = None) -> bytes:
    """The letter alone: what the citizen downloads (within PDF_TIMEOUT unless `timeout` says otherwise).

    Raises portal.pdf.PdfFailed."""
    timeout = current_app.config["PDF_TIMEOUT"] if timeout is None else timeout
    return bounded_pdf(letter_html(message, address=address, lang=lang), timeout=timeout)


def render_print_letter(request: PaperRequest) -> bytes:
    """The letter for the print batch: addressed to the request's address, PDF attachments appended after it.

    The letter's tags and language stay; an attachment's tags join the letter's tree (portal.pdftags), and
    the pages of an untagged attachment each become a figure named after the attachment.
    Raises portal.pdf.PdfFailed after PDF_BATCH_TIMEOUT seconds.
    """
    message = Message.get_by_id(request.message_id)
    letter = bounded_pdf(letter_html(message, address=address_from_columns(request),
                                     lang=letter_language(message), printed=True),
                         timeout=current_app.config["PDF_BATCH_TIMEOUT"])
    attachments = [a for a in Attachment.select().where(Attachment.message == message).order_by(Attachment.id)
                   if a.content_type == "application/pdf"]
    if not attachments:
        return letter
    lang = letter_language(message)
    with force_locale(lang):
        parts = [(letter, None)] + [(bytes(a.data), _page_alt(a.filename)) for a in attachments]
        out = io.BytesIO()
        join(parts, out, lang=lang)
    return out.getvalue()


def _page_alt(filename: str):
    from flask_babel import gettext as _

    return lambda page: _("Page %(page)d of the attachment %(filename)s", page=page, filename=filename)
