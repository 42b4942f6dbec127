"""A real OpenID Connect provider for the DigiD tests: the npm package oidc-provider (OpenID Certified),
started once per test run on a free loopback port with tests/oidc/provider.json, stopped by its PID at the
end (and it stops by itself after PROVIDER_LIFETIME seconds). Missing Node.js or package: the tests fail.

`digid` drives a log-in the way a browser would: the portal through the Flask test client, the provider over
real HTTP (a requests session keeps the provider's cookies).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import requests

from portal.auth import oidc_client
from tests.pagecheck import check_page
from tests.servers import free_port

HERE = Path(__file__).resolve().parent
NODE_MODULES = HERE.parent.parent / ".cache" / "oidc-node" / "node_modules"
PROVIDER_CONFIG = json.loads((HERE / "provider.json").read_text())
CLIENTS = {client["client_id"]: client for client in PROVIDER_CONFIG["clients"]}
PORTAL = "http://portal.test"  # PUBLIC_URL in the test config: the redirect URI registered for portal-test
PROVIDER_LIFETIME = 900  # seconds; the provider exits by itself after this, whatever happens to pytest
START_TIMEOUT = 20


@dataclass(frozen=True)
class Provider:
    issuer: str
    pid: int
    log: Path

    def settings(self, **overrides) -> dict:
        client = CLIENTS["portal-test"]
        return {
            "OIDC_ISSUER": self.issuer,
            "OIDC_CLIENT_ID": client["client_id"],
            "OIDC_CLIENT_SECRET": client["client_secret"],
            **overrides,
        }


def _wait_for_discovery(issuer: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"oidc-provider exited with {process.returncode}:\n{log.read_text()}", pytrace=False)
        try:
            if requests.get(f"{issuer}/.well-known/openid-configuration", timeout=2).ok:
                return
        except requests.ConnectionError:
            pass
        time.sleep(0.1)
    pytest.fail(f"oidc-provider did not answer within {START_TIMEOUT} s:\n{log.read_text()}", pytrace=False)


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.kill(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.kill(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


@pytest.fixture(scope="session")
def oidc_provider(tmp_path_factory) -> Provider:
    node = shutil.which("node")
    if node is None:
        pytest.fail("Node.js is missing: the DigiD tests run a real OpenID Connect provider on it "
                    "(apt-get install nodejs npm).", pytrace=False)
    if not (NODE_MODULES / "oidc-provider" / "package.json").exists():
        pytest.fail(f"oidc-provider is not installed in {NODE_MODULES}: run `make oidc-deps`.", pytrace=False)
    port = free_port()
    log = tmp_path_factory.mktemp("oidc-provider") / "provider.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [node, str(HERE / "provider.mjs"), "--port", str(port), "--lifetime", str(PROVIDER_LIFETIME)],
            stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            env={**os.environ, "OIDC_PROVIDER_MODULES": str(NODE_MODULES)},
        )
    issuer = f"http://127.0.0.1:{port}"
    try:
        _wait_for_discovery(issuer, process, log)
        yield Provider(issuer=issuer, pid=process.pid, log=log)
    finally:
        _stop(process)


@pytest.fixture
def config_overrides(oidc_provider) -> dict:
    return oidc_provider.settings()


@pytest.fixture(autouse=True)
def _fresh_provider_cache():
    oidc_client.forget_provider_cache()
    yield
    oidc_client.forget_provider_cache()


class DigiD:
    """Log in with DigiD through the real provider, one step at a time so tests can tamper between steps."""

    def __init__(self, pages, provider: Provider):
        self.pages = pages
        self.provider = provider
        self.browser = requests.Session()  # the provider's side of the browser: its cookies

    def forget_provider_session(self) -> None:
        """As on another day: the provider no longer knows this browser."""
        self.browser = requests.Session()

    def start(self, next_url: str | None = None, *, public: bool = False) -> str:
        """Follow the "Log in with DigiD" link (`public`: the one for a shared or public computer); returns the
        provider's authorization URL the portal sends us to."""
        query = {"next": next_url} if next_url else {}
        if public:
            query["public"] = "1"
        response = self.pages.client.get("/login/digid/start", query_string=query)
        assert response.status_code == 302, response.status_code
        assert response.location.startswith(self.provider.issuer + "/auth?"), response.location
        return response.location

    def authenticate(self, authorize_url: str, person: str) -> str:
        """Log in at the provider as a person from provider.json; returns the URL it sends the browser back to."""
        url = self._follow(authorize_url)
        if not url.startswith(self.provider.issuer):
            return url  # the provider still knows this browser: it sends it straight back, no questions asked
        assert urlsplit(url).path.startswith("/interaction/"), url
        page = self.browser.get(url, timeout=10)
        assert page.status_code == 200 and "Test DigiD" in page.text
        answer = self.browser.post(url + "/login", data={"login": person}, allow_redirects=False, timeout=10)
        return self._follow(urljoin(url, answer.headers["Location"]))

    def cancel(self, authorize_url: str) -> str:
        url = self._follow(authorize_url)
        answer = self.browser.post(url + "/abort", allow_redirects=False, timeout=10)
        return self._follow(urljoin(url, answer.headers["Location"]))

    def come_back(self, callback_url: str):
        """The browser arrives back at the portal with the provider's answer."""
        assert callback_url.startswith(PORTAL + "/login/digid/callback?"), callback_url
        parts = urlsplit(callback_url)
        return self.pages.client.get(f"{parts.path}?{parts.query}")

    def log_in(self, person: str, next_url: str | None = None, *, public: bool = False):
        return self.come_back(self.authenticate(self.start(next_url, public=public), person))

    def log_out(self) -> str:
        """Press "Log out" in a DigiD session; returns the provider's end-session URL the portal's page sends
        the browser on to (by a refresh, and by a link for browsers that follow no refresh)."""
        response = self.pages.post("/logout")
        assert response.status_code == 200, response.status_code
        return self.end_session_url(response)

    @staticmethod
    def end_session_url(response) -> str:
        """Where the portal's page on the way out sends the browser: its refresh, which its link repeats."""
        soup = check_page(response.get_data(as_text=True))
        refresh = soup.find("meta", attrs={"http-equiv": "refresh"})["content"]
        delay, url = (part.strip() for part in refresh.split(";", 1))
        assert delay == "0" and url.startswith("url="), refresh
        assert soup.main.find("a", href=url.removeprefix("url=")), "the page's link goes where the refresh goes"
        return url.removeprefix("url=")

    def _follow(self, url: str) -> str:
        """Follow the provider's redirects until one leaves it (or a page needs the visitor)."""
        for _ in range(10):
            if not url.startswith(self.provider.issuer):
                return url
            response = self.browser.get(url, allow_redirects=False, timeout=10)
            if response.status_code not in (302, 303):
                return url
            url = urljoin(url, response.headers["Location"])
        raise AssertionError("too many redirects at the provider")


@pytest.fixture
def digid(pages, oidc_provider) -> DigiD:
    return DigiD(pages, oidc_provider)


def signed_session_cookie(app, data: dict) -> tuple[str, str]:
    """The name and value of a portal session cookie holding `data`, as the portal itself would sign it
    (for putting a browser that is not driven by the test client in a state, like a log-in awaiting consent)."""
    return app.config["SESSION_COOKIE_NAME"], app.session_interface.get_signing_serializer(app).dumps(data)
