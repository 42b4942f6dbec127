"""Words: one product name everywhere (pages, e-mails, letters, the API reference, the README), and the letter's
contact lines each on their own line. The catalogue rules are in tests/test_catalogue_words.py."""

from __future__ import annotations

import email
import email.policy
import io
import re
from datetime import timedelta
from email.utils import parseaddr
from pathlib import Path

import pytest
from pypdf import PdfReader

from portal.auth import reset_mail
from portal.clock import utcnow
from portal.config import PRODUCT_NAME, ROOT, Config
from portal.mail import build_message
from portal.models import Organisation
from tests import factories

TEMPLATES = ROOT / "templates"
# Names the product had before it had one: none may come back.
OLD_NAMES = re.compile(r"Government mail|Berichtenbox <")


@pytest.mark.parametrize("language", ["nl", "en"])
def test_header_and_title_carry_the_product_name_in_both_languages(pages, language):
    soup = pages.get("/login", headers={"Accept-Language": language})
    assert soup.find(class_="site-header__name").get_text(strip=True) == PRODUCT_NAME
    assert soup.title.get_text().endswith(f" – {PRODUCT_NAME}")


def test_the_mail_sender_name_is_the_product_name():
    name, address = parseaddr(Config.MAIL_FROM)
    assert name == PRODUCT_NAME and address.startswith("noreply@")


@pytest.mark.parametrize("language", ["nl", "en"])
def test_a_password_reset_mail_is_signed_with_the_product_name(app, pages, language):
    factories.create_account(email="fatima@example.nl", language=language)
    pages.post("/password/forgot", {"email": "fatima@example.nl"})
    with app.app_context():  # the worker sends it, through the outbox
        assert reset_mail.send_due(now=utcnow(), valid=timedelta(hours=1)) == 1
    (path,) = Path(app.config["MAIL_DIR"]).glob("*.eml")
    mail = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    assert parseaddr(mail["From"])[0] == PRODUCT_NAME
    for part in ("plain", "html"):
        text = mail.get_body((part,)).get_content()
        assert PRODUCT_NAME in text and not OLD_NAMES.search(text)


def test_the_alert_mail_is_signed_with_the_product_name(app):
    from portal.followup.mails import alert_mail

    with app.test_request_context():
        mail = alert_mail(to="anna@example.nl", language="en", name="Anna", senders=["Gemeente Utrecht"],
                          message_id="<1@portal.test>")
        built = build_message(mail, app.config["MAIL_FROM"])
    assert mail.text.rstrip().endswith(PRODUCT_NAME) and f"<p>{PRODUCT_NAME}</p>" in mail.html
    assert parseaddr(built["From"])[0] == PRODUCT_NAME


def _letter_text(app, language: str, **organisation) -> str:
    from portal.paper import letters
    from portal.paper.addresses import address_of

    with app.app_context():
        citizen = factories.give_postal_address(factories.create_citizen(language=language))
        message = factories.create_message(recipient=citizen)
        if organisation:
            Organisation.update(**organisation).where(Organisation.id == message.organisation_id).execute()
            message = type(message).get_by_id(message.id)
        pdf = letters.render_letter(message, address=address_of(citizen), lang=language)
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_letter_names_the_product(app, language):
    text = _letter_text(app, language)
    assert PRODUCT_NAME in text and not OLD_NAMES.search(text)


@pytest.mark.parametrize("language, phone, website", [("nl", "Telefoon: 0800 0543.", "Website: www.belastingdienst.nl"),
                                                      ("en", "Phone: 0800 0543.", "Website: www.belastingdienst.nl")])
def test_the_letters_contact_lines_stand_each_on_their_own_line(app, language, phone, website):
    text = _letter_text(app, language, phone="0800 0543", website="www.belastingdienst.nl")
    lines = [line.strip() for line in text.splitlines()]
    assert phone in lines and website in lines  # not "… 0800 0543. Website: …" on one line


def test_the_api_reference_and_the_readme_use_the_product_name(client):
    document = client.get("/api/v1/openapi.json").get_json()
    assert document["info"]["title"].startswith(PRODUCT_NAME)
    readme = (ROOT / "README.md").read_text()
    assert readme.startswith(f"# {PRODUCT_NAME}\n") and f"`{PRODUCT_NAME} <noreply@portal.example>`" in readme


def test_no_template_writes_a_product_name_of_its_own():
    """The name comes from one place (PRODUCT_NAME, the `product_name` template global), never typed in."""
    for path in TEMPLATES.rglob("*.*"):
        text = path.read_text()
        assert PRODUCT_NAME not in text and not OLD_NAMES.search(text), path
