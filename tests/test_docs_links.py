"""Docs: every relative link in README.md and docs/*.md leads to a file that exists, and a link to a heading of a
Markdown page (`page.md#heading`) to a heading that page has. Moving a section between pages must not break them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from portal.config import ROOT

PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
LINK = re.compile(r"\]\(([^)\s]+)\)")
FENCE = re.compile(r"^```.*?^```", re.S | re.M)
HEADING = re.compile(r"^#{1,6} +(.+?) *$", re.M)


def anchor(heading: str) -> str:
    # GitHub's rule: lower case, punctuation dropped, spaces become hyphens.
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def anchors(page: Path) -> set[str]:
    return {anchor(h) for h in HEADING.findall(FENCE.sub("", page.read_text()))}


def relative_links(page: Path) -> list[str]:
    text = FENCE.sub("", page.read_text())
    return [t for t in LINK.findall(text) if not re.match(r"[a-z][a-z+.-]*:", t)]


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_relative_link_resolves(page):
    broken = []
    for target in relative_links(page):
        path, _, fragment = target.partition("#")
        file = (page.parent / path).resolve() if path else page
        if not file.exists() or (fragment and file.suffix == ".md" and fragment not in anchors(file)):
            broken.append(target)
    assert broken == [], f"{page.name}: links to nothing: {broken}"


def test_the_readme_links_every_docs_page():
    readme = set(relative_links(ROOT / "README.md"))
    missing = [p.name for p in PAGES[1:] if f"docs/{p.name}" not in readme]
    assert missing == []


def test_anchor_follows_github():
    assert anchor("Log in with DigiD (OpenID Connect)") == "log-in-with-digid-openid-connect"


CONFLICT = re.compile(r"^(<{7} |={7}$|>{7} )", re.M)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_no_merge_conflict_is_left_in_a_page(page):
    # docs/api.md once carried both sides of a merge for a stop; a page must say one thing.
    assert not CONFLICT.findall(FENCE.sub("", page.read_text())), page


def test_the_readme_is_read_in_one_sitting():
    # Each area's rules live in docs/<area>.md; the README keeps what a newcomer needs first.
    assert len((ROOT / "README.md").read_bytes()) < 10_000
