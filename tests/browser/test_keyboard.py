"""The log-in page with the keyboard alone: skip link first and visible, focus order, submit with Enter; and
with JavaScript, focus goes to the error summary after a failed submit."""

import pytest

from tests import factories

pytestmark = pytest.mark.browser
FOCUSED = "document.activeElement"


def tab_to(page, selector: str) -> bool:
    """Press Tab once; is the element that selector finds the one with focus now?"""
    page.keyboard.press("Tab")
    return page.evaluate(f"s => {FOCUSED} === document.querySelector(s)", selector)


def is_in_viewport(page, box: dict | None) -> bool:
    # A hidden skip link sits far off-screen (left: -9999px) or is clipped to 1 pixel.
    viewport = page.viewport_size
    return (box is not None and box["width"] > 1 and box["height"] > 1 and box["x"] >= 0 and box["y"] >= 0
            and box["x"] + box["width"] <= viewport["width"] and box["y"] + box["height"] <= viewport["height"])


def test_first_tab_shows_the_skip_link_and_enter_moves_focus_to_main(page, live_server):
    page.goto(f"{live_server}/login")
    skip_link = page.locator("a.skip-link")
    assert not is_in_viewport(page, skip_link.bounding_box())  # out of sight until it has focus

    assert tab_to(page, "a.skip-link")
    assert skip_link.get_attribute("href") == "#main"
    assert is_in_viewport(page, skip_link.bounding_box())

    page.keyboard.press("Enter")
    page.wait_for_function(f"{FOCUSED}.id === 'main'")
    assert tab_to(page, "main #email")  # the next Tab goes on inside main, to the first field


def test_log_in_with_the_keyboard_alone(page, live_server):
    citizen = factories.create_citizen(language="en")
    page.goto(f"{live_server}/login")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # skip to main
    page.wait_for_function(f"{FOCUSED}.id === 'main'")

    assert tab_to(page, "main #email")
    page.keyboard.type(citizen.account.email)
    assert tab_to(page, "main #password")
    page.keyboard.type(factories.PASSWORD)
    assert tab_to(page, "main #public_computer")  # "I am on a shared or public computer", left unticked
    assert tab_to(page, "main form button")  # Log in
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert page.url.endswith("/inbox/")  # a citizen's home after log-in
    assert page.locator("h1").inner_text() == "Your messages"
    page.goto(f"{live_server}/account")
    assert page.url.endswith("/account") and citizen.account.email in page.locator("main").inner_text()


def test_failed_submit_moves_focus_to_the_error_summary(page, live_server):
    page.goto(f"{live_server}/login")
    page.focus("#email")
    with page.expect_navigation():
        page.keyboard.press("Enter")  # sends the empty form

    summary = page.locator("[data-error-summary]")
    summary.wait_for()
    page.wait_for_function(f"{FOCUSED}.hasAttribute('data-error-summary')")  # portal.js moves it there
    assert summary.get_attribute("role") == "alert"
    assert summary.locator("a[href='#email']").count() == 1  # and each error links to its field
