"""Letters: a message rendered as a tagged PDF/UA-1 letter for a left window envelope (WeasyPrint).

One template (templates/letters/letter.html, static/letter.css) serves the citizen's "Download as PDF" and the
print batch, so the printed letter and the downloaded one are the same. The print version has the message's
PDF attachments appended. Nothing is fetched from the network: only files from static/ (portal.pdf's fetcher).
Needs an app context (templates, translations).
"""

from __future__ import annotations

import io
from functools import cache
from urllib.parse import urlparse

from flask import current_app, render_template
from flask_babel import force_locale

from portal import richtext
from portal.models import Attachment, Citizen, Message, PaperRequest
from portal.paper.addresses import Address, address_from_columns
from portal.pdf import STATIC, _fetcher
from portal.pdftags import join, tag_table_headers


@cache
def _font_config():
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


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
            body=richtext.render(message.text("body", lang)), attachments=attachments,
            portal_address=portal_address(), has_inbox=has_inbox,
        )


def html_to_pdf(html: str) -> bytes:
    """Render to a tagged PDF/UA-1, fonts embedded, with one shared font configuration (faster in batches)."""
    from weasyprint import HTML

    document = HTML(string=html, base_url=STATIC.as_uri() + "/", url_fetcher=_fetcher())
    return tag_table_headers(document.write_pdf(pdf_variant="pdf/ua-1", font_config=_font_config()))


def render_letter(message: Message, *, address: Address | None, lang: str) -> bytes:
    """The letter alone: what the citizen downloads."""
    return html_to_pdf(letter_html(message, address=address, lang=lang))


def render_print_letter(request: PaperRequest) -> bytes:
    """The letter for the print batch: addressed to the request's address, PDF attachments appended after it.

    The letter's tags and language stay; an attachment's tags join the letter's tree (portal.pdftags), and
    the pages of an untagged attachment each become a figure named after the attachment.
    """
    message = Message.get_by_id(request.message_id)
    letter = html_to_pdf(letter_html(message, address=address_from_columns(request),
                                     lang=letter_language(message), printed=True))
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
