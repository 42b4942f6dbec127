"""A shared or public computer chosen on the log-in page carries through the DigiD log-in, against the real
provider: the session made on coming back (or after the first log-in's consent) is a public-computer session
with all that means (10 minutes idle, the cookie's flag, no-store on static files, the header's note, log-out
clearing cookies and coming back to the advice), and a log-in without the choice is not."""

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from freezegun import freeze_time

from portal.auth.models import Session
from portal.auth.oidc import PENDING_PUBLIC_KEY
from portal.auth.oidc_client import Flow
from tests import factories

ANNA_BSN = "999990019"  # no inbox yet: the first log-in asks for consent
BRAM_BSN = "999990020"
WORDS = {
    "nl": {
        "digid": "Inloggen met DigiD",
        "digid shared": "Inloggen met DigiD op een gedeelde of openbare computer",
        "hint": "Dan loggen we u uit als u 10 minuten niets doet. En uw browser bewaart niets.",
        "chosen": "U hebt gekozen voor een gedeelde of openbare computer.",
        "not shared": "Dit is geen gedeelde computer",
        "header": "Gedeelde computer",
    },
    "en": {
        "digid": "Log in with DigiD",
        "digid shared": "Log in with DigiD on a shared or public computer",
        "hint": "Then we log you out after 10 minutes without activity, and your browser keeps nothing.",
        "chosen": "You chose a shared or public computer.",
        "not shared": "This is not a shared computer",
        "header": "Shared computer",
    },
}
languages = pytest.mark.parametrize("language", ["nl", "en"])


def speak(pages, language: str) -> None:
    """The visitor chose this language before logging in."""
    with pages.client.session_transaction() as session:
        session["lang"] = language


def digid_links(soup) -> list[tuple[str, str]]:
    return [(a.get_text(strip=True), a["href"]) for a in soup.main.select("a[href^='/login/digid/start']")]


def assert_session_kind(pages, language: str, *, public: bool) -> None:
    """The one session there is: a public-computer session, or a normal one, in every way that shows."""
    row = Session.get()
    assert row.public_computer is public
    with pages.client.session_transaction() as cookie:
        assert bool(cookie.get("public")) is public
    inbox = pages.get("/inbox/")
    assert (WORDS[language]["header"] in inbox.header.get_text(" ")) is public
    seconds_left = int(inbox.select_one("#session-timeout")["data-seconds-left"])
    assert 590 <= seconds_left <= 600 if public else seconds_left > 1700
    css = pages.client.get(inbox.select_one("link[rel=stylesheet]")["href"])
    assert (css.headers["Cache-Control"] == "no-store") is public
    with freeze_time(row.last_seen_at + timedelta(minutes=10, seconds=1)):
        assert (pages.client.get("/inbox/").status_code == 302) is public


def assert_log_out_kind(digid, pages, *, public: bool) -> None:
    out = pages.post("/logout")
    assert out.status_code == 200
    assert ("cookies" in out.headers["Clear-Site-Data"]) is public
    end_session = parse_qs(urlsplit(digid.end_session_url(out)).query)
    assert end_session.get("state") == (["public"] if public else None)


@languages
def test_the_log_in_page_offers_digid_on_a_shared_computer_as_its_own_link(pages, language):
    words = WORDS[language]
    normal = pages.get("/login", headers={"Accept-Language": language})
    assert digid_links(normal) == [(words["digid"], "/login/digid/start"),
                                   (words["digid shared"], "/login/digid/start?public=1")]
    shared_link = normal.main.find("a", href="/login/digid/start?public=1")
    assert normal.find(id=shared_link["aria-describedby"]).get_text(strip=True) == words["hint"]

    # The page for a shared computer (its link, or a sent form with the box ticked): one DigiD link, public.
    shared = pages.get("/login?public=1&next=/account/sessions", headers={"Accept-Language": language})
    [(label, href)] = digid_links(shared)
    assert label == words["digid"]
    assert parse_qs(urlsplit(href).query) == {"next": ["/account/sessions"], "public": ["1"]}
    assert words["chosen"] in shared.main.get_text(" ")
    assert shared.main.find("a", string=words["not shared"])["href"] == "/login?next=/account/sessions"
    # Never a form on the way to DigiD: form-action 'self' would stop its redirect to the broker.
    assert not [form for form in shared.find_all("form") if "digid" in form.get("action", "")]
    ticked = pages.post("/login", {"email": "nobody@example.nl", "password": "wrong", "public_computer": "y"},
                        headers={"Accept-Language": language})
    assert "/login/digid/start?public=1" in ticked.get_data(as_text=True)


@languages
@pytest.mark.parametrize("public", [True, False])
def test_a_digid_log_in_is_a_public_computer_session_only_when_chosen(digid, pages, language, public):
    factories.create_citizen(bsn=BRAM_BSN, language=language)
    speak(pages, language)
    back = digid.log_in("bram", public=public)
    assert back.status_code == 302 and back.location == "/"
    assert_session_kind(pages, language, public=public)


@languages
@pytest.mark.parametrize("public", [True, False])
def test_log_out_of_a_digid_session_on_a_shared_computer_clears_cookies_and_comes_back_to_the_advice(
    digid, pages, language, public,
):
    factories.create_citizen(bsn=BRAM_BSN, language=language)
    digid.log_in("bram", public=public)
    assert_log_out_kind(digid, pages, public=public)


@languages
@pytest.mark.parametrize("public", [True, False])
def test_a_first_digid_log_in_keeps_the_choice_through_consent(digid, pages, language, public):
    speak(pages, language)
    back = digid.log_in("anna", public=public)
    assert back.status_code == 302 and back.location == "/login/digid/activate"
    assert Session.select().count() == 0
    activate = pages.get("/login/digid/activate")
    assert (WORDS[language]["chosen"] in activate.main.get_text(" ")) is public
    done = pages.post("/login/digid/activate", {"consent": "y"})
    assert done.status_code == 302 and done.location == "/"
    assert_session_kind(pages, language, public=public)
    with pages.client.session_transaction() as cookie:
        assert PENDING_PUBLIC_KEY not in cookie  # log-in starts the session afresh


def test_a_declined_shared_computer_log_in_leaves_nothing_for_the_next_one(digid, pages):
    digid.log_in("anna", public=True)
    pages.post("/login/digid/activate", {"decline": "1"})
    with pages.client.session_transaction() as cookie:
        assert PENDING_PUBLIC_KEY not in cookie
    digid.forget_provider_session()
    digid.log_in("anna")
    assert "gedeelde" not in pages.get("/login/digid/activate").main.get_text(" ")
    pages.post("/login/digid/activate", {"consent": "y"})
    assert Session.get().public_computer is False


def test_a_flow_kept_before_the_choice_existed_is_a_normal_log_in():
    kept = {"state": "s", "nonce": "n", "code_verifier": "v", "redirect_uri": "http://portal.test/cb",
            "started_at": 0.0, "next_url": "/"}
    assert Flow.from_dict(kept).public_computer is False
    assert Flow.from_dict({**kept, "public_computer": True}).public_computer is True
