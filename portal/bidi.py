"""Unicode bidirectional controls, which a sender's text may not carry into a citizen's inbox.

An override (U+202D, U+202E) or an embedding or isolate (U+202A–U+202C, U+2066–U+2069) in a subject, a reference
or a file name reorders what follows it on the screen: "factuur\u202efdp.exe" shows as "factuurexe.pdf". Dutch
and English never need them, and text in a right-to-left script is laid out by the Unicode bidi algorithm
without them, so they are taken out where text enters (the API) rather than isolated on every page, e-mail and
PDF that shows it.
"""

from __future__ import annotations

CONTROLS = tuple(chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A)))
_TABLE = dict.fromkeys(map(ord, CONTROLS))


def without_controls(text: str) -> str:
    return text.translate(_TABLE)
