"""Assisted access: a citizen (Anna), a helper (Fatima) with an accepted authorisation, and helpers for the
views: log in as the helper and open Anna's mail."""

from __future__ import annotations

import re
from datetime import date

import pytest

from portal.clock import utcnow
from portal.helpers import services
from tests import factories

# The shared fixtures for the browser and text-browser tests in this folder.
from tests.browser.conftest import _tab, chromium, language, page  # noqa: F401 -- one shared Chromium
from tests.live import live_server  # noqa: F401
from tests.textbrowser.conftest import w3m  # noqa: F401

CODE = re.compile(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}")
CLIENT = "192.0.2.10"  # the client address a service call counts tries by (portal/auth/throttle.py)


@pytest.fixture
def helper():
    return factories.create_account(email="fatima@example.nl", name="Fatima El Amrani", role="helper")


def authorise(citizen, helper, scope: str = "read", end: date | None = None, now=None):
    """An accepted authorisation from `citizen` for `helper`."""
    now = now or utcnow()
    delegation, code = services.invite(citizen, helper.email, scope, end, actor=citizen.account, now=now)
    return services.accept(helper, code, client=CLIENT, now=now)


def act_for(pages, helper, delegation):
    """Log in as the helper and open the citizen's mail (the form on the helper's page)."""
    assert pages.login(helper.email).status_code == 302
    response = pages.post(f"/helping/{delegation.id}/open")
    assert response.status_code == 303, response.status_code
    return pages
