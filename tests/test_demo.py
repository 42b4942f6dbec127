"""The demo data: two realistic inboxes that show every part of the product, seeded again without duplicates."""

from __future__ import annotations

import io
import re
from datetime import date, datetime, timedelta
from urllib.parse import urlparse

import pytest
from babel.dates import format_date
from pypdf import PdfReader

from portal import demo, richtext
from portal.auth import accounts
from portal.clock import local_today
from portal.models import Account, Attachment, Citizen, Event, Message, Organisation
from tests.conftest import seed_demo

NOW = datetime(2026, 11, 28, 23, 30)  # naive UTC: already Sunday 29 November in the Netherlands
TODAY = date(2026, 11, 29)
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def citizen(email: str) -> Citizen:
    return Account.by_email(email).citizen


def mail_of(person: Citizen) -> list[Message]:
    return list(Message.select().where(Message.recipient == person).order_by(Message.delivered_at))


def open_deadlines(person: Citizen) -> list[Message]:
    """Deadlines not done and not deleted (archived ones still count), nearest first."""
    return list(Message.select().where(
        Message.recipient == person, Message.deadline.is_null(False), Message.done_at.is_null(),
        Message.deleted_at.is_null(),
    ).order_by(Message.deadline))


@pytest.fixture
def seeded(app):
    seed_demo(NOW)
    return citizen("burger@example.nl"), citizen("buur@example.nl")


def test_burger_has_over_30_letters_from_four_senders_over_about_14_months(seeded):
    burger, _ = seeded
    mail = mail_of(burger)
    assert len(mail) >= 30
    assert sum(m.has_english() for m in mail) >= 25
    assert any(not m.has_english() for m in mail), "some letters come in Dutch only"
    assert {m.organisation.slug for m in mail} == {slug for slug, *_ in demo.ORGANISATIONS}
    assert timedelta(days=390) <= NOW - mail[0].delivered_at <= timedelta(days=450)
    assert timedelta(0) < NOW - mail[-1].delivered_at <= timedelta(hours=12)
    assert len({m.public_id for m in mail}) == len(mail)


@pytest.mark.parametrize("now", [NOW, datetime(2026, 7, 1, 6, 0)], ids=["late-evening-utc", "summer-morning"])
def test_exactly_three_open_deadlines_overdue_this_week_and_next_month(app, now):
    seed_demo(now)
    burger = citizen("burger@example.nl")
    today = local_today(now)
    overdue, this_week, next_month = open_deadlines(burger)  # exactly three
    assert overdue.deadline < today and overdue.first_opened_at is not None
    assert today < this_week.deadline <= today + timedelta(days=7)
    assert today + timedelta(days=28) <= next_month.deadline <= today + timedelta(days=45)
    for message in (overdue, this_week, next_month):
        assert message.deadline_kind in ("respond", "pay", "object", "send-documents")
        assert format_date(message.deadline, "EEEE d MMMM y", locale="nl") in message.action_nl
        assert format_date(message.deadline, "EEEE d MMMM y", locale="en") in message.action_en
    past = [m for m in mail_of(burger) if m.deadline and m.deadline < today and m.id != overdue.id]
    assert len(past) >= 3 and all(m.done_at for m in past), "older deadlines were met"


def test_deadlines_count_from_the_dutch_date_not_the_utc_date(seeded):
    burger, _ = seeded
    assert local_today(NOW) == TODAY != NOW.date()
    days = [(m.deadline - TODAY).days for m in open_deadlines(burger)]
    assert days == [-3, 3, 35]


def test_what_the_citizen_did_is_in_the_history_with_her_as_actor(seeded):
    burger, _ = seeded
    mail = mail_of(burger)
    for m in mail:
        events = {(e.kind, e.at, e.actor_id) for e in Event.select().where(Event.message == m)}
        assert ("delivered", m.delivered_at, None) in events
        expected = {("opened", m.first_opened_at), ("read", m.first_opened_at), ("done", m.done_at),
                    ("archived", m.archived_at)}
        mine = {(kind, at) for kind, at, actor in events if actor == burger.account_id}
        assert mine == {(kind, at) for kind, at in expected if at is not None}, m.subject_nl
        times = [t for t in (m.delivered_at, m.first_opened_at, m.done_at, m.archived_at) if t is not None]
        assert times == sorted(times) and times[-1] <= NOW
        assert (m.done_at or m.archived_at) is None or m.first_opened_at is not None
    unread = [m for m in mail if m.first_opened_at is None]
    assert 4 <= len(unread) <= 8
    assert min(m.delivered_at for m in unread) > max(m.delivered_at for m in mail if m.first_opened_at) - timedelta(
        days=30), "the unread letters are the recent ones"
    assert len([m for m in mail if m.archived_at]) >= 3


def test_two_attachments_are_tagged_dutch_pdfs_with_a_title(seeded):
    burger, _ = seeded
    attachments = list(Attachment.select().join(Message).where(Message.recipient == burger))
    assert len(attachments) == 2
    assert attachments[0].message_id != attachments[1].message_id
    for attachment in attachments:
        data = bytes(attachment.data)
        assert attachment.filename.endswith(".pdf") and attachment.size == len(data)
        assert data.startswith(b"%PDF-")
        reader = PdfReader(io.BytesIO(data))
        root = reader.trailer["/Root"]
        assert root["/MarkInfo"]["/Marked"].value is True
        assert root["/Lang"] == "nl"
        assert reader.metadata.title and "{" not in reader.metadata.title
        assert "€" in reader.pages[0].extract_text()


def test_the_neighbour_has_his_own_mail_that_burger_never_sees(seeded):
    burger, buur = seeded
    theirs = mail_of(buur)
    assert 3 <= len(theirs) <= 8
    assert len(open_deadlines(buur)) == 1
    visible_to_burger = {m.id for m in Message.visible_to(burger)}
    assert visible_to_burger and not visible_to_burger & {m.id for m in theirs}
    assert not {m.reference for m in theirs} & {m.reference for m in mail_of(burger)}
    acting_on_his = Event.select().join(Message).where(Message.recipient == buur, Event.actor.is_null(False))
    assert {e.actor_id for e in acting_on_his} == {buur.account_id}


def test_seeding_again_adds_nothing(seeded):
    tables = (Account, Organisation, Message, Attachment, Event)
    before = [t.select().count() for t in tables]
    made = demo.seed(now=NOW + timedelta(days=1))
    assert made == []
    assert [t.select().count() for t in tables] == before


def test_organisations_that_already_existed_get_their_contact_details(app):
    accounts.create_organisation(slug="cjib", name_nl="CJIB", name_en="CJIB", now=NOW)
    demo.seed(now=NOW)
    for slug, *_, phone, website in demo.ORGANISATIONS:
        org = Organisation.get(Organisation.slug == slug)
        assert org.phone == phone and re.fullmatch(r"[0-9 ]{5,14}", phone)
        assert org.website == website and website.startswith("https://www.")


def _sentences(text: str) -> int:
    return len(re.findall(r"[.!?](?:\s|$)", text))


def _check_letter(m: Message, language: str) -> None:
    subject, summary, action, body = (getattr(m, f"{name}_{language}") for name in
                                      ("subject", "summary", "action", "body"))
    for text in (m.reference, subject, summary, action, body):
        assert not re.search(r"[{}<>]", text), f"placeholder or raw HTML left in {m.message_type}: {text[:60]}"
    assert "![" not in body, "no images"
    assert 2 <= _sentences(summary) <= 3, summary
    assert re.search(r"^## ", body, re.M) and re.search(r"^(- |\d\. )", body, re.M), "a heading and a list"
    own_site = urlparse(m.organisation.website).hostname.removeprefix("www.")
    links = [urlparse(url).hostname for url in re.findall(r"\]\((https://[^)\s]+)\)", body)]
    assert links and all(host.endswith(own_site) for host in links), (m.message_type, links)
    html = str(richtext.render(body))
    assert "<h3>" in html and "<h2>" not in html, "body headings sit under the page's h2"


def test_letters_are_plain_language_markdown_with_links_to_the_senders_own_site(seeded):
    from portal.statistics.demo import DEMO_BSN

    for m in Message.select().join(Citizen).where(Citizen.bsn != DEMO_BSN):  # the statistics' letters: no inbox
        assert SLUG.fullmatch(m.message_type) and m.reference
        _check_letter(m, "nl")
        if m.has_english():
            _check_letter(m, "en")
            assert bool(m.action_en) == bool(m.action_nl)
        else:
            assert m.subject_en is None and m.summary_en is None and m.body_en is None


def test_demo_citizens_have_a_valid_postal_address_for_their_paper_letters(seeded):
    from portal.paper.addresses import address_of

    burger, buur = seeded
    assert address_of(burger).postcode == "3512 AB" and address_of(burger).city == "Utrecht"
    assert (address_of(buur).house_number, address_of(buur).addition) == ("14", "B")
    # Filled in by the citizen herself, as a real person would do it: in her history, once.
    assert Event.select().where(Event.citizen == burger, Event.kind == "address_changed").count() == 1


def test_every_demo_letter_file_ships_in_the_package():
    import fnmatch
    import tomllib
    from pathlib import Path

    from portal import demo_letters

    root = Path(__file__).parent.parent
    patterns = tomllib.loads((root / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]
    folder = Path(demo_letters.__file__).parent
    data = sorted(p.name for p in folder.iterdir() if p.is_file() and p.suffix != ".py")
    assert data == ["burger.toml", "buur.toml", "pdfs.toml"]
    assert all(any(fnmatch.fnmatch(name, p) for p in patterns["portal.demo_letters"]) for name in data)
    assert len(demo_letters.BURGER) == 33 and len(demo_letters.BUUR) == 5 and set(demo_letters.PDFS) == {
        letter.pdf for letter in demo_letters.BURGER + demo_letters.BUUR if letter.pdf}


def test_demo_gives_the_open_statistics_figures_for_two_organisations(seeded, client):
    from portal.statistics import figures

    month = figures.month(figures.default_month(NOW), now=NOW)
    shown = [total for total, _ in month.organisations if not total.cells["delivered"].hidden]
    assert len(shown) >= 2
    assert client.get("/statistics").status_code == 200


def test_bewindvoering_utrecht_helps_both_citizens_anna_by_court_order(seeded):
    from portal.caseload import services as caseload

    demo.seed(now=NOW)  # again: nothing twice
    member = caseload.membership(Account.by_email("bewindvoerder@example.nl"))
    assert member.role == "coordinator" and member.organisation.name == "Bewindvoering Utrecht"
    clients = caseload.clients(member, now=NOW)
    assert {caseload.client_name(a.citizen) for a in clients} == {"Anna de Vries", "Pieter Jansen"}
    anna = next(a for a in clients if a.citizen.account.email == "burger@example.nl")
    assert anna.court_appointed and anna.court_decided_on < local_today(NOW)
    assert all(not a.court_appointed for a in clients if a.id != anna.id)
    page = caseload.caseload(member, now=NOW)
    assert page.rows[0].urgency == "overdue" and page.rows[0].client == "Anna de Vries"
    assert {r.client for r in page.rows} == {"Anna de Vries", "Pieter Jansen"}
