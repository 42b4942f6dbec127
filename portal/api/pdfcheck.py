"""Attachments: base64 that decodes to a real PDF of at most 2 MB and 10 pages (the bytes decide, not the name)."""

from __future__ import annotations

import base64
import binascii
import io
import logging

MAX_BYTES = 2 * 1024 * 1024
MAX_PAGES = 10
_MAX_BASE64 = (MAX_BYTES + 2) // 3 * 4


def decode_and_check(content: object) -> bytes | str:
    """The PDF's bytes, or a sentence that says what is wrong with it."""
    if not isinstance(content, str):
        return "The content must be the PDF file in base64, as a string."
    compact = "".join(content.split())  # line breaks every 76 characters are common in base64
    if not compact:
        return "The content is empty. Put the PDF file here, in base64."
    if len(compact) > _MAX_BASE64:
        return f"The file is larger than 2 MB ({MAX_BYTES:,} bytes). Make it smaller or leave it out."
    try:
        data = base64.b64decode(compact, validate=True)
    except (binascii.Error, ValueError):
        return "The content is not valid base64 (use the standard alphabet A-Z a-z 0-9 + / with = padding)."
    if len(data) > MAX_BYTES:
        return f"The file is larger than 2 MB ({MAX_BYTES:,} bytes). Make it smaller or leave it out."
    problem = pdf_problem(data)
    return problem or data


def pdf_problem(data: bytes) -> str | None:
    """None for a readable, unencrypted PDF of 1 to 10 pages; else what is wrong."""
    if not data.startswith(b"%PDF-"):
        return "The file is not a PDF (PDF files start with %PDF-). Only PDF attachments are accepted."
    from pypdf import PdfReader

    quiet = logging.getLogger("pypdf")
    level = quiet.level
    quiet.setLevel(logging.ERROR)  # pypdf logs every repair it makes to a damaged file
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            return "The PDF is protected with a password. Send it without protection, so everyone can open it."
        pages = len(reader.pages)
    except Exception:  # noqa: BLE001 -- any failure to read means: not a usable PDF
        return "The file starts like a PDF but cannot be read as one. Check that it is a complete, valid PDF."
    finally:
        quiet.setLevel(level)
    if pages < 1:
        return "The PDF has no pages."
    if pages > MAX_PAGES:
        return f"The PDF has {pages} pages; the limit is {MAX_PAGES}."
    return None
