"""An inbox row's paper panel stamped from one rendering a page (portal/paper/stamp.py) is the panel the macro
renders for that row, in every state; rows that are not in the usual state are rendered by the macro."""

from __future__ import annotations

from datetime import timedelta

from flask_login import login_user

from portal import paper
from portal.clock import utcnow
from portal.paper import services, stamp
from portal.paper.status import paper_views
from tests import factories


def panels(app, citizen, messages):
    """(stamped, macro) HTML of each message's compact panel, and the page's labels."""
    with app.test_request_context("/inbox/"):
        login_user(citizen.account)
        panel = app.jinja_env.get_template("paper/_panel.html").module.panel
        labels = paper.labels(None, lambda endpoint: True)
        views = paper_views(messages, now=utcnow(), citizen=citizen)
        pairs = [(str(stamp.row_panel(panel, views[m.id], labels)), str(panel(views[m.id], compact=True,
                                                                             labels=labels))) for m in messages]
        return pairs, labels


def test_stamped_panels_are_the_macros_panels_in_every_state(app):
    citizen = factories.give_postal_address(factories.create_citizen())
    now = utcnow()
    plain = [factories.create_message(recipient=citizen, subject=s) for s in
             ("Uw aanslag", 'Boete <b>"snel"</b> & meer', "Brief met 'quotes'")]
    soon = factories.create_message(recipient=citizen, deadline=(now + timedelta(days=1)).date())
    later = factories.create_message(recipient=citizen, deadline=(now + timedelta(days=60)).date())
    asked = factories.create_message(recipient=citizen, subject="Op papier")
    services.request_paper_copy(asked, requested_by="citizen", actor=citizen.account, now=now)
    cancelled = factories.create_message(recipient=citizen, subject="Geannuleerd")
    services.request_paper_copy(cancelled, requested_by="citizen", actor=citizen.account, now=now)
    services.cancel(cancelled, actor=citizen.account, now=now)
    messages = [*plain, soon, later, asked, cancelled]
    pairs, labels = panels(app, citizen, messages)
    for message, (stamped, rendered) in zip(messages, pairs, strict=True):
        assert stamped == rendered, message.subject_nl
        assert "\x00" not in stamped and stamp.ID not in stamped
    assert "Boete &lt;b&gt;&#34;snel&#34;&lt;/b&gt; &amp; meer" in pairs[1][0]
    assert all(message.public_id in html for message, (html, _) in zip(messages, pairs, strict=True))
    # the usual rows (no request, nothing to be late for) came from one stamp
    assert [stamp.usual(v) for v in paper_views(messages, now=now, citizen=citizen).values()] == \
        [True, True, True, False, True, False, False]
    assert [html for _, html in labels["stamps"].values()] != [None]


def test_a_panel_that_reads_more_is_rendered_by_the_macro(app, monkeypatch):
    """Should the panel ever show something of the row that has no marker, the stamp steps aside."""
    citizen = factories.give_postal_address(factories.create_citizen())
    messages = [factories.create_message(recipient=citizen, subject=s) for s in ("Eén", "Twee")]
    monkeypatch.setattr(stamp._Stamp, "printable", property(lambda self: self.message.subject_nl))
    pairs, labels = panels(app, citizen, messages)
    assert [html for _, html in labels["stamps"].values()] == [None]
    assert all(stamped == rendered for stamped, rendered in pairs)
