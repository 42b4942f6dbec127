"""Settings, the log-in choice page, and the order of assurance levels. No provider needed."""

from urllib.parse import parse_qs, urlsplit

import pytest

from portal import create_app
from portal.auth import oidc_acr
from portal.config import Config, ConfigError
from tests.conftest import make_config

ON = {"OIDC_ISSUER": "http://127.0.0.1:9", "OIDC_CLIENT_ID": "portal-test", "OIDC_CLIENT_SECRET": "s"}
OIDC_ROUTES = [
    ("GET", "/login/digid/start"), ("GET", "/login/digid/callback?code=c&state=s"),
    ("GET", "/login/digid/refused/failed"), ("GET", "/login/digid/activate"), ("POST", "/login/digid/activate"),
]


@pytest.fixture
def config_overrides():
    return {}  # DigiD off, as when OIDC_ISSUER is unset


def test_without_an_issuer_there_is_no_digid_button_and_every_digid_route_is_404(pages):
    soup = pages.get("/login")
    assert "DigiD" not in soup.get_text()
    assert soup.find("input", id="email") and soup.find("input", id="password")
    for method, url in OIDC_ROUTES:
        response = pages.client.get(url) if method == "GET" else pages.post(url)
        assert response.status_code == 404, (method, url)


@pytest.mark.parametrize("language, digid, password", [
    ("nl", "Inloggen met DigiD", "Inloggen met uw e-mailadres en wachtwoord"),
    ("en", "Log in with DigiD", "Log in with your e-mail address and password"),
])
def test_the_login_page_offers_digid_first_and_the_password_second(app, pages, language, digid, password):
    app.config.update(ON)
    soup = pages.get("/login", headers={"Accept-Language": language})
    assert [h2.get_text(strip=True) for h2 in soup.find_all("h2")][:2] == [digid, password]
    # A link, not a form (tests/oidc/test_csp.py says why); it comes before the password form.
    start = soup.main.find_all("a", href="/login/digid/start")
    assert len(start) == 1 and start[0].get_text(strip=True) == digid
    assert not soup.find("form", action="/login/digid/start")
    assert start[0].find_next("form")["action"] == "/login"
    assert soup.find("input", id="email")["autocomplete"] == "username"


def test_the_digid_link_keeps_the_page_asked_for(app, pages):
    app.config.update(ON)
    soup = pages.get("/login?next=/account/sessions")
    link = soup.main.find("a", href=lambda href: href and href.startswith("/login/digid/start?"))
    assert parse_qs(urlsplit(link["href"]).query) == {"next": ["/account/sessions"]}


def test_the_refusal_page_for_an_unknown_reason_is_404(app, pages):
    app.config.update(ON)
    assert pages.client.get("/login/digid/refused/whatever").status_code == 404


def test_settings_come_from_the_environment():
    config = Config.from_env({
        "OIDC_ISSUER": "https://broker.example", "OIDC_CLIENT_ID": "portal", "OIDC_CLIENT_SECRET": "secret",
        "OIDC_BSN_CLAIM": "urn:nl:bsn", "OIDC_MIN_ACR": oidc_acr.DIGID_HOOG,
    })
    assert (config.OIDC_ISSUER, config.OIDC_CLIENT_ID, config.OIDC_BSN_CLAIM) == (
        "https://broker.example", "portal", "urn:nl:bsn")
    assert config.OIDC_MIN_ACR == oidc_acr.DIGID_HOOG
    assert Config.from_env({}).OIDC_ISSUER is None
    assert Config.OIDC_MIN_ACR == oidc_acr.DIGID_SUBSTANTIEEL and Config.OIDC_BSN_CLAIM == "bsn"


@pytest.mark.parametrize("settings, message", [
    ({"OIDC_CLIENT_ID": ""}, "OIDC_CLIENT_ID and OIDC_CLIENT_SECRET"),
    ({"OIDC_CLIENT_SECRET": ""}, "OIDC_CLIENT_ID and OIDC_CLIENT_SECRET"),
    ({"OIDC_MIN_ACR": "substantieel"}, "not a known assurance level"),
    ({"OIDC_ISSUER": "http://broker.example"}, "OIDC_ISSUER must be https://"),
    ({"OIDC_ISSUER": "ftp://127.0.0.1"}, "OIDC_ISSUER must be https://"),
])
def test_unusable_settings_stop_the_app_from_starting(tmp_path, database_url, settings, message):
    with pytest.raises(ConfigError, match=message):
        create_app(make_config(tmp_path, database_url, **{**ON, **settings}))


def test_production_needs_an_https_issuer(tmp_path, database_url):
    with pytest.raises(ConfigError, match="https:// address in production"):
        create_app(make_config(tmp_path, database_url, ENV="production", **ON))
    app = create_app(make_config(tmp_path, database_url, ENV="production", **{**ON, "OIDC_ISSUER": "https://b.example"}))
    assert app.config["OIDC_ISSUER"] == "https://b.example"


def test_assurance_levels_rank_digid_eidas_and_eherkenning_on_one_scale():
    digid = [oidc_acr.DIGID_BASIS, oidc_acr.DIGID_MIDDEN, oidc_acr.DIGID_SUBSTANTIEEL, oidc_acr.DIGID_HOOG]
    assert [oidc_acr.rank(a) for a in digid] == [1, 2, 3, 4]
    assert oidc_acr.rank("http://eidas.europa.eu/LoA/substantial") == oidc_acr.rank(oidc_acr.DIGID_SUBSTANTIEEL)
    assert oidc_acr.rank("urn:etoegang:core:assurance-class:loa3") == oidc_acr.rank(oidc_acr.DIGID_SUBSTANTIEEL)
    assert oidc_acr.rank("urn:etoegang:core:assurance-class:loa2plus") == oidc_acr.rank(oidc_acr.DIGID_MIDDEN)


@pytest.mark.parametrize("acr, enough", [
    (oidc_acr.DIGID_HOOG, True), (oidc_acr.DIGID_SUBSTANTIEEL, True), (oidc_acr.DIGID_MIDDEN, False),
    (oidc_acr.DIGID_BASIS, False), (None, False), ("", False), ("urn:unknown:level", False), (3, False),
    (["urn:oasis:names:tc:SAML:2.0:ac:classes:Smartcard"], False),
])
def test_the_default_minimum_is_digid_substantieel(acr, enough):
    assert oidc_acr.is_enough(acr, Config.OIDC_MIN_ACR) is enough


@pytest.mark.parametrize("reason, status, english", [
    ("unavailable", 503, "DigiD cannot be reached right now"),
    ("expired", 403, "Your log-in has expired"),
    ("failed", 403, "We could not log you in with DigiD"),
    ("assurance", 403, "Log in with a safer DigiD level"),
    ("no-bsn", 403, "DigiD did not send your citizen service number"),
    ("bad-bsn", 403, "Your citizen service number is not valid"),
])
def test_every_refusal_page_says_you_are_not_logged_in_in_both_languages(app, pages, reason, status, english):
    app.config.update(ON)
    dutch = pages.get(f"/login/digid/refused/{reason}", status=status)
    assert "U bent niet ingelogd." in dutch.get_text() and dutch.find("a", href="/login")
    soup = pages.get(f"/login/digid/refused/{reason}", status=status, headers={"Accept-Language": "en"})
    assert soup.h1.get_text(strip=True) == english and "You are not logged in." in soup.get_text()
