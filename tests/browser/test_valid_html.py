"""Every page the 320 px walk opens (every kind of visitor, both languages) is valid HTML for the Nu Html Checker:
the pages are fetched in-process and checked in one run of the checker (a Java start costs seconds).

The checker is installed from npm by `make test` (Makefile: VNU); missing, it fails the test rather than skip.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests import factories
from tests.browser.test_every_page import DIGID, LANGUAGES, WALKERS, World, walk, world  # noqa: F401 -- fixture
from tests.conftest import Pages

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]
VNU = ROOT / ".cache/node/node_modules/vnu-jar/build/dist/vnu.jar"


@pytest.fixture
def config_overrides():
    return DIGID


def sign_in(client, world: World, walker: str) -> Pages:  # noqa: F811 -- the fixture's value
    """A test client where the walker starts (the same forms as in the browser walk)."""
    pages = Pages(client)
    email = {"citizen": world.citizen.account.email, "shared": world.citizen.account.email,
             "helper": world.helper.email, "acting": world.helper.email, "sender": world.sender.account.email}
    if walker in email:
        extra = {"public_computer": "y"} if walker == "shared" else {}
        response = pages.post("/login", {"email": email[walker], "password": factories.PASSWORD, **extra})
        assert response.status_code == 302, walker
        # Where a browser lands after logging in (for the walk's citizen: "welcome back", asked once a session).
        assert pages.client.get(response.location, follow_redirects=True).status_code == 200, walker
    if walker == "acting":
        assert pages.post(f"/helping/{world.delegation.id}/open").status_code == 303
    return pages


def check_html(files: list[Path]) -> list[dict]:
    """The checker's errors for the files (warnings are advice, not failures)."""
    if not VNU.exists():
        pytest.fail(f"the Nu Html Checker is not installed ({VNU.relative_to(ROOT)}): run `make test`")
    java = shutil.which("java")
    if not java:
        pytest.fail("Java is not installed: run `make test`, which installs the test tools")
    done = subprocess.run([java, "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, files)],  # noqa: S603
                          capture_output=True, text=True, timeout=300, check=False)
    return json.loads(done.stderr or done.stdout or '{"messages": []}')["messages"]


def test_every_page_is_valid_html_for_every_visitor_in_both_languages(app, world, tmp_path):  # noqa: F811
    """One world (its accounts speak Dutch), each visitor in turn; the language switch gives English."""
    files, names = [], {}
    for walker in WALKERS:
        for language in LANGUAGES:
            pages = sign_in(app.test_client(), world, walker)
            pages.post("/language", {"language": language})
            for url, status in walk(app, world, walker):
                response = pages.client.get(url, headers={"Accept-Language": language})
                assert response.status_code == status, f"{walker} {url}: {response.status_code}"
                path = tmp_path / f"page{len(files)}.html"
                path.write_bytes(response.data)
                files.append(path)
                names[path.name] = f"{url} ({walker}, {language})"
    assert len(files) > 50, "the walk found the pages"
    errors = check_html(files)
    report = [f"{names.get(Path(e.get('url', '')).name, e.get('url'))} line {e.get('lastLine')}: {e['message']} "
              f"[{(e.get('extract') or '').strip()[:120]}]" for e in errors]
    assert not report, f"{len(report)} HTML error(s):\n" + "\n".join(report)
