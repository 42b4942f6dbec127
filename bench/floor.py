"""The floor for bench/web.py: the portal's plain page, inbox and message page written by hand, without the ORM,
the templates or the portal's hooks, serving the same HTML bytes for the bench's citizen (Dutch, 500 letters,
no paper requests, not acting for anyone), with the same security headers, gunicorn settings and database.

What every page still does, as any real app must: read the signed cookie (Flask's, same SECRET_KEY), one
indexed session + account + citizen query with psycopg2, the idle and absolute expiry, a signed CSRF token
(Flask-WTF's), the page's own queries (the inbox: rows with their count, open deadlines, senders, latest paper
requests; the message: the message with its sender, the reading recorded in the access log, paper request,
attachments, follow-up events, deadline moves), dates written out in Dutch, text escaped.
The strings come from the portal's compiled Dutch catalogue, looked up once at start-up.
It also answers the API POST with a hand-written insert of the same rows the portal writes for it.

Not a second portal: it knows only what the bench's pages show (bench/web.py checks the bytes are the same).
"""

from __future__ import annotations

import gettext
import hashlib
import json
import os
import secrets
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import psycopg2
import psycopg2.pool
from flask import Flask, Response, abort, request, session
from flask_wtf.csrf import generate_csrf
from markupsafe import escape

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from portal import richtext  # noqa: E402 -- the same Markdown renderer: the letter's body is the page's work
from portal.workdays import expected_arrival  # noqa: E402 -- pure date arithmetic (working days)

app = Flask(__name__)
app.config.update(SECRET_KEY=os.environ["SECRET_KEY"], SESSION_COOKIE_NAME="portal")
_pools: dict[int, psycopg2.pool.SimpleConnectionPool] = {}


def pool() -> psycopg2.pool.SimpleConnectionPool:
    """This process's connections (gunicorn forks after import: a connection is never shared)."""
    pid = os.getpid()
    if pid not in _pools:
        _pools[pid] = psycopg2.pool.SimpleConnectionPool(1, 4, os.environ["FLOOR_DATABASE_URL"])
    return _pools[pid]


AMSTERDAM = ZoneInfo("Europe/Amsterdam")
IDLE, ABSOLUTE = timedelta(minutes=30), timedelta(hours=12)
DELIVERY_DAYS = int(os.environ.get("PAPER_DELIVERY_DAYS", "2"))

with open(ROOT / "translations" / "nl" / "LC_MESSAGES" / "messages.mo", "rb") as _catalogue:
    _nl = gettext.GNUTranslations(_catalogue)
_ = _nl.gettext
DAYS = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
          "november", "december")


def long_date(day) -> str:
    return f"{DAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]} {day.year}"


def static_url(name: str) -> str:
    digest = hashlib.sha256((ROOT / "static" / name).read_bytes()).hexdigest()[:12]
    return f"/static/{name}?v={digest}"


HEADERS = {
    "Content-Security-Policy": "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
                               "form-action 'self'",
    "X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin", "X-Frame-Options": "DENY",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
    "Cross-Origin-Opener-Policy": "same-origin", "Cache-Control": "no-store", "Vary": "Cookie",
}

HEAD = ("<!doctype html>\n<html lang=\"nl\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        "<title>%(title)s – Overheidspost</title>\n"
        f"<link rel=\"stylesheet\" href=\"{static_url('portal.css')}\">\n"
        f"<link rel=\"stylesheet\" href=\"{static_url('print.css')}\" media=\"print\">\n"
        f"<link rel=\"icon\" href=\"{static_url('favicon.svg')}\" type=\"image/svg+xml\">\n"
        "<meta name=\"csrf-token\" content=\"%(csrf)s\">\n"
        "%(scripts)s</head>\n<body>\n"
        f"<a class=\"skip-link\" href=\"#main\">{_('Skip to main content')}</a>\n"
        "<header class=\"site-header\">\n  <div class=\"wrap site-header__inner\">\n"
        "    <a class=\"site-header__name\" href=\"/\">Overheidspost</a>\n"
        f"    <nav class=\"site-header__nav\" aria-label=\"{_('Menu')}\">\n      <ul class=\"inline-list\">\n"
        f"        <li><a href=\"/inbox/\">{_('Your messages')}</a></li>\n"
        f"        <li><a href=\"/settings/\">{_('Settings')}</a></li>\n"
        f"        <li><a href=\"/account\">{_('Your account')}</a></li>\n"
        "        <li>\n          <form class=\"inline-form\" action=\"/language\" method=\"post\">\n"
        "            <input type=\"hidden\" name=\"csrf_token\" value=\"%(csrf)s\">\n"
        "            <input type=\"hidden\" name=\"next\" value=\"%(path)s\">\n"
        "            <button class=\"link-button\" name=\"language\" value=\"en\" lang=\"en\">English</button>\n"
        "          </form>\n        </li>\n        <li>\n"
        "          <form class=\"inline-form\" action=\"/logout\" method=\"post\">\n"
        "            <input type=\"hidden\" name=\"csrf_token\" value=\"%(csrf)s\">\n"
        f"            <button class=\"link-button\">{_('Log out')}</button>\n"
        "          </form>\n        </li>\n      </ul>\n    </nav>\n  </div>\n</header>\n"
        "<div class=\"wrap\">\n  <main id=\"main\" tabindex=\"-1\">\n")
HTMX = (f"<meta name=\"htmx-config\" content='{{\"includeIndicatorStyles\":false,\"allowEval\":false,"
        f"\"allowScriptTags\":false,\"historyCacheSize\":0}}'>\n"
        f"<script src=\"{static_url('htmx.min.js')}\" defer></script>\n")
SCRIPT = f"<script src=\"{static_url('portal.js')}\" defer></script>\n"
FOOT = ("  </main>\n</div>\n<footer class=\"site-footer\">\n  <div class=\"wrap\">\n"
        f"    <h2 class=\"visually-hidden\">{_('About this website')}</h2>\n    <ul class=\"inline-list\">\n"
        f"      <li><a href=\"/help\">{_('Help')}</a></li>\n"
        f"      <li><a href=\"/accessibility\">{_('Accessibility')}</a></li>\n"
        f"      <li><a href=\"/privacy\">{_('Privacy')}</a></li>\n"
        f"      <li><a href=\"/statistics\">{_('Open statistics')}</a></li>\n"
        "    </ul>\n  </div>\n</footer>\n"
        "<div id=\"session-timeout\" hidden data-seconds-left=\"%(left)d\" data-warn-seconds=\"120\"\n"
        "     data-extend-url=\"/session/extend\" data-logout-url=\"/logout\"\n"
        f"     data-title=\"{escape(_('You will soon be logged out'))}\"\n"
        f"     data-text=\"{escape(_('You have not done anything for a while. To protect your mail, we log you out in 2 minutes. Do you want to stay logged in?'))}\"\n"  # noqa: E501
        f"     data-stay=\"{escape(_('Stay logged in'))}\" data-logout=\"{escape(_('Log out now'))}\"></div>\n"
        f"<script src=\"{static_url('session-timeout.js')}\" defer></script>\n</body>\n</html>")

ACCESSIBILITY = (
    f"<h1>{_('Accessibility statement')}</h1>\n"
    f"<p>{_('We want everybody to be able to use this website: with a screen reader, with the keyboard only, with large text, on an old phone or without JavaScript.')}</p>\n"  # noqa: E501
    f"<h2>{_('How we test')}</h2>\n"
    f"<p>{_('We build to WCAG 2.2 level AA. Every page is checked automatically with axe-core in Dutch and English, and read in a text browser. We also test by hand with the keyboard and a screen reader.')}</p>\n"  # noqa: E501
    f"<h2>{_('Something does not work?')}</h2>\n"
    f"<p>{_('Tell us which page and what went wrong. Call 0800 1234 (free) or write to the address on the help page. We answer within 5 working days.')}</p>\n")  # noqa: E501


def query(conn, sql: str, args=()) -> list[tuple]:
    with conn.cursor() as cur:
        cur.execute(sql, args)
        return cur.fetchall() if cur.description else []


SESSION_SQL = """SELECT s.id, s.created_at, s.last_seen_at, s.public_computer, a.id, a.role, a.language, c.id,
c.address_street, c.address_house_number, c.address_addition, c.address_postcode, c.address_city
FROM session s JOIN account a ON a.id = s.account_id LEFT JOIN citizen c ON c.account_id = a.id
WHERE s.token_hash = %s"""


def logged_in(conn, now: datetime):
    """The session row (one indexed query), expiry checked, last seen kept to the minute; 302 when gone."""
    token = session.get("sid")
    rows = query(conn, SESSION_SQL, (hashlib.sha256(token.encode()).hexdigest(),)) if token else []
    if not rows:
        abort(Response(status=302, headers={"Location": "/login"}))
    row = rows[0]
    sid, created, last_seen = row[0], row[1], row[2]
    if now - last_seen > IDLE or now - created > ABSOLUTE or row[7] is None:
        abort(Response(status=302, headers={"Location": "/login"}))
    if now - last_seen > timedelta(minutes=1):
        query(conn, "UPDATE session SET last_seen_at = %s WHERE id = %s", (now, sid))
        last_seen = now
    left = int((min(last_seen + IDLE, created + ABSOLUTE) - now).total_seconds())
    return row, left


def page(title: str, body: str, *, left: int, htmx: bool) -> Response:
    csrf = generate_csrf()
    head = HEAD % {"title": title, "csrf": csrf, "path": escape(request.full_path.rstrip("?")),
                   "scripts": (HTMX if htmx else "") + SCRIPT}
    html = head + body.replace("\0csrf\0", csrf) + FOOT % {"left": left}
    return Response(html, headers=HEADERS, content_type="text/html; charset=utf-8")


def with_conn(view):
    def run(*args, **kwargs):
        conn = pool().getconn()
        conn.autocommit = True
        try:
            return view(conn, *args, **kwargs)
        finally:
            if not conn.autocommit:
                conn.rollback()
            pool().putconn(conn)
    run.__name__ = view.__name__
    return run


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


@app.get("/accessibility")
@with_conn
def accessibility(conn):
    _row, left = logged_in(conn, utcnow())
    return page(_("Accessibility statement"), ACCESSIBILITY, left=left, htmx=False)


# The inbox ------------------------------------------------------------------------------------------

ROWS_SQL = """SELECT m.id, m.public_id, m.subject_nl, m.first_opened_at, m.deadline, m.done_at, m.delivered_at,
o.name_nl, o.phone, count(*) OVER () FROM message m JOIN organisation o ON o.id = m.organisation_id
WHERE m.recipient_id = %s AND NOT m.is_test AND m.deleted_at IS NULL AND m.archived_at IS NULL
ORDER BY m.delivered_at DESC, m.id DESC LIMIT 25 OFFSET %s"""
DEADLINES_SQL = """SELECT m.public_id, m.subject_nl, m.deadline, m.deadline_kind, o.name_nl
FROM message m JOIN organisation o ON o.id = m.organisation_id
WHERE m.recipient_id = %s AND NOT m.is_test AND m.deleted_at IS NULL AND m.deadline IS NOT NULL
AND m.done_at IS NULL ORDER BY m.deadline, m.delivered_at"""
SENDERS_SQL = """SELECT o.slug, o.name_nl FROM organisation o WHERE o.id IN (SELECT organisation_id FROM message
WHERE recipient_id = %s AND NOT is_test AND deleted_at IS NULL) ORDER BY o.name_nl"""
PAPER_SQL = "SELECT DISTINCT ON (message_id) message_id, status FROM paper_request WHERE message_id = ANY(%s) " \
            "ORDER BY message_id, id DESC"

ACTIONS = {"pay": _("Pay %(deadline)s"), "object": _("Object %(deadline)s"),
           "send-documents": _("Send the documents %(deadline)s"), "respond": _("Respond %(deadline)s")}
BEFORE, DEADLINE_TAG = _("before %(date)s"), _("Deadline: %(deadline)s")
UNREAD, DONE, STOP = _("Unread"), _("Done"), '<span class="visually-hidden">.</span>'
REQUEST = _("Send me this by post")
LATE = (f"<div class=\"paper-late\">\n<p><strong>{_('By post this letter comes too late.')}</strong> %(when)s "
        "%(contact)s</p>\n</div>\n")
LATE_IS = _("A letter we post now arrives by %(arrive)s at the latest. The last day to act is %(last_day)s.")
LATE_WAS = _("A letter we post now arrives by %(arrive)s at the latest. The last day to act was %(last_day)s.")
CALL = _("Do not wait for the letter. Do it online now, or call %(organisation)s on %(phone)s.")
CONTACT = _("Do not wait for the letter. Do it online now, or contact %(organisation)s.")
PAPER_FORM = ("<form class=\"inline-form\" action=\"/paper/%(pid)s/request\" method=\"post\" "
              "data-hx-post=\"/paper/%(pid)s/request\">\n"
              "  <input type=\"hidden\" name=\"csrf_token\" value=\"\0csrf\0\">\n"
              "  <input type=\"hidden\" name=\"seen\" value=\"0\">\n"
              "  <input type=\"hidden\" name=\"view\" value=\"%(view)s\">\n"
              "  <button class=\"button button--secondary%(small)s\">%(label)s</button>\n</form>\n")
ROW = ("  <li class=\"message-row%(unread)s\">\n"
       "    <p class=\"message-row__subject\"><a href=\"/inbox/%(pid)s\" lang=\"nl\">%(subject)s</a></p>\n"
       "    <p class=\"message-row__meta\">\n%(tags)s      <span>%(org)s</span>, <span>%(date)s</span>\n    </p>\n"
       "    <div id=\"paper-row-%(pid)s\" class=\"paper-panel paper-panel--row\" role=\"status\" "
       "data-hx-target=\"this\">\n    %(panel)s\n\n    </div>\n  </li>\n")
FILTERS = (("all", _("All")), ("unread", _("Unread")), ("action", _("Needs action")), ("archived", _("Archive")),
           ("deleted", _("Deleted")))


def local_day(value: datetime):
    return value.replace(tzinfo=UTC).astimezone(AMSTERDAM).date()


def late_warning(deadline, org: str, phone: str, today, *, compact: bool) -> str:
    """The paper-late text before the click, or "" (same rule as portal.paper.timing.lateness)."""
    if deadline is None:
        return ""
    arrive = expected_arrival(today, delivery_days=DELIVERY_DAYS).arrive_by
    last_day = deadline - timedelta(days=1)
    if arrive < last_day:
        return ""
    when = (LATE_WAS if last_day < today else LATE_IS) % {"arrive": long_date(arrive), "last_day": long_date(last_day)}
    contact = CALL % {"organisation": org, "phone": phone} if phone else CONTACT % {"organisation": org}
    return LATE % {"when": when, "contact": contact}


def deadline_status(days_left: int) -> str:
    if days_left <= 0:
        return _("Too late: the date has passed. Do it as soon as you can, or call the sender.") + "\n"
    if days_left == 1:
        return _("Today is the last day.") + "\n"
    if days_left == 2:
        return _("Tomorrow is the last day.") + "\n"
    if days_left <= 31:
        return _nl.ngettext("%(num)d day left.", "%(num)d days left.", days_left) % {"num": days_left} + "\n"
    return ""


def deadline_class(days_left: int) -> str:
    return "overdue" if days_left <= 0 else ("soon" if days_left <= 7 else "later")


@app.get("/inbox/")
@with_conn
def inbox(conn):  # noqa: C901 -- one page, written out
    now = utcnow()
    user, left = logged_in(conn, now)
    citizen_id, today = user[7], local_day(now)
    number = int(request.args.get("page", "1"))
    rows = query(conn, ROWS_SQL, (citizen_id, (number - 1) * 25))
    deadlines = query(conn, DEADLINES_SQL, (citizen_id,))
    senders = query(conn, SENDERS_SQL, (citizen_id,))
    paper = dict(query(conn, PAPER_SQL, ([r[0] for r in rows],)))
    if any(status != "cancelled" for status in paper.values()):
        raise NotImplementedError("the floor shows the bench's letters: no paper requests")
    total = rows[0][9] if rows else 0
    pages = max(1, -(-total // 25))
    out = [f"<h1>{_('Your messages')}</h1>\n\n"]
    if deadlines:
        out.append("<section class=\"deadlines\" aria-labelledby=\"deadlines-title\">\n  <h2 id=\"deadlines-title\">"
                   + _nl.ngettext("%(num)d letter with a deadline", "%(num)d letters with a deadline",
                                  len(deadlines)) % {"num": len(deadlines)}
                   + "</h2>\n  <ul class=\"deadline-list\">\n")
        for pid, subject, deadline, kind, org in deadlines:
            days_left = (deadline - today).days
            label = _("Overdue") if days_left <= 0 else (_("This week") if days_left <= 7 else _("Later"))
            action = ACTIONS.get(kind or "respond", ACTIONS["respond"]) % {
                "deadline": BEFORE % {"date": long_date(deadline)}}
            out.append(f"<li class=\"deadline deadline--{deadline_class(days_left)}\">\n"
                       f"  <p class=\"deadline__label\"><strong class=\"tag\">{label}</strong></p>\n"
                       f"  <p class=\"deadline__when\"><strong>{escape(action)}</strong> {deadline_status(days_left)}"
                       f"</p>\n  <p class=\"deadline__what\"><a href=\"/inbox/{pid}\">{escape(org)}: "
                       f"<span lang=\"nl\">{escape(subject)}</span></a></p>\n</li>\n")
        out.append("  </ul>\n</section>\n\n")
    out.append(f"<h2 class=\"visually-hidden\">{_('Find a message')}</h2>\n"
               f"<nav class=\"filters\" aria-label=\"{_('Show')}\">\n  <ul class=\"inline-list\">\n")
    for key, label in FILTERS:
        url = "/inbox/" if key == "all" else f"/inbox/?filter={key}"
        current = " aria-current=\"page\" class=\"filters__current\"" if key == "all" else ""
        out.append(f"    <li><a href=\"{url}\" data-hx-get=\"{url}\" data-hx-target=\"#inbox-results\" "
                   f"data-hx-push-url=\"true\"{current}>{label}</a></li>\n")
    out.append("  </ul>\n</nav>\n<form class=\"search\" action=\"/inbox/\" method=\"get\" role=\"search\" "
               "data-hx-get=\"/inbox/\" data-hx-target=\"#inbox-results\" data-hx-push-url=\"true\">\n"
               "  <div class=\"search__field\">\n"
               f"    <label class=\"field__label\" for=\"q\">{_('Search in subject and sender')}</label>\n"
               "    <input class=\"input\" type=\"search\" id=\"q\" name=\"q\" value=\"\" maxlength=\"100\">\n"
               "  </div>\n  <div class=\"search__field\">\n"
               f"    <label class=\"field__label\" for=\"org\">{_('Sender')}</label>\n"
               "    <select class=\"input\" id=\"org\" name=\"org\">\n"
               f"      <option value=\"\">{_('All senders')}</option>\n")
    for slug, name in senders:
        out.append(f"      <option value=\"{escape(slug)}\">{escape(name)}</option>\n")
    count = _nl.ngettext("%(num)d message.", "%(num)d messages.", total) % {"num": total}
    out.append(f"    </select>\n  </div>\n  <button class=\"button button--secondary\">{_('Search')}</button>\n"
               f"</form>\n\n<p id=\"inbox-status\" class=\"inbox-status\" role=\"status\">{count}</p>\n"
               "<div id=\"inbox-results\">\n<ol class=\"message-list\">\n")
    for _id, pid, subject, opened, deadline, done, delivered, org, phone, _total in rows:
        subject, org_name = escape(subject), escape(org)
        tags = f"<strong class=\"tag\">{UNREAD}</strong>{STOP} " if not opened else ""
        if deadline and not done:
            tags += (f"<strong class=\"tag tag--deadline\">"
                     f"{DEADLINE_TAG % {'deadline': BEFORE % {'date': long_date(deadline)}}}</strong>{STOP} ")
        if done:
            tags += f"<span class=\"tag tag--done\">{DONE}</span>{STOP} "
        late = late_warning(deadline, org_name, phone, today, compact=True) if not done else ""
        form = PAPER_FORM % {"pid": pid, "view": "row", "small": " button--small",
                             "label": f"{REQUEST}<span class=\"visually-hidden\">: {subject}</span>"}
        out.append(ROW % {"unread": " message-row--unread" if not opened else "", "pid": pid, "subject": subject,
                          "tags": tags, "org": org_name, "date": long_date(local_day(delivered)),
                          "panel": late + form})
    out.append("</ol>\n")
    if pages > 1:
        out.append(f"<nav class=\"pagination\" aria-label=\"{_('Pages')}\">\n  <ul class=\"inline-list\">\n")
        if number > 1:
            url = "/inbox/" if number == 2 else f"/inbox/?page={number - 1}"
            out.append(f"    <li><a href=\"{url}\" rel=\"prev\" data-hx-get=\"{url}\" "
                       "data-hx-target=\"#inbox-results\" "
                       f"data-hx-push-url=\"true\">{_('Previous page')}</a></li>\n")
        out.append(f"    <li>{_('Page %(page)d of %(pages)d') % {'page': number, 'pages': pages}}</li>\n")
        if number < pages:
            url = f"/inbox/?page={number + 1}"
            out.append(f"    <li><a href=\"{url}\" rel=\"next\" data-hx-get=\"{url}\" "
                       "data-hx-target=\"#inbox-results\" "
                       f"data-hx-push-url=\"true\">{_('Next page')}</a></li>\n")
        out.append("  </ul>\n</nav>\n")
    out.append("</div>\n")
    title = _("Your messages") + (f" ({_('page %(page)d of %(pages)d') % {'page': number, 'pages': pages}})"
                                  if pages > 1 else "")
    return page(title, "".join(out), left=left, htmx=True)


# One message ----------------------------------------------------------------------------------------

MESSAGE_SQL = """SELECT m.id, m.subject_nl, m.summary_nl, m.action_nl, m.body_nl, m.deadline, m.deadline_kind,
m.delivered_at, m.first_opened_at, m.done_at, m.archived_at, m.reference, m.deleted_at, m.is_test,
o.name_nl, o.phone, o.website,
(SELECT status FROM paper_request p WHERE p.message_id = m.id ORDER BY p.id DESC LIMIT 1),
(SELECT count(*) FROM attachment a WHERE a.message_id = m.id),
(SELECT count(*) FROM event e WHERE e.message_id = m.id AND e.kind IN (
  'alerted', 'reminded', 'alert_failed', 'reminder_failed', 'helper_alerted', 'print_if_unread', 'paper_posted',
  'retention_notice', 'paper_requested')),
(SELECT count(*) FROM deadline_change d WHERE d.message_id = m.id)
FROM message m JOIN organisation o ON o.id = m.organisation_id
WHERE m.recipient_id = %s AND m.public_id = %s AND NOT m.is_test"""


@app.get("/inbox/<public_id>")
@with_conn
def message(conn, public_id: str):
    now = utcnow()
    user, left = logged_in(conn, now)
    citizen_id, account_id, today = user[7], user[4], local_day(now)
    rows = query(conn, MESSAGE_SQL, (citizen_id, public_id))
    if not rows or rows[0][12] is not None:
        abort(404)
    (mid, subject, summary, action, body, deadline, kind, delivered, opened, done, archived, reference, _deleted,
     _test, org, phone, website, paper, attachments, events, moves) = rows[0]
    if paper not in (None, "cancelled") or attachments or events or moves or reference or done or archived:
        raise NotImplementedError("the floor shows the bench's letters")
    # The reading goes into the citizen's access log, with the first opening, in one transaction.
    conn.autocommit = False
    with conn.cursor() as cur:
        if opened is None:
            cur.execute("UPDATE message SET first_opened_at = %s WHERE id = %s AND first_opened_at IS NULL",
                        (now, mid))
            if cur.rowcount:
                cur.execute("INSERT INTO event (message_id, citizen_id, actor_id, kind, at, detail) "
                            "VALUES (%s, %s, %s, 'opened', %s, '')", (mid, citizen_id, account_id, now))
        cur.execute("INSERT INTO event (message_id, citizen_id, actor_id, kind, at, detail) "
                    "VALUES (%s, %s, %s, 'read', %s, '')", (mid, citizen_id, account_id, now))
    conn.commit()
    subject, org = escape(subject), escape(org)
    out = [f"<p class=\"back\"><a href=\"/inbox/\">{_('Back to your messages')}</a></p><article class=\"letter\">\n"
           f"<h1>{subject}</h1>\n<dl class=\"letter__meta summary-list\">\n"
           f"  <div><dt>{_('From')}</dt><dd>{org}</dd></div>\n"
           f"  <div><dt>{_('Received')}</dt><dd>{long_date(local_day(delivered))}</dd></div>\n</dl>\n\n"]
    if deadline:
        days_left = (deadline - today).days
        line = ACTIONS.get(kind or "respond", ACTIONS["respond"]) % {"deadline": BEFORE % {"date": long_date(deadline)}}
        out.append(f"<div class=\"deadline-banner deadline--{deadline_class(days_left)}\">\n"
                   f"  <h2 class=\"deadline-banner__title\">{escape(line)}</h2>\n"
                   f"  <p>{deadline_status(days_left)}</p>\n</div>\n")
    out.append("\n\n")
    if action:
        out.append("<section class=\"must-do\" aria-labelledby=\"must-do-title\">\n"
                   f"  <h2 id=\"must-do-title\">{_('What you must do')}</h2>\n  <p>{escape(action)}</p>\n"
                   "</section>\n\n")
    address = f"{user[8]} {user[9]}{(' ' + user[10]) if user[10] else ''}, {user[11]} {user[12]}"
    ask = _("Do you want this letter on paper? We post it to %(address)s.") % {"address": escape(address)}
    out.append("<section class=\"paper\" aria-labelledby=\"paper-title\">\n"
               f"<h2 id=\"paper-title\">{_('On paper')}</h2>\n"
               f"<div id=\"paper-{public_id}\" class=\"paper-panel\" role=\"status\" data-hx-target=\"this\">\n"
               + late_warning(deadline, org, phone, today, compact=False)
               + f"<p>{ask}</p>\n"
               + PAPER_FORM % {"pid": public_id, "view": "page", "small": "", "label": REQUEST}
               + "\n\n</div>\n</section>\n\n")
    out.append(f"<div>\n<h2>{_('Summary')}</h2>\n<p>{escape(summary)}</p>\n<h2>{_('The whole letter')}</h2>\n"
               f"<div class=\"letter__body\">{richtext.render(body, website=website)}</div>\n</div>\n\n\n"
               f"<h2>{_('Questions about this letter?')}</h2>\n"
               f"<p>{_('Contact %(organisation)s.') % {'organisation': org}}</p>\n<ul class=\"list\">\n")
    if phone:
        out.append(f"<li>{_('Phone: %(phone)s.') % {'phone': escape(phone)}}</li>")
    if website:
        out.append(f"<li>{_('Website:')} <a href=\"{escape(website)}\">{escape(website)}</a></li>")
    toggle = ("<li><form class=\"inline-form\" action=\"/inbox/%(pid)s/%(what)s\" method=\"post\">\n"
              "  <input type=\"hidden\" name=\"csrf_token\" value=\"\0csrf\0\">\n"
              "  <input type=\"hidden\" name=\"%(name)s\" value=\"1\">\n"
              "  <button class=\"button button--%(kind)s\">%(label)s</button>\n\n</form>\n</li>")
    out.append(f"</ul>\n</article>\n\n<h2>{_('What do you want to do?')}</h2>\n<ul class=\"actions\">\n"
               + toggle % {"pid": public_id, "what": "done", "name": "done", "kind": "primary",
                           "label": _("Mark as done")}
               + toggle % {"pid": public_id, "what": "archive", "name": "archived", "kind": "secondary",
                           "label": _("Archive")}
               + f"  <li><a href=\"/paper/{public_id}/letter.pdf\" download>{_('Download as PDF')}</a></li>\n")
    if deadline:
        out.append(f"  <li><a href=\"/inbox/{public_id}/deadline.ics\" download>"
                   f"{_('Add the deadline to my calendar')}</a></li>\n")
    out.append(f"<li><a href=\"/inbox/{public_id}/delete\">{_('Delete this message')}</a></li></ul>\n")
    return page(str(subject), "".join(out), left=left, htmx=True)


# The API POST, inserted by hand ---------------------------------------------------------------------

KEY_SQL = "SELECT id, organisation_id FROM api_key WHERE key_hash = %s AND revoked_at IS NULL"
MESSAGE_INSERT = """INSERT INTO message (public_id, organisation_id, recipient_id, reference, message_type,
subject_nl, subject_en, summary_nl, summary_en, action_nl, action_en, body_nl, body_en, deadline, deadline_kind,
delivered_at, is_test, channel, readability_nl, readability_en, api_key_id)
VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, false, 'digital', %s, %s, %s) RETURNING id"""


@app.post("/api/v1/messages")
@with_conn
def api_post(conn):
    """The rows the portal's POST writes for the bench's body (a rate-limit window, the idempotency record, the
    message, its `delivered` event, the e-mail alert in the outbox) with plain SQL in one transaction, the
    readability scores worked out as the portal does (portal.api.readability)."""
    from portal.api.readability import score

    secret = request.headers.get("Authorization", "").removeprefix("Bearer ")
    keys = query(conn, KEY_SQL, (hashlib.sha256(secret.encode()).hexdigest(),))
    if not keys:
        abort(401)
    key_id, org_id = keys[0]
    raw = request.get_data()
    body = json.loads(raw)
    now = utcnow()
    citizens = query(conn, "SELECT id FROM citizen WHERE bsn = %s", (body["recipient"]["bsn"],))
    if not citizens:
        abort(422)
    citizen_id = citizens[0][0]
    scores = {lang: score(body["summary"][lang], lang) for lang in ("nl", "en")}
    public_id = secrets.token_urlsafe(16)
    answer = json.dumps({"id": public_id, "status": "delivered", "channel": "digital", "test": False,
                         "paper": None, "readability": {k: v.as_json() if v else None for k, v in scores.items()}})
    conn.autocommit = False
    with conn.cursor() as cur:
        cur.execute("INSERT INTO api_rate_window (api_key_id, bucket, \"window\", count) VALUES (%s, 'send', %s, 1) "
                    "ON CONFLICT (api_key_id, bucket, \"window\") DO UPDATE SET count = api_rate_window.count + 1",
                    (key_id, int(now.timestamp()) // 60))
        cur.execute("INSERT INTO idempotency_record (organisation_id, key, request_hash, status, response_status, "
                    "response_body, created_at) VALUES (%s, %s, %s, 'done', 201, %s, %s)",
                    (org_id, request.headers["Idempotency-Key"], hashlib.sha256(raw).hexdigest(), answer, now))
        cur.execute(MESSAGE_INSERT, (
            public_id, org_id, citizen_id, body.get("reference", ""), body["type"], body["subject"]["nl"],
            body["subject"]["en"], body["summary"]["nl"], body["summary"]["en"], body["action"]["nl"],
            body["action"]["en"], body["body"]["nl"], body["body"]["en"], body["deadline"]["date"],
            body["deadline"]["kind"], now, scores["nl"] and scores["nl"].score, scores["en"] and scores["en"].score,
            key_id))
        message_id = cur.fetchone()[0]
        cur.execute("INSERT INTO event (message_id, citizen_id, kind, at, detail) VALUES (%s, %s, 'delivered', %s, '')",
                    (message_id, citizen_id, now))
        cur.execute("INSERT INTO outbox (key, kind, message_id, citizen_id, detail, status, due_at, attempts, "
                    "last_error, mail_id, claimed_by, created_at) VALUES (%s, 'alert', %s, %s, '', 'pending', %s, 0, "
                    "'', %s, '', %s)", (f"alert:{message_id}", message_id, citizen_id, now,
                                        f"<outbox.{secrets.token_hex(12)}@portal.example>", now))
    conn.commit()
    return Response(answer, status=201, content_type="application/json",
                    headers={k: v for k, v in HEADERS.items() if k != "Vary"})
