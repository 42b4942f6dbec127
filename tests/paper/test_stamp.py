"""An inbox row's paper panel stamped from one rendering per state (portal/paper/stamp.py) is the panel the
macro renders for that row, in every state, in both languages, for the citizen and a helper; rows that are
not in a common state are rendered by the macro, and a kept stamp serves the next page with its own token."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask_login import login_user

from portal import paper
from portal.clock import local_today, utcnow
from portal.paper import services, stamp
from portal.paper.status import paper_views
from tests import factories


def panels(app, citizen, messages, *, language="nl", acting=None):
    """(stamped, macro) HTML of each message's compact panel, and the page's labels."""
    with app.test_request_context("/inbox/", headers={"Accept-Language": language}):
        login_user(citizen.account)
        panel = app.jinja_env.get_template("paper/_panel.html").module.panel
        labels = paper.labels(acting, lambda endpoint: True)
        views = paper_views(messages, now=utcnow(), citizen=citizen)
        pairs = [(str(stamp.row_panel(panel, views[m.id], labels)), str(panel(views[m.id], compact=True,
                                                                             labels=labels))) for m in messages]
        return pairs, labels


def letters_in_every_state(citizen):
    now = utcnow()
    today = local_today(now)
    plain = [factories.create_message(recipient=citizen, subject=s) for s in
             ("Uw aanslag", 'Boete <b>"snel"</b> & meer', "Brief met 'quotes'")]
    soon = factories.create_message(recipient=citizen, deadline=today + timedelta(days=2))
    hostile = factories.create_message(recipient=citizen, deadline=today + timedelta(days=2),
                                       organisation=factories.create_organisation(name_nl='Dienst <"&>'))
    hostile.organisation.phone = "<088> & 1234"  # in memory: shown escaped, in its own place
    passed = factories.create_message(recipient=citizen, deadline=today + timedelta(days=2))
    passed.deadline = today - timedelta(days=3)  # in memory: the last day to act was last week
    later = factories.create_message(recipient=citizen, deadline=today + timedelta(days=60))
    asked = factories.create_message(recipient=citizen, subject="Op papier")
    services.request_paper_copy(asked, requested_by="citizen", actor=citizen.account, now=now)
    cancelled = factories.create_message(recipient=citizen, subject="Geannuleerd")
    services.request_paper_copy(cancelled, requested_by="citizen", actor=citizen.account, now=now)
    services.cancel(cancelled, actor=citizen.account, now=now)
    return [*plain, soon, hostile, passed, later, asked, cancelled]


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("helper", [False, True])
def test_stamped_panels_are_the_macros_panels_in_every_state(app, language, helper):
    citizen = factories.give_postal_address(factories.create_citizen())
    messages = letters_in_every_state(citizen)
    acting = type("Acting", (), {"name": "Bram & <Co>"})() if helper else None
    pairs, labels = panels(app, citizen, messages, language=language, acting=acting)
    for message, (stamped, rendered) in zip(messages, pairs, strict=True):
        assert stamped == rendered, message.subject_nl
        assert "\x00" not in stamped and stamp.ID not in stamped and labels["csrf"] in stamped
        assert "2000" not in stamped  # the days that stand in for a row's dates are all replaced
    assert "Boete &lt;b&gt;&#34;snel&#34;&lt;/b&gt; &amp; meer" in pairs[1][0]
    assert "Dienst &lt;&#34;&amp;&gt;" in pairs[4][0] and "&lt;088&gt; &amp; 1234" in pairs[4][0]
    assert all(message.public_id in html for message, (html, _) in zip(messages, pairs, strict=True))
    # the usual rows (no request, nothing to be late for) and the late ones came from stamps
    views = paper_views(messages, now=utcnow(), citizen=citizen)
    assert [stamp.usual(v) for v in views.values()] == [True, True, True, False, False, False, True, False, False]
    assert [v.late is not None for v in views.values()] == [False] * 3 + [True] * 3 + [False] * 3
    assert sorted(labels["stamps"]) == [(False, False, False), (True, False, False), (True, False, True),
                                        (True, True, False)]
    assert None not in labels["stamps"].values()


def test_a_kept_stamp_serves_the_next_page_with_its_own_token(app, monkeypatch):
    citizen = factories.give_postal_address(factories.create_citizen())
    messages = letters_in_every_state(citizen)[:4]
    first, _ = panels(app, citizen, messages)
    monkeypatch.setattr(stamp, "_cut", lambda *args: pytest.fail("cut again"))
    other = factories.give_postal_address(factories.create_citizen(), street="Kerkstraat")
    again, labels = panels(app, other, [factories.create_message(recipient=other, subject="Tweede")])
    assert again[0][0] == again[0][1] and labels["csrf"] in again[0][0]
    assert first[0][0].count('name="csrf_token"') == 1


def test_a_panel_that_reads_more_is_rendered_by_the_macro(app, monkeypatch):
    """Should the panel ever show something of the row that has no marker, the stamp steps aside."""
    citizen = factories.give_postal_address(factories.create_citizen())
    messages = [factories.create_message(recipient=citizen, subject=s) for s in ("Eén", "Twee")]
    monkeypatch.setitem(app.extensions, "portal.paper_stamps", {})
    monkeypatch.setattr(stamp._Stamp, "printable", property(lambda self: self.message.subject_nl))
    pairs, labels = panels(app, citizen, messages)
    assert list(labels["stamps"].values()) == [None]
    assert all(stamped == rendered for stamped, rendered in pairs)


def test_a_panel_that_shows_the_address_is_rendered_by_the_macro(app, monkeypatch):
    """The address is the citizen's own: a stamp kept for everyone must not show it, so one that would is not
    used."""
    citizen = factories.give_postal_address(factories.create_citizen())
    messages = [factories.create_message(recipient=citizen, subject="Eén")]
    monkeypatch.setitem(app.extensions, "portal.paper_stamps", {})
    real = stamp._Stamp.__init__

    def showing_address(self, kind):
        real(self, kind)
        self.message.organisation.phone = self.address.one_line()  # as if the panel printed the address

    monkeypatch.setattr(stamp._Stamp, "__init__", showing_address)
    late = factories.create_message(recipient=citizen, deadline=local_today(utcnow()) + timedelta(days=2))
    pairs, labels = panels(app, citizen, [*messages, late])
    assert labels["stamps"][(True, False, False)] is None
    assert all(stamped == rendered for stamped, rendered in pairs)


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("helper", [False, True])
def test_the_message_pages_stamped_panel_is_the_macros_in_every_state(app, language, helper):
    """The full panel (the message page) shows the address to post to and the sender's website too: its states
    tell whether there are any, and each is filled in with its own."""
    citizen = factories.give_postal_address(factories.create_citizen(), street='Kerk<"&>straat')
    messages = letters_in_every_state(citizen)
    no_site = factories.create_message(recipient=citizen, deadline=local_today(utcnow()) + timedelta(days=2),
                                       organisation=factories.create_organisation(slug="zonder-site"))
    no_site.organisation.website = ""
    messages[3].organisation.website = "https://example.nl/?a=1&b=<2>"  # in memory: shown escaped
    homeless = factories.create_citizen()  # no postal address: the panel asks for one first
    messages += [no_site, factories.create_message(recipient=homeless, subject="Zonder adres")]
    acting = type("Acting", (), {"name": "Bram & <Co>"})() if helper else None
    with app.test_request_context("/inbox/", headers={"Accept-Language": language}):
        login_user(citizen.account)
        panel = app.jinja_env.get_template("paper/_panel.html").module.panel
        labels = paper.labels(acting, lambda endpoint: True)
        shown = []
        for message in messages:
            owner = homeless if message.recipient_id == homeless.id else citizen
            pv = paper_views([message], now=utcnow(), citizen=owner)[message.id]
            stamped, rendered = str(stamp.page_panel(panel, pv, labels)), str(panel(pv, labels=labels))
            assert stamped == rendered, message.subject_nl
            assert "\x00" not in stamped and stamp.ID not in stamped and "2000" not in stamped
            shown.append(stamped)
    assert "Kerk&lt;&#34;&amp;&gt;straat" in shown[0]
    assert "https://example.nl/?a=1&amp;b=&lt;2&gt;" in shown[3]
    full = [kind for kind in labels["stamps"] if len(kind) == 5]
    assert {(False, False, False, False, False), (True, False, False, True, True),
            (True, False, False, True, False)} <= set(full)  # no address; a website; none
    assert None not in labels["stamps"].values()
