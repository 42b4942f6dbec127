"""The Dutch catalogue is complete, has no fuzzy entries, and is not stale against the code."""

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
METHODS = [("portal/**.py", "python"), ("templates/**.html", "jinja2"), ("templates/**.txt", "jinja2")]
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "lazy_gettext": None}


def source_messages() -> set:
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map=METHODS, keywords=KEYWORDS
    ):
        found.add(message if isinstance(message, str) else tuple(message))
    return found


def dutch_catalogue():
    with open(ROOT / "translations" / "nl" / "LC_MESSAGES" / "messages.po", "rb") as f:
        return read_po(f)


def test_every_string_in_the_code_has_a_dutch_translation():
    catalogue = dutch_catalogue()
    missing = []
    for message in source_messages():
        key = message[0] if isinstance(message, tuple) else message
        entry = catalogue.get(key)
        if entry is None or not entry.string or (isinstance(entry.string, tuple) and not all(entry.string)):
            missing.append(key)
    assert not missing, f"untranslated (run `make messages` and translate): {sorted(missing)}"


def test_no_fuzzy_or_stale_entries():
    catalogue = dutch_catalogue()
    sources = {m[0] if isinstance(m, tuple) else m for m in source_messages()}
    fuzzy = [m.id for m in catalogue if m.id and m.fuzzy]
    stale = [m.id for m in catalogue if m.id and (m.id[0] if isinstance(m.id, tuple) else m.id) not in sources]
    assert not fuzzy, f"fuzzy entries are skipped by the compiler: {fuzzy}"
    assert not stale, f"entries no longer in the code (run `make messages`): {stale}"
    assert not catalogue.obsolete, "obsolete entries left in the catalogue"


def test_placeholders_survive_translation():
    for message in dutch_catalogue():
        if message.id and message.string and isinstance(message.id, str):
            for token in ("%(", ")s"):
                assert message.id.count(token) == message.string.count(token), message.id
