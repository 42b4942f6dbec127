"""Attachments: base64 that decodes to a real PDF of at most 2 MB and 10 pages (the bytes decide, not the name),
with nothing in it that runs, launches, embeds or sends: a citizen opens it on a shared computer, in whatever
reader is there."""

from __future__ import annotations

import base64
import binascii
import io
import logging

MAX_BYTES = 2 * 1024 * 1024
MAX_PAGES = 10
# Reading a file of 2 MB never needs more objects than this; a file that does is refused, not walked for ever.
MAX_OBJECTS = 200_000
# What may not be in an attachment, and how the sender is told. Keys are PDF names, as pypdf decodes them
# (so "/J#61vaScript" arrives as "/JavaScript"), found as a dictionary key, a name-tree entry or an action type.
TOO_MANY = "too many objects"
ACTIVE = {
    "/JavaScript": "JavaScript",
    "/JS": "JavaScript",
    "/OpenAction": "an action that runs when the file is opened (/OpenAction)",
    "/AA": "actions that run when a page or field is opened (/AA)",
    "/Launch": "an action that starts a program (/Launch)",
    "/EmbeddedFiles": "embedded files (/EmbeddedFiles)",
    "/EmbeddedFile": "embedded files (/EmbeddedFiles)",
    "/FileAttachment": "embedded files (/EmbeddedFiles)",
    "/RichMedia": "rich media such as Flash or video (/RichMedia)",
    "/SubmitForm": "a form that sends data elsewhere (/SubmitForm)",
    "/ImportData": "an action that reads data from elsewhere (/ImportData)",
    "/XFA": "an XFA form, which can hold scripts (/XFA)",
}
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
        found = active_content(reader)
    except Exception:  # noqa: BLE001 -- any failure to read means: not a usable PDF
        return "The file starts like a PDF but cannot be read as one. Check that it is a complete, valid PDF."
    finally:
        quiet.setLevel(level)
    if pages < 1:
        return "The PDF has no pages."
    if pages > MAX_PAGES:
        return f"The PDF has {pages} pages; the limit is {MAX_PAGES}."
    if found == TOO_MANY:
        return f"The PDF has more than {MAX_OBJECTS:,} objects, more than can be checked. Make it simpler."
    if found:
        return (f"The PDF contains {found}. Attachments may hold only pages to read: save the file again "
                "without scripts, actions, embedded files or media (for example with \"Print to PDF\").")
    return None


def active_content(reader) -> str | None:
    """The first kind of active content found anywhere in the file's object graph, or None.

    Walks from the trailer through every reachable dictionary and array (page trees, annotations, name trees,
    the outline), each indirect object once. Stream data is never decoded: only its dictionary is read.
    """
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    containers = (ArrayObject, DictionaryObject, IndirectObject)
    seen: set[tuple[int, int]] = set()
    todo: list = [reader.trailer]
    for _step in range(MAX_OBJECTS):
        if not todo:
            return None
        node = todo.pop()
        if isinstance(node, IndirectObject):
            if (node.idnum, node.generation) in seen:
                continue
            seen.add((node.idnum, node.generation))
            node = node.get_object()
        if isinstance(node, DictionaryObject):
            found = _flagged(node)
            if found:
                return found
            node = ArrayObject(node.values())
        if isinstance(node, ArrayObject):
            todo.extend(item for item in node if isinstance(item, containers))
    return TOO_MANY if todo else None


def _flagged(node) -> str | None:
    """What one dictionary holds that may not be there: a key, or an action or annotation type."""
    for key, value in node.items():
        if key in ACTIVE:
            return ACTIVE[key]
        if key in ("/S", "/Subtype") and isinstance(value, str) and value in ACTIVE:
            return ACTIVE[value]
    return None
