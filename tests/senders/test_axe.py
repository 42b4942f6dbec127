"""The dashboard pages in headless Chromium with axe-core: zero violations, in Dutch and in English, with the
known statistics on screen (the chart, the tables) and keys of both kinds."""

from __future__ import annotations

import pytest

from portal.api import keys
from portal.clock import utcnow
from tests.browser.conftest import _tab, assert_accessible, chromium, log_in, page  # noqa: F401 -- fixtures
from tests.live import live_server  # noqa: F401

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("language", ["nl", "en"])
def test_dashboard_pages_have_no_axe_violations(live_server, page, sender, known_mail, language):  # noqa: F811
    made = keys.create_key(org_slug=sender.organisation.slug, kind="live", name="Systeem", now=utcnow())
    keys.create_key(org_slug=sender.organisation.slug, kind="test", name="Proef", now=utcnow())
    log_in(page, live_server, sender.account.email)
    assert page.url == f"{live_server}/senders/"
    if language == "en":  # the sender's account is Dutch: switch as a person would
        with page.expect_navigation():
            page.click("button[name=language][value=en]")
    for path in ("/senders/?period=all", "/senders/unopened", "/senders/keys", f"/senders/keys/{made.key.id}/revoke",
                 "/senders/api-reference"):
        page.goto(f"{live_server}{path}")
        assert page.locator("h1").count() == 1, path
        assert_accessible(page, language)
