"""In w3m an inbox row's parts (unread, deadline, sender, date) each end where the next begins: a full stop
after each tag and a comma between sender and date, not "… 2027 Gemeente Utrecht"."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date

import pytest

from tests import factories

pytestmark = pytest.mark.textbrowser


def w3m_dump(html: str) -> str:
    w3m = shutil.which("w3m")
    if not w3m:
        pytest.fail("w3m is not installed: run `make test`, which installs the text browser")
    done = subprocess.run([w3m, "-dump", "-T", "text/html", "-cols", "200", "-O", "UTF-8"],  # noqa: S603
                          input=html.encode(), capture_output=True, timeout=30, check=True)
    return done.stdout.decode()


@pytest.mark.parametrize("language, expected", [
    ("nl", r"Ongelezen\. \S[^.]*2027\. Gemeente Utrecht, \w+ \d+ \w+ \d{4}"),
    ("en", r"Unread\. \S[^.]*2027\. Municipality of Utrecht, \w+ \d+ \w+ \d{4}"),
])
def test_inbox_row_parts_are_separated_in_w3m(pages, language, expected):
    citizen = factories.create_citizen(language=language)
    utrecht = factories.create_organisation(name_nl="Gemeente Utrecht", name_en="Municipality of Utrecht")
    factories.create_message(recipient=citizen, organisation=utrecht, deadline=date(2027, 1, 5))
    pages.login(citizen.account.email)
    text = w3m_dump(pages.client.get("/inbox/").get_data(as_text=True))
    row = next(line.strip() for line in text.splitlines() if "Utrecht," in line or "Utrecht ·" in line)
    assert re.fullmatch(expected, row), row
