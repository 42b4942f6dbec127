"""The whole DigiD log-in against the real provider: first log-in activates an inbox once, later log-ins
reuse it, log-out ends the portal session and the provider's."""

from urllib.parse import parse_qs, urlsplit

from portal.auth.models import InboxConsent, OidcLogin, OidcPending, Session
from portal.auth.oidc_accounts import ACTIVATION_TEXT_VERSION, NO_PASSWORD
from portal.models import Account, Citizen, Event
from tests import factories

ANNA_BSN = "999990019"


def test_first_login_activates_an_inbox_once_and_the_second_login_reuses_it(digid, pages):
    back = digid.log_in("anna")
    assert back.status_code == 302 and back.location == "/login/digid/activate"
    assert Session.select().count() == 0 and Citizen.select().count() == 0

    soup = pages.get("/login/digid/activate")
    assert soup.h1.get_text(strip=True) == "Uw digitale berichtenbox aanzetten"
    done = pages.post("/login/digid/activate", {"consent": "y"})
    assert done.status_code == 302 and done.location == "/"
    assert pages.client.get("/").location == "/inbox/"

    citizen = Citizen.get(Citizen.bsn == ANNA_BSN)
    account = citizen.account
    assert account.auth_method == "digid" and account.email is None and account.password_hash == NO_PASSWORD
    consent = InboxConsent.get()
    assert (consent.citizen_id, consent.account_id) == (citizen.id, account.id)
    assert consent.text_version == ACTIVATION_TEXT_VERSION and consent.language == "nl"
    assert consent.acr.endswith(":Smartcard")
    assert Event.get(Event.kind == "inbox-activated").citizen_id == citizen.id
    assert Session.select().count() == 1 and OidcLogin.select().count() == 1
    assert OidcPending.select().count() == 0

    pages.logout()
    digid.forget_provider_session()
    again = digid.log_in("anna")
    assert again.status_code == 302 and again.location == "/"
    assert (Account.select().count(), Citizen.select().count(), InboxConsent.select().count()) == (1, 1, 1)
    assert Session.get().account_id == account.id


def test_a_citizen_with_a_password_account_logs_in_with_digid_to_the_same_inbox(digid, pages):
    citizen = factories.create_citizen(bsn="999990020")
    back = digid.log_in("bram")
    assert back.status_code == 302 and back.location == "/"
    assert Session.get().account_id == citizen.account_id
    assert pages.client.get("/inbox/").status_code == 200


def test_log_out_ends_the_portal_session_and_the_session_at_the_provider(digid, pages, oidc_provider):
    factories.create_citizen(bsn="999990020")
    digid.log_in("bram")
    end_session = digid.log_out()
    assert Session.select().count() == 0 and OidcLogin.select().count() == 0
    assert end_session.startswith(oidc_provider.issuer + "/session/end?")
    query = parse_qs(urlsplit(end_session).query)
    assert query["post_logout_redirect_uri"] == ["http://portal.test/logged-out"]
    assert query["client_id"] == ["portal-test"] and query["id_token_hint"] and "state" not in query

    # Before log-out the provider would let the browser straight through; after it, it asks again.
    confirm = digid.browser.get(end_session, timeout=10)
    assert confirm.status_code == 200
    xsrf = confirm.text.split('name="xsrf" value="')[1].split('"')[0]
    action = confirm.text.split('action="')[1].split('"')[0]
    ended = digid.browser.post(oidc_provider.issuer + action if action.startswith("/") else action,
                               data={"xsrf": xsrf, "logout": "yes"}, allow_redirects=False, timeout=10)
    assert ended.headers["Location"] == "http://portal.test/logged-out"
    login_again = digid._follow(digid.start())
    assert urlsplit(login_again).path.startswith("/interaction/")


def test_the_page_asked_for_before_logging_in_is_kept_through_digid(digid, pages):
    factories.create_citizen(bsn="999990020")
    assert digid.log_in("bram", next_url="/account/sessions").location == "/account/sessions"
    pages.logout()
    digid.forget_provider_session()
    assert digid.log_in("bram", next_url="//evil.example/").location == "/"


def test_a_password_session_logs_out_here_only(digid, pages):
    citizen = factories.create_citizen(email="anna@example.nl")
    pages.login(citizen.account.email)
    assert pages.logout().location == "/logged-out"
    assert Session.select().count() == 0


def test_log_out_without_the_form_token_changes_nothing(digid, pages):
    factories.create_citizen(bsn="999990020")
    digid.log_in("bram")
    assert pages.client.post("/logout").status_code == 400
    assert Session.select().count() == 1 and OidcLogin.select().count() == 1


def test_log_out_still_ends_the_portal_session_when_the_provider_cannot_be_reached(app, digid, pages):
    factories.create_citizen(bsn="999990020")
    digid.log_in("bram")
    from portal.auth import oidc_client

    oidc_client.forget_provider_cache()
    app.config["OIDC_ISSUER"] = "http://127.0.0.1:9"
    assert pages.logout().location == "/logged-out"
    assert Session.select().count() == 0


def test_someone_already_logged_in_who_presses_the_digid_button_goes_to_the_start_page(digid, pages):
    citizen = factories.create_citizen(email="anna@example.nl")
    pages.login(citizen.account.email)
    assert pages.client.get("/login/digid/start").location == "/"
