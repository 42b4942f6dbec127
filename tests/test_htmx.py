"""One way to ask "is this htmx?" (portal/htmx.py): no view reads the HX-* headers itself."""

import re
from pathlib import Path

import portal

PACKAGE = Path(portal.__file__).parent
ASKING = re.compile(r"""request\.htmx|headers(\.get\(|\[)["']HX-(Request|Target)""")


def test_only_portal_htmx_reads_the_htmx_request_headers():
    readers = sorted(str(path.relative_to(PACKAGE)) for path in PACKAGE.rglob("*.py")
                     if ASKING.search(path.read_text(encoding="utf-8")))
    assert readers == ["htmx.py"]
