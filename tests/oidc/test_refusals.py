"""Every way a DigiD log-in can be wrong is refused with the right page, logged, and leaves no session.

The provider is real; where it would never send something wrong by itself (a forged or foreign ID token),
the test changes what reaches the portal's callback: the answer of the real token endpoint is altered on its
way in, or the portal's clock is moved.
"""

import base64
import json
import logging
from datetime import timedelta
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

import pytest
import requests
from authlib.common.security import generate_token
from authlib.oauth2.rfc7636 import create_s256_code_challenge
from joserfc import jwt
from joserfc.jwk import RSAKey

from portal.auth import oidc as oidc_views
from portal.auth import oidc_client
from portal.auth.models import OidcPending, Session
from portal.clock import utcnow
from portal.models import Account, Citizen
from tests.oidc.conftest import CLIENTS

REFUSED = "/login/digid/refused/"


@pytest.fixture
def refusals(caplog):
    caplog.set_level(logging.WARNING, logger="portal.auth.digid")
    return caplog


def assert_refused(pages, response, reason: str, *, status: int = 403, says: str, accounts: int = 0):
    """Sent to the refusal page for `reason`; the page says what happened; nobody is logged in."""
    assert response.status_code == 302 and response.location == REFUSED + reason, response.location
    soup = pages.get(response.location, status=status)
    assert says in soup.get_text(" ", strip=True)
    assert "U bent niet ingelogd." in soup.get_text(" ", strip=True)
    assert Session.select().count() == 0
    assert pages.client.get("/account").status_code == 302  # sent to the log-in page
    assert Account.select().count() == accounts and OidcPending.select().count() == 0


def logged(caplog, text: str) -> bool:
    return any("DigiD log-in refused" in r.getMessage() and text in r.getMessage() for r in caplog.records)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def change_token_answer(monkeypatch, change):
    """The real token endpoint answers; `change` alters its answer before the portal checks it."""
    real = oidc_client.fetch_token

    def altered(settings, metadata, *, code, flow):
        return change(real(settings, metadata, code=code, flow=flow))

    monkeypatch.setattr(oidc_client, "fetch_token", altered)


def with_id_token(change_id_token):
    return lambda token: {**token, "id_token": change_id_token(token["id_token"])}


# The provider's answers that are wrong by themselves ----------------------------------------------------


@pytest.mark.parametrize("person", ["midden", "basis"])
def test_an_assurance_level_below_substantieel_is_refused(digid, pages, refusals, person):
    response = digid.log_in(person)
    assert_refused(pages, response, "assurance", says="DigiD-niveau Substantieel of hoger")
    assert logged(refusals, "assurance") and Citizen.select().count() == 0


def test_a_higher_minimum_refuses_substantieel(app, digid, pages, refusals):
    app.config["OIDC_MIN_ACR"] = "urn:oasis:names:tc:SAML:2.0:ac:classes:SmartcardPKI"
    assert_refused(pages, digid.log_in("anna"), "assurance", says="DigiD-niveau Hoog of hoger")


def test_a_missing_citizen_number_claim_is_refused(digid, pages, refusals):
    assert_refused(pages, digid.log_in("no-bsn"), "no-bsn", says="DigiD heeft het niet doorgegeven")
    assert logged(refusals, "no bsn claim")


def test_the_citizen_number_claim_name_is_a_setting(app, digid, pages, refusals):
    app.config["OIDC_BSN_CLAIM"] = "urn:nl:bsn"
    assert_refused(pages, digid.log_in("anna"), "no-bsn", says="DigiD heeft het niet doorgegeven")
    assert logged(refusals, "no urn:nl:bsn claim")


def test_a_citizen_number_failing_the_eleven_test_is_refused(digid, pages, refusals):
    assert_refused(pages, digid.log_in("bad-bsn"), "bad-bsn", says="dat niet klopt")
    assert logged(refusals, "fails the 11-test")
    assert not any("123456789" in r.getMessage() for r in refusals.records), "no citizen number in the log"


def test_cancelling_at_the_provider_goes_back_to_the_login_page(digid, pages, refusals):
    response = digid.come_back(digid.cancel(digid.start()))
    assert response.status_code == 302 and response.location == "/login"
    assert "U bent gestopt met inloggen met DigiD." in pages.get("/login").get_text()
    assert Session.select().count() == 0


# The browser's part of the flow ---------------------------------------------------------------------------


def test_a_wrong_state_is_refused_before_the_code_is_used(digid, pages, refusals, monkeypatch):
    callback = digid.authenticate(digid.start(), "anna")
    monkeypatch.setattr(oidc_client, "fetch_token", lambda *a, **k: pytest.fail("the code must not be used"))
    response = digid.come_back(callback.replace("state=", "state=x"))
    assert_refused(pages, response, "expired", says="Het inloggen duurde te lang")
    assert logged(refusals, "state does not match")


def test_an_answer_in_a_browser_that_never_started_a_login_is_refused(digid, pages, refusals, app):
    callback = digid.authenticate(digid.start(), "anna")
    other_browser = app.test_client()
    parts = urlsplit(callback)
    response = other_browser.get(f"{parts.path}?{parts.query}")
    assert response.status_code == 302 and response.location == REFUSED + "expired"
    assert logged(refusals, "no log-in was started") and Session.select().count() == 0


def test_a_code_used_twice_is_refused_the_second_time(digid, pages, refusals):
    from tests import factories

    factories.create_citizen(bsn="999990019")
    callback = digid.authenticate(digid.start(), "anna")
    assert digid.come_back(callback).location == "/"
    pages.logout()
    assert_refused(pages, digid.come_back(callback), "expired", says="Het inloggen duurde te lang", accounts=1)


def test_a_wrong_nonce_is_refused(digid, pages, refusals):
    authorize = urlsplit(digid.start())
    query = {k: v[0] for k, v in parse_qs(authorize.query).items()}
    query["nonce"] = "a-nonce-the-portal-never-made"
    forged = urlunsplit(authorize._replace(query=urlencode(query)))
    assert_refused(pages, digid.come_back(digid.authenticate(forged, "anna")), "failed", says="Er ging iets mis")
    assert logged(refusals, "nonce")


def test_an_answer_from_another_issuer_is_refused(digid, pages, refusals):
    callback = digid.authenticate(digid.start(), "anna")
    callback = callback.replace("iss=http", "iss=https")
    assert_refused(pages, digid.come_back(callback), "failed", says="Er ging iets mis")
    assert logged(refusals, "iss parameter")


# ID tokens the real provider would never send ------------------------------------------------------------


def test_a_tampered_id_token_is_refused(digid, pages, refusals, monkeypatch):
    def other_citizen(id_token):
        header, payload, signature = id_token.split(".")
        claims = json.loads(_unb64(payload))
        claims["bsn"] = "999990020"
        return ".".join([header, _b64(json.dumps(claims).encode()), signature])

    change_token_answer(monkeypatch, with_id_token(other_citizen))
    assert_refused(pages, digid.log_in("anna"), "failed", says="Er ging iets mis")
    assert logged(refusals, "signature")


def test_an_id_token_signed_with_another_key_under_the_providers_key_id_is_refused(digid, pages, refusals, monkeypatch):
    def re_signed(id_token):
        header = json.loads(_unb64(id_token.split(".")[0]))
        claims = json.loads(_unb64(id_token.split(".")[1]))
        key = RSAKey.generate_key(2048, parameters={"kid": header["kid"]})
        return jwt.encode({"alg": "RS256", "kid": header["kid"]}, claims, key)

    change_token_answer(monkeypatch, with_id_token(re_signed))
    assert_refused(pages, digid.log_in("anna"), "failed", says="Er ging iets mis")
    assert logged(refusals, "signature")


def test_an_unsigned_id_token_is_refused(digid, pages, refusals, monkeypatch):
    def unsigned(id_token):
        claims = id_token.split(".")[1]
        return ".".join([_b64(json.dumps({"alg": "none"}).encode()), claims, ""])

    change_token_answer(monkeypatch, with_id_token(unsigned))
    assert_refused(pages, digid.log_in("anna"), "failed", says="Er ging iets mis")
    assert logged(refusals, "signature")


def test_an_id_token_for_another_client_is_refused(digid, pages, refusals, monkeypatch, oidc_provider):
    """A genuine token from the same provider, with our nonce, but issued to another relying party."""
    authorize = digid.start()
    with pages.client.session_transaction() as session:
        nonce = session[oidc_views.FLOW_KEY]["nonce"]
    other = CLIENTS["other-rp"]
    verifier = generate_token(64)
    other_authorize = oidc_provider.issuer + "/auth?" + urlencode({
        "client_id": other["client_id"], "response_type": "code", "scope": "openid", "nonce": nonce,
        "redirect_uri": other["redirect_uris"][0], "state": "s", "code_challenge_method": "S256",
        "code_challenge": create_s256_code_challenge(verifier),
    })
    other_callback = digid.authenticate(other_authorize, "anna")
    code = parse_qs(urlsplit(other_callback).query)["code"][0]
    other_tokens = requests.post(
        oidc_provider.issuer + "/token", timeout=10, auth=(other["client_id"], other["client_secret"]),
        data={"grant_type": "authorization_code", "code": code, "redirect_uri": other["redirect_uris"][0],
              "code_verifier": verifier},
    ).json()
    assert "id_token" in other_tokens

    change_token_answer(monkeypatch, lambda token: other_tokens)
    assert_refused(pages, digid.come_back(digid.authenticate(authorize, "anna")), "failed", says="Er ging iets mis")
    assert logged(refusals, "aud")


@pytest.mark.parametrize(
    "moved, detail", [(timedelta(minutes=3), "expired"), (-timedelta(minutes=3), "issued in the future")]
)
def test_an_expired_or_not_yet_issued_id_token_is_refused(digid, pages, refusals, monkeypatch, moved, detail):
    """The provider's ID tokens live 60 seconds; the portal allows 60 seconds of clock skew, no more."""
    callback = digid.authenticate(digid.start(), "anna")
    later = utcnow() + moved
    monkeypatch.setattr(oidc_views, "utcnow", lambda: later)
    assert_refused(pages, digid.come_back(callback), "failed", says="Er ging iets mis")
    assert logged(refusals, detail)


def test_a_clock_within_the_skew_is_accepted(digid, pages, monkeypatch):
    from tests import factories

    factories.create_citizen(bsn="999990019")
    callback = digid.authenticate(digid.start(), "anna")
    slightly_behind = utcnow() - timedelta(seconds=45)
    monkeypatch.setattr(oidc_views, "utcnow", lambda: slightly_behind)
    assert digid.come_back(callback).location == "/"


def test_an_unreachable_provider_gives_a_clear_page(app, pages, refusals):
    app.config["OIDC_ISSUER"] = "http://127.0.0.1:9"  # the discard port: nothing answers
    response = pages.client.get("/login/digid/start")
    assert_refused(pages, response, "unavailable", status=503, says="Wij konden DigiD niet bereiken")
    assert logged(refusals, "unavailable")
