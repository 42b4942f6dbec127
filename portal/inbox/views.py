from flask import Blueprint, abort, current_app, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from werkzeug.utils import secure_filename

from portal import deadlines, richtext
from portal.access import citizen_required, current_citizen, helpers_may
from portal.clock import local_today, utcnow
from portal.htmx import is_htmx
from portal.i18n import current_language
from portal.inbox import calendar, services
from portal.inbox.services import Deadline, InboxQuery

bp = Blueprint("inbox", __name__, url_prefix="/inbox")


def owner():
    """Whose inbox this request is about (the represented citizen while a helper acts for them)."""
    return current_citizen()


def actor():
    """Who is doing it (recorded in the citizen's access log)."""
    return current_user._get_current_object()


@bp.route("/")
@citizen_required
@helpers_may("read")
def index():
    query = InboxQuery.parse(request.args)
    now = utcnow()
    partial = is_htmx(target="inbox-results")
    page = services.list_inbox(owner(), query, now=now, senders=not partial)
    page_url = lambda n: url_for("inbox.index", **query.args(page=n))  # noqa: E731
    if partial:
        return render_template("inbox/_list.html", page=page, page_url=page_url, oob=True)
    language = current_language()
    senders = tuple((org.slug, org.name(language)) for org in services.senders_of(owner(), page))
    return render_template(
        "inbox/index.html",
        page=page,
        page_url=page_url,
        deadlines=services.open_deadlines(owner(), today=local_today(now)),
        senders=senders,
        # The filters and search form are kept for everyone with the same choices (portal/fragments.py), but
        # not what someone typed: a search, or a sender that is not one of theirs.
        keep_find=not query.search and query.organisation in ("", *(slug for slug, _name in senders)),
    )


def _opened(public_id: str):
    """Open (and log) a message; returns now, the message and what every rendering of it needs."""
    now = utcnow()
    msg = services.open_message(owner(), public_id, actor=actor(), now=now)
    language = current_language()
    body = richtext.render(msg.text("body", language), website=msg.organisation.website)
    return now, msg, {"message": msg, "language": language, "body": body}


@bp.route("/<public_id>")
@citizen_required
@helpers_may("read")
def message(public_id: str):
    now, msg, context = _opened(public_id)
    deadline = Deadline(msg, local_today(now)) if msg.deadline and not msg.done_at else None
    return render_template("inbox/message.html", attachments=services.attachments_of(msg), deadline=deadline,
                           **context)


@bp.route("/<public_id>/attachments/<int:attachment_id>")
@citizen_required
@helpers_may("read")
def attachment(public_id: str, attachment_id: int):
    item = services.read_attachment(owner(), public_id, attachment_id, actor=actor(), now=utcnow())
    return _download(bytes(item.data), item.content_type, item.filename)  # PostgreSQL gives a memoryview


@bp.route("/<public_id>/pdf")
@citizen_required
@helpers_may("read")
def message_pdf(public_id: str):
    # The first address of "Download as PDF"; the letter is now the one PDF of a message (links may be saved).
    services.get_message(owner(), public_id)  # 404 for a message that is not the visitor's
    return redirect(url_for("paper.letter_pdf", public_id=public_id), 301)


@bp.route("/<public_id>/deadline.ics")
@citizen_required
@helpers_may("read")
def deadline_ics(public_id: str):
    msg = services.open_for_calendar(owner(), public_id, actor=actor(), now=utcnow())
    if not msg.deadline:
        abort(404)
    language = current_language()
    title = _("%(organisation)s: %(subject)s", organisation=msg.organisation.name(language),
              subject=msg.text("subject", language))
    url = current_app.config["PUBLIC_URL"].rstrip("/") + url_for("inbox.message", public_id=public_id)
    body = calendar.deadline_event(msg, title=title, description=deadlines.calendar_description(msg, language),
                                   url=url, now=utcnow())
    return _download(body, "text/calendar; charset=utf-8", "deadline.ics")


@bp.route("/<public_id>/done", methods=["POST"])
@citizen_required
@helpers_may("done")
def mark_done(public_id: str):
    done = request.form.get("done") == "1"
    services.set_done(owner(), public_id, done, actor=actor(), now=utcnow())
    flash(_("Marked as done. The deadline is no longer shown.") if done else _("Marked as not done."))
    return redirect(url_for("inbox.message", public_id=public_id))


@bp.route("/<public_id>/archive", methods=["POST"])
@citizen_required
def archive(public_id: str):
    archived = request.form.get("archived") == "1"
    services.set_archived(owner(), public_id, archived, actor=actor(), now=utcnow())
    flash(_("The message is in the archive.") if archived else _("The message is back in your inbox."))
    return redirect(url_for("inbox.index", filter="archived") if archived else url_for("inbox.index"))


@bp.route("/<public_id>/delete", methods=["GET", "POST"])
@citizen_required
def delete(public_id: str):
    if request.method == "GET":
        msg = services.get_message(owner(), public_id)
        return render_template("inbox/delete.html", message=msg, language=current_language(),
                               restore_days=services.RESTORE_DAYS)
    services.delete_message(owner(), public_id, actor=actor(), now=utcnow())
    flash(ngettext("The message is deleted. You can get it back within %(num)d day.",
                   "The message is deleted. You can get it back within %(num)d days.", services.RESTORE_DAYS))
    return redirect(url_for("inbox.index"))


@bp.route("/<public_id>/restore", methods=["POST"])
@citizen_required
def restore(public_id: str):
    services.restore_message(owner(), public_id, actor=actor(), now=utcnow())
    flash(_("The message is back in your inbox."))
    return redirect(url_for("inbox.index"))


def _download(data: bytes, content_type: str, filename: str):
    response = make_response(data)
    response.headers["Content-Type"] = content_type
    response.headers["Content-Disposition"] = f'attachment; filename="{secure_filename(filename) or "download"}"'
    return response
