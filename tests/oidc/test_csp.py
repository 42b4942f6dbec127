"""The CSP around DigiD stays as strict as everywhere else: the way to DigiD and back is never a form (whose
redirects Chromium checks against `form-action`), so no page needs to allow another origin. The flows
themselves run in Chromium in test_browser.py; these tests pin the headers and the markup they rely on."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from portal.models import Account
from tests import factories
from tests.pagecheck import check_page

BRAM_BSN = "999990020"
EXPECTED = {
    "default-src": ["'self'"], "object-src": ["'none'"], "base-uri": ["'none'"],
    "frame-ancestors": ["'none'"], "form-action": ["'self'"],
}


def directives(response) -> dict[str, list[str]]:
    header = response.headers["Content-Security-Policy"]
    parsed = {}
    for part in filter(None, (p.strip() for p in header.split(";"))):
        name, *sources = part.split()
        assert name not in parsed, f"{name} twice in {header!r}"
        parsed[name] = sources
    return parsed


def assert_strict(response) -> None:
    """Our own origin and nothing else: no wildcard, no scheme, no host, in any directive."""
    assert directives(response) == EXPECTED, response.headers["Content-Security-Policy"]


def assert_no_form_leaves(soup) -> None:
    for form in soup.find_all("form"):
        action = form.get("action", "")
        assert action.startswith("/") and not action.startswith("//"), f"a form leaves our origin: {action}"


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_login_page_offers_digid_as_a_link_under_the_strict_csp(pages, oidc_provider, language):
    response = pages.client.get("/login", headers={"Accept-Language": language})
    assert response.status_code == 200
    assert_strict(response)
    soup = check_page(response.get_data(as_text=True))
    assert_no_form_leaves(soup)
    assert not soup.find("form", action=lambda action: action and "/login/digid" in action)
    assert soup.main.find("a", href="/login/digid/start")


def test_the_link_sends_the_browser_to_the_broker_with_state_and_pkce(pages, oidc_provider):
    response = pages.client.get("/login/digid/start")
    assert response.status_code == 302 and response.location.startswith(oidc_provider.issuer + "/auth?")
    query = parse_qs(urlsplit(response.location).query)
    assert query["state"] and query["nonce"] and query["code_challenge_method"] == ["S256"]
    assert_strict(response)


@pytest.mark.parametrize("config_overrides", [{}])
def test_with_digid_off_the_login_page_has_no_digid_link_and_the_same_csp(pages, config_overrides):
    response = pages.client.get("/login")
    assert_strict(response)
    soup = check_page(response.get_data(as_text=True))
    assert not soup.find("a", href=lambda href: href and "/login/digid" in href)
    assert pages.client.get("/login/digid/start").status_code == 404


def test_pages_of_a_digid_session_and_its_log_out_page_keep_the_strict_csp(digid, pages, oidc_provider):
    factories.create_citizen(bsn=BRAM_BSN)
    digid.log_in("bram")
    inbox = pages.client.get("/inbox/")
    assert inbox.status_code == 200
    assert_strict(inbox)
    assert_no_form_leaves(check_page(inbox.get_data(as_text=True)))

    out = pages.post("/logout")
    assert out.status_code == 200 and out.headers["Cache-Control"] == "no-store"
    assert out.headers["Clear-Site-Data"] == '"cache", "storage"'
    assert_strict(out)
    soup = check_page(out.get_data(as_text=True))
    assert_no_form_leaves(soup)
    assert soup.h1.get_text(strip=True) == "Uitloggen bij DigiD"
    refresh = soup.find("meta", attrs={"http-equiv": "refresh"})["content"]
    assert refresh.startswith(f"0; url={oidc_provider.issuer}/session/end?")


def test_a_digid_log_out_on_a_public_computer_comes_back_to_the_public_computer_advice(digid, pages):
    citizen = factories.create_citizen(bsn=BRAM_BSN)
    Account.update(public_computer=True).where(Account.id == citizen.account_id).execute()
    digid.log_in("bram")
    out = pages.post("/logout")
    assert out.headers["Clear-Site-Data"] == '"cache", "storage", "cookies"'
    end_session = check_page(out.get_data(as_text=True)).main.find("a")["href"]
    assert parse_qs(urlsplit(end_session).query)["state"] == ["public"]

    confirm = digid.browser.get(end_session, timeout=10)
    xsrf = confirm.text.split('name="xsrf" value="')[1].split('"')[0]
    ended = digid.browser.post(f"{digid.provider.issuer}/session/end/confirm", data={"xsrf": xsrf, "logout": "yes"},
                               allow_redirects=False, timeout=10)
    back = urlsplit(ended.headers["Location"])
    assert f"{back.scheme}://{back.netloc}{back.path}" == "http://portal.test/logged-out"
    page = pages.get(f"{back.path}?{back.query}")
    assert "Sluit nu alle vensters van de browser." in page.get_text(" ")
