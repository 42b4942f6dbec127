"""Inbox rows filled in from one rendering of the row macro per kind (portal/inbox/rows.py) are the rows the macro
renders for each message itself: every kind of row, both kinds of page (paper panels; the deleted list's
put-back form), hostile subjects, both languages."""

from __future__ import annotations

import itertools
import re
from datetime import timedelta

import pytest
from flask_login import login_user
from markupsafe import Markup

from portal import paper
from portal.clock import utcnow
from portal.inbox import rows
from portal.paper import stamp
from portal.paper.status import paper_views
from tests import factories

TOKEN = re.compile(r'name="csrf_token" value="[^"]+"')  # each request its own session
STOP = Markup('<span class="visually-hidden">.</span>')


def messages_of_every_kind(citizen):
    now = utcnow()
    subjects = itertools.cycle(["Uw aanslag", 'Boete <b>"snel"</b> & meer', "MARKERS",
                                "Brief met 'quotes'"])
    made = []
    for unread, due, done in itertools.product((True, False), repeat=3):
        m = factories.create_message(recipient=citizen, subject=next(subjects), subject_en=None,
                                     deadline=(now + timedelta(days=3)).date() if due or done else None)
        if m.subject_nl == "MARKERS":  # PostgreSQL stores no NUL: a subject that looks like markers, in memory
            m.subject_nl = "\x00subject\x00 \x00href\x00"
        m.first_opened_at = None if unread else now
        m.done_at = now if done else None
        made.append(m)
    return made


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("deleted", [False, True])
def test_filled_rows_are_the_macros_rows(app, language, deleted):
    citizen = factories.give_postal_address(factories.create_citizen())
    messages = messages_of_every_kind(citizen)
    with app.test_request_context("/inbox/", headers={"Accept-Language": language}):
        login_user(citizen.account)
        env = app.jinja_env
        macro = env.get_template("inbox/_row.html").module.row
        panel = env.get_template("paper/_panel.html").module.panel
        labels = paper.labels(None, lambda endpoint: True)
        views = paper_views(messages, now=utcnow(), citizen=citizen)
        page = {"unread": "Ongelezen", "done": "Klaar", "stop": STOP, "paper": not deleted, "restore": deleted}
        options = {"language": language, "row_panel": stamp.row_panel, "panel": panel, "paper": views,
                   "labels": labels, "page": page, "csrf": env.globals["csrf_token"]()}
        filled = str(rows.inbox_rows(messages, **options))
        one_by_one = "".join(str(macro(rows.Row(*rows.kind_of(m), **rows.values(m, **options)), page))
                             for m in messages)
    assert filled == one_by_one
    assert filled.count("\x00") == 16  # only the hostile subjects' own: 2 rows, each subject shown twice
    assert "\x00subject\x00 \x00href\x00" in filled  # a subject that looks like markers is kept as it is
    assert filled.count("<li ") == len(messages) == 8
    assert "Boete &lt;b&gt;&#34;snel&#34;&lt;/b&gt; &amp; meer" in filled
    assert ("Put back" in filled or "Terugzetten" in filled) is deleted
    assert ('id="paper-row-' in filled) is not deleted
    assert filled.count("message-row--unread") == 4
    assert filled.count("tag--done") == 4
    assert filled.count("tag--deadline") == 2  # a deadline is shown until the letter is done


def test_each_kind_is_rendered_once_a_process_and_key(app, monkeypatch):
    citizen = factories.give_postal_address(factories.create_citizen())
    messages = messages_of_every_kind(citizen) * 3
    cut = []
    monkeypatch.setattr(rows, "_cut", lambda kind, page, real=rows._cut: cut.append(kind) or real(kind, page))
    page = {"unread": "", "done": "", "stop": STOP, "paper": True, "restore": False}
    shown = []
    for n, language in enumerate(("nl", "nl", "en")):
        with factories.request_of(app, citizen.account, language=language, path="/inbox/"):
            env = app.jinja_env
            views = paper_views(messages, now=utcnow(), citizen=citizen)
            shown.append(TOKEN.sub("", str(rows.inbox_rows(messages, language=language, row_panel=stamp.row_panel,
                                             panel=env.get_template("paper/_panel.html").module.panel,
                                             paper=views, labels=paper.labels(None, lambda endpoint: True),
                                             page={**page, "stop": STOP if n < 2 else ""}))))
    kinds = {rows.kind_of(m) for m in messages}
    assert len(kinds) == 6  # with a deadline shown and done cannot both be
    assert sorted(cut) == sorted([*kinds, *kinds])  # the second page of the same key renders none again
    assert shown[0] == shown[1] and "Deadline:" not in shown[0] and "Deadline:" in shown[2]


def test_the_rows_and_panels_composed_are_kept_within_their_bound(app, monkeypatch):
    citizen = factories.give_postal_address(factories.create_citizen())
    messages = messages_of_every_kind(citizen)
    page = {"unread": "", "done": "", "stop": STOP, "paper": True, "restore": False}

    def shown():
        with factories.request_of(app, citizen.account, language="nl", path="/inbox/"):
            return TOKEN.sub("", str(rows.inbox_rows(
                messages, language="nl", row_panel=stamp.row_panel,
                panel=app.jinja_env.get_template("paper/_panel.html").module.panel,
                paper=paper_views(messages, now=utcnow(), citizen=citizen),
                labels=paper.labels(None, lambda endpoint: True), page=page)))

    monkeypatch.setattr(rows, "_WHOLES", {})
    kept = shown()
    assert len(rows._WHOLES) > 1  # several kinds of row with a panel of their own
    made = dict(rows._WHOLES)
    assert shown() == kept
    assert made == rows._WHOLES  # the second page makes none
    assert all(rows._WHOLES[k] is made[k] for k in made)
    monkeypatch.setattr(rows, "_WHOLES", {})
    monkeypatch.setattr(rows, "MAX_WHOLES", 1)
    assert shown() == kept  # given up and made again on every row: the same text
    assert len(rows._WHOLES) == 1
