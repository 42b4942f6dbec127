"""The dashboard in Chromium: the statistics table shows all its columns at 1280 px, and at 320 px each row
becomes a block where every figure stands under its column's name (no scroll box hiding half of them); the
chart's names and figures keep a legible size at 320 px."""

from __future__ import annotations

import pytest

from tests.browser.conftest import _tab, chromium, log_in, page  # noqa: F401 -- fixtures
from tests.live import live_server  # noqa: F401

pytestmark = pytest.mark.browser
WIDE, NARROW = {"width": 1280, "height": 800}, {"width": 320, "height": 640}
TABLE = """() => {
  const table = document.querySelector('.stats-table'), main = document.querySelector('main');
  const inside = (el, box) => { const r = el.getBoundingClientRect();
    return r.width > 0 && r.left >= box.left - 0.5 && r.right <= box.right + 0.5; };
  const area = main.getBoundingClientRect();
  let scroller = null;
  for (let p = table.parentElement; p; p = p.parentElement) {
    if (getComputedStyle(p).overflowX !== 'visible') scroller = p.className || p.tagName; }
  return {
    scroller,
    headers: [...table.querySelectorAll('thead th')].map(th => [th.textContent.trim(), inside(th, area)]),
    cells: [...table.querySelectorAll('tbody td')].map(td => ({
      shown: inside(td, area),
      label: getComputedStyle(td, '::before').content.replace(/^"|"$/g, ''),
      header: td.dataset.label})),
  };
}"""
LEGIBLE = """() => [...document.querySelectorAll('.chart__label, .chart__value')].map(el => ({
  size: parseFloat(getComputedStyle(el).fontSize), clipped: el.scrollWidth > el.clientWidth + 1,
  right: el.getBoundingClientRect().right}))"""


@pytest.mark.parametrize("language", ["nl", "en"])
def test_statistics_table_shows_every_column_at_1280_and_stacks_at_320_px(live_server, page, sender,  # noqa: F811
                                                                          known_mail, language):
    log_in(page, live_server, sender.account.email)
    if language == "en":
        with page.expect_navigation():
            page.click("button[name=language][value=en]")
    page.goto(f"{live_server}/senders/?period=all")
    wide = page.evaluate(TABLE)
    assert wide["scroller"] is None, "the table sits in a scroll box"
    assert len(wide["headers"]) == 9 and all(shown for _, shown in wide["headers"]), wide["headers"]
    assert all(cell["shown"] and cell["label"] == "none" for cell in wide["cells"])  # the header row says it

    page.set_viewport_size(NARROW)
    narrow = page.evaluate(TABLE)
    headers = [text for text, _ in wide["headers"]]
    assert all(cell["shown"] for cell in narrow["cells"]), "a figure is off the screen at 320 px"
    assert {cell["header"] for cell in narrow["cells"]} == set(headers[1:])
    assert all(cell["label"] == f"{cell['header']}: " for cell in narrow["cells"])
    chart = page.evaluate(LEGIBLE)
    assert chart and all(t["size"] >= 14 and not t["clipped"] and t["right"] <= 320 for t in chart), chart
