"""Without JavaScript, in w3m: the citizen invites a helper; the helper accepts the invitation, opens the
citizen's mail, asks for a letter on paper for them and stops; the citizen ends the authorisation and the
helper's next step is refused."""

import email
import email.policy
from datetime import timedelta
from pathlib import Path

import pytest

from portal.clock import utcnow
from portal.helpers.models import Delegation
from portal.models import Account
from portal.paper.models import PaperRequest
from tests import factories
from tests.assisted.conftest import CODE
from tests.textbrowser.conftest import gettext_in, log_in

pytestmark = pytest.mark.textbrowser


@pytest.mark.parametrize("language", ["nl", "en"])
def test_helper_and_citizen_without_javascript(app, live_server, w3m, citizen, helper, language):
    t = gettext_in(app, language)
    Account.update(language=language).execute()  # logged-in pages speak the account's language
    factories.give_postal_address(citizen)
    message = factories.create_message(recipient=citizen, subject="Uw aanslag 2026", subject_en=None,
                                       delivered_at=utcnow() - timedelta(days=1))

    # The citizen invites her helper: e-mail address, what she may do, no end date (one year).
    other = w3m(language)
    log_in(other, live_server, citizen.account.email, t)
    other.open(f"{live_server}/my-helpers")
    other.wait_for(t("Nobody may read your mail now."))
    other.click(t("Invite a helper"))
    other.wait_for(t("What may your helper do?"))
    other.focus_field(t("E-mail address of your helper"))
    other.type_into_field(helper.email)
    other.choose(t("Read my mail and ask for letters on paper"))
    other.click(t("Send the invitation"))
    other.wait_for(t("We sent an invitation to %(email)s. It is valid for 7 days.", email=helper.email))
    assert Delegation.get().scope == "paper"
    (mail_file,) = Path(app.config["MAIL_DIR"]).glob("*.eml")
    mail = email.message_from_bytes(mail_file.read_bytes(), policy=email.policy.default)
    code = CODE.search(mail.get_body(("plain",)).get_content()).group(0)

    browser = w3m(language)
    log_in(browser, live_server, helper.email, t, lands_on=t("Log out"))
    browser.wait_for(t("Nobody has given you access to their mail yet."))  # a helper lands on the people they help
    browser.click(t("People you help"))  # in the header of every page for a helper
    browser.wait_for(t("Nobody has given you access to their mail yet."))
    browser.click(t("I have an invitation code"))
    browser.wait_for(t("Someone asked you by e-mail to help with their mail. Enter the code from that e-mail."))
    browser.focus_field(t("Invitation code"))
    browser.type_into_field("WRON-GCOD-E222")
    browser.click(t("Accept the invitation"))
    browser.wait_for(t("This code does not work. It may be wrong, used already or older than 7 days. "
                       "Check that you are logged in with the e-mail address the invitation went to.")[:40])
    browser.focus_field(t("Invitation code"))
    browser.type_into_field(code)
    browser.click(t("Accept the invitation"))
    browser.wait_for(t("You may now help %(name)s.", name="Anna de Vries"))

    browser.click(t("Read the mail of %(name)s", name="Anna de Vries"))
    page = browser.wait_for(t("You are reading the mail of %(name)s.", name="Anna de Vries"))
    assert "Uw aanslag 2026" in page
    browser.click("Uw aanslag 2026")
    browser.wait_for(t("The whole letter"))
    browser.click(t("Send this by post to %(name)s", name="Anna de Vries"))
    browser.wait_for(t("Letter by post"))
    assert PaperRequest.get(PaperRequest.message == message.id).requested_by == "helper"
    assert t("You are reading the mail of %(name)s.", name="Anna de Vries") in browser.text()

    browser.click(t("Stop reading the mail of %(name)s", name="Anna de Vries"))
    browser.wait_for(t("You have stopped reading the mail of %(name)s.", name="Anna de Vries"))

    # The citizen, in her own browser, ends it.
    other.open(f"{live_server}/my-helpers")
    other.wait_for(t("Your helpers"))
    other.click(t("End access"))
    other.wait_for(t("%(email)s can no longer read your mail.", email=helper.email))
    assert Delegation.get().revoked_at is not None

    # The helper's page no longer offers her mail; opening it directly is refused.
    browser.open(f"{live_server}/helping")
    browser.wait_for(t("Nobody has given you access to their mail yet."))
    browser.open(f"{live_server}/inbox/{message.public_id}")
    browser.wait_for(t("You cannot open this page"))


@pytest.mark.parametrize("language", ["nl", "en"])
def test_an_invited_person_without_an_account_makes_one_in_w3m(app, live_server, w3m, citizen, language):
    from portal.helpers import services

    t = gettext_in(app, language)
    _, code = services.invite(citizen, "samira@example.nl", "read", None, actor=citizen.account, now=utcnow())
    browser = w3m(language)
    browser.open(f"{live_server}/login")
    browser.wait_for(t("Log in to read the letters that government organisations send you."))
    browser.click(t("Asked to help someone with their mail? Make an account with your invitation code"))
    browser.wait_for(t("Make an account to help someone"))
    for label, value in [(t("Invitation code"), code), (t("Your name"), "Samira Bakker"),
                         (t("Your e-mail address"), "samira@example.nl"),
                         (t("Choose a password"), factories.PASSWORD), (t("Type the password again"), "typo")]:
        browser.focus_field(label)
        browser.type_into_field(value)
    browser.click(t("Make the account and accept the invitation"))
    browser.wait_for(t("The two passwords are not the same"))
    assert not Account.select().where(Account.email == "samira@example.nl").exists()
    for label, value in [(t("Choose a password"), factories.PASSWORD),
                         (t("Type the password again"), factories.PASSWORD)]:  # not sent back: typed again
        browser.focus_field(label)
        browser.type_into_field(value)
    browser.click(t("Make the account and accept the invitation"))
    page = browser.wait_for(t("Your account is ready. You may now help %(name)s.", name="Anna de Vries"))
    assert t("Read the mail of %(name)s", name="Anna de Vries") in page
    assert Delegation.get().helper.email == "samira@example.nl"
