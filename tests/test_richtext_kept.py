"""A body's HTML is kept per process (portal/richtext.py): the same text and website give the same HTML, so a
kept one is served again; another website, a changed text or a long body are rendered for themselves."""

from __future__ import annotations

from portal import richtext


def test_a_body_is_rendered_once_and_its_website_is_part_of_the_key(monkeypatch):
    richtext._kept.cache_clear()
    calls = []
    real = richtext._render
    monkeypatch.setattr(richtext, "_render", lambda source, website: calls.append(source) or real(source, website))
    body = "Kijk op [onze site](/bezwaar) of **bel** ons."
    first = richtext.render(body, website="https://a.example")
    assert richtext.render(body, website="https://a.example") == first and len(calls) == 1
    other = richtext.render(body, website="https://b.example")
    assert 'href="https://b.example/bezwaar"' in other and 'href="https://a.example/bezwaar"' in first
    assert "<strong>" in richtext.render(body + " Nog iets.", website="https://a.example")
    assert len(calls) == 3


def test_a_long_body_is_not_kept(monkeypatch):
    richtext._kept.cache_clear()
    long = "Een zin van een brief. " * (richtext.KEPT_CHARACTERS // 20)
    assert len(long) > richtext.KEPT_CHARACTERS
    html = richtext.render(long)
    assert html.startswith("<p>Een zin") and richtext._kept.cache_info().currsize == 0
