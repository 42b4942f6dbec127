"""The first DigiD log-in of a citizen number without an inbox: the explanation, consent, activation once;
and that such an account can never be entered with a password. No provider needed: the log-in is made
the way the callback makes it, from an identity the checks already accepted."""

from datetime import timedelta

import pytest
from freezegun import freeze_time
from peewee import IntegrityError

from portal.auth import oidc_accounts, services
from portal.auth.models import InboxConsent, OidcPending, Session
from portal.auth.oidc import PENDING_KEY
from portal.auth.oidc_acr import DIGID_SUBSTANTIEEL
from portal.auth.oidc_client import Identity
from portal.clock import utcnow
from portal.models import Account, Citizen, Event
from tests import factories

BSN = "999990056"


@pytest.fixture
def config_overrides():
    # Switched on, but never reached: these tests start where the provider's part is over.
    return {"OIDC_ISSUER": "http://127.0.0.1:9", "OIDC_CLIENT_ID": "portal-test", "OIDC_CLIENT_SECRET": "s"}


def waiting_login(pages, bsn: str = BSN, *, name: str = "") -> str:
    """A checked DigiD log-in for a number without an inbox, waiting in this browser for consent."""
    identity = Identity(bsn=bsn, acr=DIGID_SUBSTANTIEEL, name=name, id_token="header.claims.signature")
    token = oidc_accounts.sign_in(identity, now=utcnow()).pending_token
    assert token
    with pages.client.session_transaction() as session:
        session[PENDING_KEY] = token
    return token


def test_the_activation_page_explains_what_a_digital_inbox_means(app, pages):
    waiting_login(pages)
    soup = pages.get("/login/digid/activate")
    text = soup.get_text(" ", strip=True)
    assert "Een brief in uw berichtenbox is bij u bezorgd." in text
    assert "met één klik op papier" in text
    checkbox = soup.find("input", attrs={"type": "checkbox", "name": "consent"})
    assert soup.find("label", attrs={"for": checkbox["id"]})
    english = pages.get("/login/digid/activate", headers={"Accept-Language": "en"})
    assert english.h1.get_text(strip=True) == "Activate your digital inbox"


def test_activating_without_ticking_the_box_shows_the_error_and_changes_nothing(pages):
    waiting_login(pages)
    response = pages.post("/login/digid/activate", {})
    assert response.status_code == 200
    from tests.pagecheck import check_page

    soup = check_page(response.get_data(as_text=True))
    assert soup.title.get_text().startswith("Fout: ")
    assert [a["href"] for a in soup.find(attrs={"data-error-summary": True}).find_all("a")] == ["#consent"]
    assert soup.find("input", id="consent")["aria-describedby"] == "consent-error"
    assert Account.select().count() == 0 and OidcPending.select().count() == 1


def test_declining_forgets_the_login_and_makes_nothing(pages):
    waiting_login(pages)
    response = pages.post("/login/digid/activate", {"decline": "1"})
    assert response.status_code == 302 and response.location == "/"
    assert "Er is niets veranderd" in pages.get("/").get_text()
    assert OidcPending.select().count() == 0 and Account.select().count() == 0
    assert Session.select().count() == 0
    assert pages.client.get("/login/digid/activate").location == "/login/digid/refused/expired"


def test_a_waiting_login_expires_after_fifteen_minutes(pages):
    waiting_login(pages)
    with freeze_time(utcnow() + timedelta(minutes=16)):
        response = pages.post("/login/digid/activate", {"consent": "y"})
    assert response.location == "/login/digid/refused/expired"
    assert Account.select().count() == 0


def test_the_activation_page_without_a_waiting_login_sends_to_the_expired_page(pages):
    assert pages.client.get("/login/digid/activate").location == "/login/digid/refused/expired"


def test_a_citizen_known_only_by_number_gets_the_letters_sent_so_far_in_the_new_inbox(pages):
    known = Citizen.create(account=None, bsn=BSN, created_at=utcnow())
    letter = factories.create_message(recipient=known, subject="Uw aanslag 2026")
    waiting_login(pages)
    assert pages.post("/login/digid/activate", {"consent": "y"}).location == "/"
    citizen = Citizen.get(Citizen.bsn == BSN)
    assert citizen.id == known.id and citizen.account.auth_method == "digid"
    assert Citizen.select().count() == 1
    assert "Uw aanslag 2026" in pages.get("/inbox/").get_text()
    assert letter.recipient_id == citizen.id


def test_two_waiting_logins_for_one_number_activate_one_inbox(pages, app):
    first, second = waiting_login(pages), waiting_login(pages)
    account_one, _ = oidc_accounts.activate_inbox(first, language="nl", now=utcnow())
    account_two, _ = oidc_accounts.activate_inbox(second, language="en", now=utcnow())
    assert account_one.id == account_two.id
    assert (Account.select().count(), Citizen.select().count(), InboxConsent.select().count()) == (1, 1, 1)
    assert Event.select().where(Event.kind == "inbox-activated").count() == 1
    with pytest.raises(oidc_accounts.PendingExpired):
        oidc_accounts.activate_inbox(first, language="nl", now=utcnow())


def test_the_name_from_the_provider_is_kept_when_it_sends_one(pages):
    token = waiting_login(pages, name="Anna de Vries")
    account, _ = oidc_accounts.activate_inbox(token, language="en", now=utcnow())
    assert account.name == "Anna de Vries" and account.language == "en"


def test_password_login_can_never_succeed_for_a_digid_account(pages):
    token = waiting_login(pages)
    account, _ = oidc_accounts.activate_inbox(token, language="nl", now=utcnow())
    # Even once it has an e-mail address (a later settings page may add one), no password matches...
    Account.update(email="anna@example.nl").where(Account.id == account.id).execute()
    for guess in ("", "correct horse battery", oidc_accounts.NO_PASSWORD):
        with pytest.raises(services.LoginRefused):
            services.authenticate("anna@example.nl", guess, client="192.0.2.1", now=utcnow())
    assert pages.login("anna@example.nl", oidc_accounts.NO_PASSWORD).status_code == 200
    # ...and the database refuses to store one, also through a password reset.
    _, reset_token = services.create_password_reset("anna@example.nl", now=utcnow(), valid=timedelta(hours=1))
    with pytest.raises(IntegrityError):
        services.reset_password(reset_token, "a new password of mine", now=utcnow())
    with pytest.raises(IntegrityError):
        Account.create(email="x@example.nl", password_hash=services.hash_password("a password!"), name="X",
                       role="citizen", auth_method="digid", created_at=utcnow())
    assert Account.get_by_id(account.id).password_hash == oidc_accounts.NO_PASSWORD
