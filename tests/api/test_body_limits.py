"""The body limits (portal.richtext.LIMITS), with generated bodies near every limit at once: the API accepts a
body exactly when each of its counts is within its limit, names the body's field and the first limit it is
over when not, and the page renders what the API accepts as Markdown (and what it refuses as plain text).
How fast the worst accepted body renders is measured by bench/worst_letters.py, not here."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal import richtext
from portal.api.problems import ApiProblem
from portal.api.validation import parse_message
from tests.api.conftest import message_body, today
from tests.budget import examples

LIMITS = richtext.LIMITS
near = lambda limit, spread: st.integers(max(0, limit - spread), limit + spread)  # noqa: E731


@st.composite
def bodies(draw):
    """A body built from parts whose counts are known from how it is built, not from parsing it."""
    items = draw(st.one_of(st.just(0), near(LIMITS["blocks"] - 4, 6)))
    runs = draw(st.one_of(st.just(0), near(LIMITS["inline"], 3)))
    depth = draw(st.integers(0, LIMITS["depth"] + 2))
    links = draw(st.one_of(st.just(0), near(LIMITS["links"], 3)))  # 50 to a paragraph
    extra_lines = draw(st.one_of(st.just(0), near(LIMITS["lines"] - items - 8, 6)))
    filler = draw(st.one_of(st.integers(0, 300), near(LIMITS["characters"] - 6_000, 3_000)))
    parts = []
    if items:
        parts.append("\n".join(["- punt"] * items))
    if runs:
        parts.append(" ".join(["*nadruk*"] * runs))
    if depth:
        parts.append("> " * depth + "diep")
    link_paragraphs = [" ".join(["[site](https://www.example.nl/a)"] * min(50, links - n)) for n in range(0, links, 50)]
    parts.extend(link_paragraphs)
    words = ("woord " * (filler // 6 + 1))[:filler].strip()
    if words:
        parts.append(words + "\n" * extra_lines + " einde" if extra_lines else words)
    body = "\n\n".join(parts) or "Hallo."
    counts = {
        "characters": len(body), "lines": body.count("\n") + 1, "markup": 2 * runs + depth + 2 * links,
        # a run of new lines (a blank line among them) ends the filler's paragraph and starts one more
        "blocks": items + bool(runs) + (depth + 1 if depth else 0) + bool(words) * (1 + (extra_lines > 1))
                  + len(link_paragraphs) + (not parts),
        "inline": max(runs, min(links, 50)), "links": links, "depth": depth,
    }
    return body, counts


@settings(max_examples=examples(40), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(bodies())
def test_a_body_is_accepted_exactly_when_every_count_is_within_its_limit(generated):
    body, counts = generated
    over = [name for name in LIMITS if counts[name] > LIMITS[name]]
    data = message_body("999990019", body={"nl": body, "en": "We calculated your advance."})
    html = str(richtext.render(body))
    if not over:
        spec = parse_message(data, today=today())
        assert spec.texts["body"]["nl"] == body.strip()
        assert ("<ul>" in html) == ("- punt" in body) and ("<em>" in html) == ("*nadruk*" in body)
        return
    with pytest.raises(ApiProblem) as refused:
        parse_message(data, today=today())
    errors = {e.pointer: e.detail for e in refused.value.errors}
    first = over[0]
    assert list(errors) == ["#/body/nl"]
    assert f"{counts[first]:,}" in errors["#/body/nl"] and f"{LIMITS[first]:,}" in errors["#/body/nl"]
    assert "<ul>" not in html and "<em>" not in html  # shown as plain text, never rendered over a limit


def test_nesting_deeper_than_markdown_it_keeps_is_refused_not_cut_off():
    # markdown-it stops nesting at 20 levels and drops what is inside; the depth limit refuses it first.
    assert "deep" in richtext.problem(">" * 30 + " verdwenen tekst")
