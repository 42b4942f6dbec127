"""What a phone or a screen reader meets: the inbox row's parts are told apart in the accessible text, and on
a 320 px screen the paper button comes right after "what you must do"."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from portal.clock import local_today, utcnow
from tests import factories
from tests.browser.conftest import log_in

pytestmark = pytest.mark.browser
NARROW = {"width": 320, "height": 640}
LONG_LETTER = "\n\n".join(f"Alinea {n}. " + "Wij hebben uw gegevens bekeken en de aanslag berekend. " * 6
                          for n in range(1, 9))


def accessible_text(locator) -> str:
    """The text a screen reader reads for the element: its accessibility tree (Chromium) flattened."""
    parts = []
    for line in locator.aria_snapshot().splitlines():
        _, _, value = line.strip().removeprefix("- ").partition(": ")
        parts.append(value.strip('"'))
    return re.sub(r"\s+([.,])", r"\1", re.sub(r"\s+", " ", " ".join(p for p in parts if p))).strip()


@pytest.mark.parametrize("language", ["nl", "en"])
def test_inbox_row_parts_are_separated_in_the_accessible_text(page, live_server, language):
    citizen = factories.create_citizen(language=language)
    utrecht = factories.create_organisation(name_nl="Gemeente Utrecht", name_en="Municipality of Utrecht")
    factories.create_message(recipient=citizen, organisation=utrecht, deadline=local_today(utcnow()) + timedelta(30))
    log_in(page, live_server, citizen.account.email)
    page.goto(f"{live_server}/inbox/")
    meta = page.locator(".message-row__meta").first
    unread, deadline = (meta.locator(".tag").nth(i).inner_text() for i in (0, 1))
    sender = "Gemeente Utrecht" if language == "nl" else "Municipality of Utrecht"
    spoken = accessible_text(meta)
    assert re.fullmatch(rf"{re.escape(unread)}\. {re.escape(deadline)}\. {sender}, \S.*\d{{4}}", spoken), spoken


def test_the_paper_button_follows_what_you_must_do_at_320_px(chromium, live_server):
    citizen = factories.give_postal_address(factories.create_citizen())
    message = factories.create_message(recipient=citizen, deadline=local_today(utcnow()) + timedelta(10),
                                       body=LONG_LETTER)
    context = chromium.new_context(viewport=NARROW)
    try:
        page = context.new_page()
        log_in(page, live_server, citizen.account.email)
        page.goto(f"{live_server}/inbox/{message.public_id}")
        button = page.locator(f"#paper-{message.public_id} button").bounding_box()
        must_do = page.locator(".must-do").bounding_box()
        letter = page.locator(".letter__body").bounding_box()
        assert must_do["y"] + must_do["height"] <= button["y"] < letter["y"]
        assert button["y"] < 2 * NARROW["height"], f"the paper button is {button['y']:.0f} px down"
    finally:
        context.close()
