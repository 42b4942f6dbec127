"""The layout's fixed parts are rendered once per key (portal/layout.py): they can show nothing but the key, and
what differs per request (the CSRF token, the path, a represented citizen's name, the seconds left) is filled
in, escaped, on every page."""

from __future__ import annotations

import re

import pytest
from jinja2 import UndefinedError, meta

from portal import fragments, layout
from tests import factories
from tests.assisted.conftest import act_for, authorise


def test_the_fixed_parts_see_only_the_key_and_the_markers(app):
    env = fragments.environment(app)
    source = env.loader.get_source(env, layout.TEMPLATE)[0]
    names = meta.find_undeclared_variables(env.parse(source))
    allowed = set(layout.Key._fields) | set(layout.MARKS) | {"cut"} | set(env.globals)
    assert names <= allowed, names - allowed
    assert not {"current_user", "request", "session", "g", "csrf_token", "acting_for"} & set(env.globals)
    with app.test_request_context("/"), pytest.raises(UndefinedError):
        env.from_string("{{ current_user.name }}").render()


def test_a_represented_citizens_name_is_escaped_where_the_layout_names_them(pages):
    citizen = factories.create_citizen(name='Anna <script>alert(1)</script> "de" Vries')
    helper = factories.create_account(email="fatima@example.nl", name="Fatima El Amrani", role="helper")
    act_for(pages, helper, authorise(citizen, helper))
    html = pages.client.get("/help").get_data(as_text=True)
    assert "<script>alert" not in html
    escaped = "Anna &lt;script&gt;alert(1)&lt;/script&gt; &#34;de&#34; Vries"
    # the title, the menu, the banner and its button
    assert html.count(escaped) == 4, html
    assert "\x00" not in html


def test_each_request_gets_its_own_token_path_and_seconds(logged_in, client, app):
    first = logged_in.client.get("/help?x=<b>").get_data(as_text=True)
    token = re.search(r'name="csrf-token" content="([^"]+)"', first).group(1)
    assert first.count(f'value="{token}"') == 2  # the language switch and the log-out
    assert 'name="next" value="/help?x=&lt;b&gt;"' in first  # the path as sent, escaped
    assert re.search(r'data-seconds-left="\d+"', first)
    anonymous = app.test_client().get("/help").get_data(as_text=True)
    assert token not in anonymous and "session-timeout" not in anonymous
    assert 'name="next" value="/help"' in anonymous
    assert "\x00" not in first + anonymous


def test_the_layout_is_kept_per_key_and_follows_the_key(logged_in, app):
    app.extensions.pop("portal.layout", None)
    logged_in.client.get("/help")
    logged_in.client.get("/accessibility")
    assert len(app.extensions["portal.layout"]) == 1  # the same kind of visitor, the same language
    logged_in.post("/language", {"language": "en", "next": "/help"})
    english = logged_in.get("/help")
    assert english.html["lang"] == "en" and english.find(class_="skip-link").text == "Skip to main content"
    assert len(app.extensions["portal.layout"]) == 2
