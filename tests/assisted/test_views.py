"""The whole story through the pages: the citizen invites by e-mail, the helper accepts with the code, reads and
asks for paper under the banner, the citizen sees both in the log and ends it, and the helper loses access."""

import email
import email.policy
from pathlib import Path

from portal.helpers.models import Delegation
from portal.paper.models import PaperRequest
from tests import factories
from tests.assisted.conftest import CLIENT, CODE


def sent_mails(app) -> list:
    folder = Path(app.config["MAIL_DIR"])
    if not folder.exists():
        return []
    return [email.message_from_bytes(p.read_bytes(), policy=email.policy.default) for p in sorted(folder.glob("*.eml"))]


def text_of(mail) -> str:
    return mail.get_body(("plain",)).get_content()


def test_invite_accept_act_and_end(app, pages, citizen, helper):
    factories.give_postal_address(citizen)
    message = factories.create_message(recipient=citizen, subject="Uw aanslag 2026", body="Geheime inhoud.")
    pages.login(citizen.account.email)
    assert pages.get("/settings/").select_one("a[href='/my-helpers']")
    form = pages.get("/my-helpers/invite")
    assert [i["value"] for i in form.select("input[name=scope]")] == ["read", "paper", "paper_done"]
    bad = pages.post("/my-helpers/invite", {"email": "nope", "scope": "paper"})
    assert bad.status_code == 200 and "Fout:" in bad.get_data(as_text=True)
    response = pages.post("/my-helpers/invite", {"email": "Fatima@Example.nl", "scope": "paper", "end": ""})
    assert response.status_code == 303
    (mail,) = sent_mails(app)
    assert mail["To"] == "fatima@example.nl"
    body = text_of(mail)
    code = CODE.search(body).group(0)
    assert "Anna de Vries" in body and "Geheime inhoud" not in body and "Uw aanslag" not in body
    manage = pages.get("/my-helpers")
    assert "fatima@example.nl" in manage.get_text() and "Trek de uitnodiging in" in manage.get_text()
    pages.logout()

    pages.login(helper.email)
    wrong = pages.post("/helping/accept", {"code": "AAAA-BBBB-CCCC"})
    assert wrong.status_code == 200 and "Deze code werkt niet." in wrong.get_data(as_text=True)
    assert pages.post("/helping/accept", {"code": code}).status_code == 303
    page = pages.get("/helping")
    assert "U mag nu Anna de Vries helpen." in page.get_text()
    delegation = Delegation.get()
    assert pages.post(f"/helping/{delegation.id}/open").location == "/inbox/"
    inbox = pages.get("/inbox/")
    assert "U leest de post van Anna de Vries." in inbox.select_one("header .acting-banner").get_text()
    assert inbox.select_one("header form[action='/helping/stop'] button")
    assert "Post van Anna de Vries" in inbox.title.get_text()
    letter = pages.get(f"/inbox/{message.public_id}")
    assert "Geheime inhoud." in letter.get_text() and "Post van Anna de Vries" in letter.title.get_text()
    assert pages.post(f"/paper/{message.public_id}/request").status_code == 303
    assert PaperRequest.get().requested_by == "helper" and PaperRequest.get().actor_id == helper.id
    assert pages.client.get("/settings/address").status_code == 403
    pages.logout()

    pages.login(citizen.account.email)
    log = pages.get("/access-log/").get_text()
    assert "Fatima El Amrani (uw helper)" in log and "Heeft de brief op papier gevraagd" in log
    manage = pages.get("/my-helpers")
    assert "Fatima El Amrani" in manage.get_text()
    end = manage.select_one(f"form[action='/my-helpers/{delegation.id}/end']")
    assert end is not None
    assert pages.post(end["action"]).status_code == 303
    assert "Niemand mag nu uw post lezen." in pages.get("/my-helpers").get_text()


def test_the_helper_loses_access_at_once_when_the_citizen_ends_it(app, citizen, helper):
    from portal.clock import utcnow
    from portal.helpers import services
    from tests.conftest import Pages

    message = factories.create_message(recipient=citizen)
    invitation, code = services.invite(citizen, helper.email, "read", None, actor=citizen.account, now=utcnow())
    services.accept(helper, code, client=CLIENT, now=utcnow())
    helper_browser, citizen_browser = Pages(app.test_client()), Pages(app.test_client())
    helper_browser.login(helper.email)
    helper_browser.post(f"/helping/{invitation.id}/open")
    assert helper_browser.client.get(f"/inbox/{message.public_id}").status_code == 200
    citizen_browser.login(citizen.account.email)
    citizen_browser.post(f"/my-helpers/{invitation.id}/end")
    response = helper_browser.client.get(f"/inbox/{message.public_id}")
    assert response.status_code == 303 and response.location == "/helping"
    page = helper_browser.get("/helping")
    assert "Uw toegang tot de post van Anna de Vries is gestopt." in page.get_text()
    assert not page.select(".acting-banner") and not page.select("form[action$='/open']")
    assert helper_browser.client.get(f"/inbox/{message.public_id}").status_code == 403  # no inbox of their own
    assert helper_browser.post(f"/helping/{invitation.id}/open").status_code == 404


def test_stop_acting_returns_to_the_helpers_page(pages, citizen, helper):
    from tests.assisted.conftest import act_for, authorise

    act_for(pages, helper, authorise(citizen, helper))
    response = pages.post("/helping/stop")
    assert response.location == "/helping"
    page = pages.get("/helping")
    assert "U bent gestopt met het lezen van de post van Anna de Vries." in page.get_text()
    assert not page.select(".acting-banner")
    assert pages.client.get("/inbox/").status_code == 403


def test_pages_in_english(pages, citizen, helper):
    from tests.assisted.conftest import act_for, authorise

    act_for(pages, helper, authorise(citizen, helper))
    pages.post("/language", {"language": "en"})
    assert "You are reading the mail of Anna de Vries." in pages.get("/inbox/").get_text()
    assert pages.get("/helping").select_one("h1").get_text() == "People you help"
    pages.get("/helping/accept")
    pages.post("/helping/stop")
    pages.logout()
    pages.login(citizen.account.email)
    pages.post("/language", {"language": "en"})
    for url in ("/my-helpers", "/my-helpers/invite", "/access-log/", "/takeout/", "/account/public-computer"):
        pages.get(url)
