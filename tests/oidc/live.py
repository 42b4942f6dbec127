"""For the tests that drive a real browser (Chromium, w3m) through DigiD: the portal on a live server at a free
port, registered at the provider as its native client `portal-live`, which accepts loopback addresses on any
port. Import both fixtures into the test module."""

from __future__ import annotations

import pytest

from tests.oidc.conftest import CLIENTS

LIVE_CLIENT = CLIENTS["portal-live"]


@pytest.fixture
def config_overrides(oidc_provider) -> dict:
    return oidc_provider.settings(OIDC_CLIENT_ID=LIVE_CLIENT["client_id"],
                                  OIDC_CLIENT_SECRET=LIVE_CLIENT["client_secret"])


@pytest.fixture
def portal(app, live_server) -> str:
    """The live server's base URL, which is also the portal's public address (redirect URIs are built on it)."""
    app.config["PUBLIC_URL"] = live_server
    return live_server
