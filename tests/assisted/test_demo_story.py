"""The issue's "done when", on the demo data: burger@example.nl invites helper@example.nl; the helper, in a
second browser, reads and asks for paper under the banner; the citizen sees both in the access log and ends
the authorisation; the helper loses access at once."""

import email
import email.policy
from pathlib import Path

from portal import demo
from portal.clock import utcnow
from portal.models import Account, Message
from portal.paper.models import PaperRequest
from tests.assisted.conftest import CODE
from tests.conftest import Pages, seed_demo


def test_done_when_with_the_demo_accounts(app):
    seed_demo(utcnow())
    anna, fatima = Pages(app.test_client()), Pages(app.test_client())  # two browsers
    assert anna.login("burger@example.nl", demo.DEFAULT_PASSWORD).status_code == 302
    assert anna.post("/my-helpers/invite", {"email": "helper@example.nl", "scope": "paper"}).status_code == 303
    (mail_file,) = Path(app.config["MAIL_DIR"]).glob("*.eml")
    mail = email.message_from_bytes(mail_file.read_bytes(), policy=email.policy.default)
    code = CODE.search(mail.get_body(("plain",)).get_content()).group(0)

    assert fatima.login("helper@example.nl", demo.DEFAULT_PASSWORD).status_code == 302
    assert fatima.post("/helping/accept", {"code": code}).status_code == 303
    opener = fatima.get("/helping").select_one("form[action$='/open']")
    assert fatima.post(opener["action"]).status_code == 303
    inbox = fatima.get("/inbox/")
    assert "U leest de post van Anna de Vries." in inbox.select_one(".acting-banner").get_text()
    burger = Account.by_email("burger@example.nl").citizen
    letter = Message.visible_to(burger).order_by(Message.delivered_at.desc()).first()
    page = fatima.get(f"/inbox/{letter.public_id}")
    assert letter.summary_nl[:40] in page.get_text()
    assert fatima.post(f"/paper/{letter.public_id}/request").status_code == 303
    assert PaperRequest.get(PaperRequest.message == letter.id).requested_by == "helper"

    log = anna.get(f"/access-log/?message={letter.public_id}")
    rows = {tuple(" ".join(td.get_text(" ").split()) for td in tr.select("td")[1:3]) for tr in log.select("tbody tr")}
    assert ("Fatima El Amrani (uw helper)", "Heeft het bericht geopend") in rows
    assert ("Fatima El Amrani (uw helper)", "Heeft de brief op papier gevraagd") in rows
    end = anna.get("/my-helpers").select_one("form[action$='/end']")
    assert anna.post(end["action"]).status_code == 303

    response = fatima.client.get(f"/inbox/{letter.public_id}")
    assert response.status_code == 303 and response.location == "/helping"
    assert letter.summary_nl[:40] not in fatima.get("/helping").get_text()
    assert fatima.client.get(f"/inbox/{letter.public_id}").status_code == 403
