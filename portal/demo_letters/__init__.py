"""The demo letters: realistic Dutch plain-language texts (B1, "u"), most with a plain-English version.

The letters are data files beside this module, read once at import: burger.toml and buur.toml (one
`[[letter]]` each, oldest first, with `[letter.nl]` and an optional `[letter.en]`) and pdfs.toml (the PDF
attachments). portal/demo.py delivers them. Texts may hold placeholders, filled in at seeding time from the
letter's delivery date, so the demo reads right whenever it is seeded:
{year}, {last_year}, {two_years_ago}, {next_year}: calendar years; {next_month}: the month after delivery;
{tax_year}: the year the income tax story is about (the year before its first letter, TAX_STORY_DAYS_AGO);
{reference}: the letter's own reference (in PDFs);
{deadline}: the letter's date written out ("vrijdag 1 december 2027" / "Friday 1 December 2027");
{m1} … {m6}: the 28th of each of the six months after delivery (for the payment plan PDF).
Bodies are Markdown (paragraphs, lists, links, headings from ##), never raw HTML or images.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib.resources import files


@dataclass(frozen=True)
class Text:
    subject: str
    summary: str
    action: str  # "what you must do"; empty for letters that only inform
    body: str


@dataclass(frozen=True)
class Letter:
    org: str  # organisation slug
    type: str  # message_type
    reference: str
    days_ago: int  # delivered this many days before the seeding moment
    nl: Text
    en: Text | None = None
    state: str = "read"  # unread | read | done | archived (archived letters with a deadline are also done)
    hours_ago: int | None = None  # today's mail: delivered this many hours ago instead
    due: int | None = None  # deadline: days after the Dutch date of today (negative: in the past)
    due_kind: str | None = None  # respond | pay | object | send-documents
    done_after: int = 5  # days after delivery that a done letter was done
    pdf: str | None = None  # key in PDFS


@dataclass(frozen=True)
class Pdf:
    filename: str
    html: str  # a whole document with <html lang="nl"> and a <title>


# The income tax letters (invitation, reminder, final assessment, payment plan, ...) are about one tax year:
# the year before the invitation arrived, so the story holds whenever the demo is seeded.
TAX_STORY_DAYS_AGO = 380


def _read(name: str) -> dict:
    return tomllib.loads(files(__package__).joinpath(name).read_text(encoding="utf-8"))


def _letter(fields: dict) -> Letter:
    """A letter from its table; a key the dataclass does not know is a mistake in the file (TypeError)."""
    nl, en = fields.pop("nl"), fields.pop("en", None)
    return Letter(**fields, nl=Text(**nl), en=Text(**en) if en else None)


def load_letters(name: str) -> list[Letter]:
    return [_letter(dict(fields)) for fields in _read(name)["letter"]]


# Anna de Vries (burger@example.nl) and Pieter Jansen (buur@example.nl).
BURGER: list[Letter] = load_letters("burger.toml")
BUUR: list[Letter] = load_letters("buur.toml")
PDFS: dict[str, Pdf] = {key: Pdf(**fields) for key, fields in _read("pdfs.toml")["pdf"].items()}
