"""Parts kept per key (portal/fragments.py) show only what they are given: the inbox's filters and search form
see nothing but the query and the senders, are the same for everyone with those, and are not kept for what a
person typed."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jinja2 import UndefinedError, meta
from markupsafe import Markup, escape

from portal import fragments
from tests import factories
from tests.budget import examples

FIND = "inbox/_find.html"
SHARP = "&<>\"' ab{}%\x00"  # what escaping changes, braces, percent signs and markers


def find_part(html: str) -> str:
    return html.split('<nav class="filters"')[1].split("</form>")[0]


def kept_finds(app) -> list:
    return [key for key in app.extensions.get("portal.fragments", {}) if key[0] == FIND]


def test_the_find_part_sees_only_the_query_and_the_senders(app):
    env = fragments.environment(app)
    names = meta.find_undeclared_variables(env.parse(env.loader.get_source(env, FIND)[0]))
    assert names <= {"query", "senders"} | set(env.globals), names - {"query", "senders"} - set(env.globals)
    assert not {"current_user", "request", "session", "g", "csrf_token", "acting_for", "may"} & set(env.globals)
    with app.test_request_context("/"), pytest.raises(UndefinedError):
        env.from_string("{{ page.query }}").render()


def test_one_kept_part_serves_the_next_page_with_the_same_choices(logged_in, citizen, app, monkeypatch):
    monkeypatch.setitem(app.extensions, "portal.fragments", {})
    factories.create_message(recipient=citizen)
    first = logged_in.client.get("/inbox/?filter=unread").get_data(as_text=True)
    assert len(kept_finds(app)) == 1
    monkeypatch.setattr(fragments, "environment", lambda app: pytest.fail("the kept part was rendered again"))
    second = logged_in.client.get("/inbox/?filter=unread").get_data(as_text=True)
    assert 'aria-current="page" class="filters__current">Ongelezen' in second
    assert find_part(first) == find_part(second)
    assert ">Belastingdienst</option>" in second


def test_a_search_and_a_sender_not_ones_own_are_not_kept(logged_in, app, monkeypatch):
    monkeypatch.setitem(app.extensions, "portal.fragments", {})
    html = logged_in.client.get("/inbox/?q=Anna+de+Vries").get_data(as_text=True)
    assert 'value="Anna de Vries"' in html
    html = logged_in.client.get("/inbox/?q=%3Cscript%3E").get_data(as_text=True)
    assert 'value="&lt;script&gt;"' in html
    logged_in.client.get("/inbox/?org=iets-anders")
    assert kept_finds(app) == []
    logged_in.client.get("/inbox/")
    assert len(kept_finds(app)) == 1


def test_a_new_sender_and_another_language_show_at_once(logged_in, citizen):
    factories.create_message(recipient=citizen)
    assert "Gemeente Utrecht" not in find_part(logged_in.client.get("/inbox/").get_data(as_text=True))
    factories.create_message(recipient=citizen, organisation=factories.create_organisation(
        name_nl="Gemeente Utrecht", name_en="City of Utrecht"))
    dutch = find_part(logged_in.client.get("/inbox/").get_data(as_text=True))
    assert ">Gemeente Utrecht</option>" in dutch and ">Alle afzenders</option>" in dutch
    logged_in.post("/language", {"language": "en", "next": "/inbox/"})
    english = find_part(logged_in.client.get("/inbox/").get_data(as_text=True))
    assert ">City of Utrecht</option>" in english and ">All senders</option>" in english
    assert "Gemeente Utrecht" not in english


def test_a_pattern_fills_every_place_and_keeps_braces_percent_signs_and_text_as_they_are():
    pattern = fragments.Pattern(["<a href=\"", "href", "\">{{ not jinja }} {0} 100% %s", "name", "</a> (", "href", ")"])
    assert pattern.names == ("href", "name")
    assert pattern.fill({"href": "/x", "name": "A"}) == '<a href="/x">{{ not jinja }} {0} 100% %sA</a> (/x)'
    assert pattern.fill_escaped({"href": "/a?b=1&c=2", "name": "<b>"}) == \
        '<a href="/a?b=1&amp;c=2">{{ not jinja }} {0} 100% %s&lt;b&gt;</a> (/a?b=1&amp;c=2)'
    assert pattern.fill_escaped({"href": Markup("<i>")}) == '<a href="<i>">{{ not jinja }} {0} 100% %sNone</a> (<i>)'


@settings(max_examples=examples(300), deadline=None)
@given(st.lists(st.one_of(st.text(), st.text(alphabet=SHARP), st.text(alphabet=SHARP).map(Markup), st.none(),
                          st.integers()), min_size=2, max_size=2))
def test_a_filled_pattern_escapes_every_value_as_jinja_does(shown):
    pattern = fragments.Pattern(["<p title=\"", "a", "\">", "b", "</p>"])
    expected = f'<p title="{escape(shown[0])}">{escape(shown[1])}</p>'
    assert pattern.fill_escaped(dict(zip("ab", shown, strict=True))) == expected
    assert [fragments.escaped(value) for value in shown] == [str(escape(value)) for value in shown]


@settings(max_examples=examples(200), deadline=None)
@given(st.lists(st.text(alphabet=SHARP), min_size=5, max_size=5),
       st.lists(st.one_of(st.text(alphabet=SHARP), st.text(alphabet=SHARP).map(Markup), st.none()), min_size=2,
                max_size=2), st.lists(st.text(alphabet=SHARP), min_size=2, max_size=2))
def test_a_pattern_within_another_fills_as_the_two_one_after_the_other(texts, outer, inner):
    pattern = fragments.Pattern([texts[0], "a", texts[1], "panel", texts[2], "b", texts[3], "panel", texts[4]])
    panel = fragments.Pattern(["<i>", "\x00x\x00", "%", "\x00y\x00", "</i>"])
    ready = {"\x00x\x00": str(escape(inner[0])), "\x00y\x00": str(escape(inner[1]))}
    plain = dict(zip("ab", outer, strict=True))
    whole = pattern.within("panel", panel)
    assert whole.names == ("a", "\x00x\x00", "\x00y\x00", "b")
    assert whole.fill_both(plain, ready) == pattern.fill_escaped({**plain, "panel": Markup(panel.fill(ready))})  # noqa: S704
