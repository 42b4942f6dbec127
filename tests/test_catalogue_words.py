"""Words in the catalogue: "u hebt", never "u heeft" (the project's choice); a number with a noun is a plural
entry (ngettext), and what follows it agrees ("1 bericht … Wilt u het bewaren?"); one Dutch word for one thing."""

from __future__ import annotations

import re
from datetime import date

import pytest

from tests.test_translations import ROOT, dutch_catalogue

# A clause ends at punctuation or where a new one starts (a conjunction or relative pronoun brings its own subject).
_CLAUSE = re.compile(r"[.,;:?!()“”‘’]|\b(?:omdat|als|dat|wie|die|wat|want|maar|en|of|dan|zodat|waar|toen)\b",
                     re.IGNORECASE)
# An English count with a plural noun after it ("within %(days)d days", "%(done)d of %(total)d messages").
_COUNTED = re.compile(r"%\(\w+\)d(?:\s+(?:new|more|of|%\(\w+\)d))*\s+(?:messages|days|letters|things|hours|minutes|"
                      r"weeks|months|years|attachments|pages|people)\b")
# One Dutch word for one thing: the inbox is the "berichtenbox", letters are "geprint" in a "printopdracht".
_OTHER_WORDS = re.compile(r"\binbox\b|\bdrukopdracht|\bgedrukt\b|op (?:niet )?klaar (?:gezet|zetten)", re.IGNORECASE)


def u_heeft(text: str) -> bool:
    """Is "u" the subject of "heeft" somewhere in the text? ("U heeft", "omdat u geen … heeft", "Heeft u …?";
    not "Niemand heeft u …" or "%(name)s heeft u dit toegestaan", where "u" is the object.)"""
    for clause in _CLAUSE.split(text):
        words = re.findall(r"[\w%()]+", clause.lower())
        if "heeft" in words:
            at = words.index("heeft")
            if "u" in words[:at] or (at == 0 and words[1:2] == ["u"]):
                return True
    return False


@pytest.mark.parametrize("text, expected", [
    ("U heeft de brief geannuleerd.", True), ("Heeft u al een account?", True),
    ("U krijgt deze brief, omdat u geen berichtenbox heeft.", True), ("Wat heeft u gekregen?", True),
    ("U hebt de brief geannuleerd.", False), ("Niemand heeft u nog toegang gegeven.", False),
    ("U krijgt deze e-mail omdat Anna ons heeft gevraagd u dit te laten weten.", False),
])
def test_the_u_heeft_check_knows_subject_from_object(text, expected):
    assert u_heeft(text) is expected


def _strings(message) -> tuple[str, ...]:
    return message.string if isinstance(message.string, tuple) else (message.string,)


def test_the_catalogue_says_u_hebt_never_u_heeft():
    found = [s for m in dutch_catalogue() if m.id for s in _strings(m) if s and u_heeft(s)]
    assert not found, found


def test_the_demo_letters_say_u_hebt_too():
    text = "\n".join(path.read_text() for path in sorted((ROOT / "portal" / "demo_letters").glob("*.toml")))
    assert "[[letter]]" in text
    found = [line.strip() for line in text.splitlines() if u_heeft(line) or re.search(r"\b[Hh]eeft u\b", line)]
    assert not found, found


def test_a_number_with_a_noun_is_a_plural_entry():
    singular = [m.id for m in dutch_catalogue() if isinstance(m.id, str) and _COUNTED.search(m.id)]
    assert not singular, f"use ngettext, so that 1 reads in the singular: {singular}"


def test_one_dutch_word_for_one_thing():
    found = [s for m in dutch_catalogue() if m.id for s in _strings(m) if s and _OTHER_WORDS.search(s)]
    assert not found, found


@pytest.mark.parametrize("count, removed, keep", [
    (1, "1 bericht in uw berichtenbox wordt op", "Wilt u het bewaren? Log in en download het vóór die datum."),
    (3, "3 berichten in uw berichtenbox worden op", "Wilt u ze bewaren? Log in en download ze vóór die datum."),
])
def test_the_removal_notice_agrees_with_its_number(app, count, removed, keep):
    from portal.followup.mails import retention_mail

    with app.test_request_context():
        mail = retention_mail(to="anna@example.nl", language="nl", name="Anna", count=count,
                              remove_on=date(2027, 3, 1), message_id="<1@portal.test>")
    for text in (mail.text, mail.html):
        assert removed in text and keep in text
    assert mail.subject.startswith(removed.replace(" in uw berichtenbox", ""))


@pytest.mark.parametrize("count, subject", [(2, "U hebt 2 nieuwe berichten")])
def test_the_digest_subject_counts_in_words_that_agree(app, count, subject):
    from portal.followup.mails import alert_mail

    with app.test_request_context():
        mail = alert_mail(to="anna@example.nl", language="nl", name="Anna", senders=["A", "B"],
                          message_id="<1@portal.test>")
    assert mail.subject == subject


@pytest.mark.parametrize("days, text", [(1, "U kunt het binnen 1 dag terugzetten."),
                                        (30, "U kunt het binnen 30 dagen terugzetten.")])
def test_the_delete_page_agrees_with_its_number_of_days(logged_in, citizen, monkeypatch, days, text):
    from portal.inbox import services
    from tests import factories

    monkeypatch.setattr(services, "RESTORE_DAYS", days)
    message = factories.create_message(recipient=citizen)
    assert text in logged_in.get(f"/inbox/{message.public_id}/delete").get_text(" ", strip=True)
