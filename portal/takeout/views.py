"""Download all my mail: ask (POST), watch the progress (htmx polls a role="status" region every 2 seconds;
without JavaScript a reload link), download the ZIP (logged). The citizen only; helpers never."""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, send_file, url_for
from flask_login import current_user

from portal.access import citizen_required
from portal.clock import utcnow
from portal.htmx import is_htmx
from portal.takeout import services, tasks

bp = Blueprint("takeout", __name__, url_prefix="/takeout")


def me():
    return current_user._get_current_object()


@bp.route("/")
@citizen_required
def index():
    services.remove_expired(now=utcnow())
    job = services.latest(current_user.citizen, now=utcnow())
    return render_template("takeout/index.html", job=job, small=services.SMALL)


@bp.route("/", methods=["POST"])
@citizen_required
def start():
    job = services.request_takeout(current_user.citizen, actor=me(), now=utcnow())
    if job.status == "queued":
        if services.is_small(job):
            job = services.build(job.id, tasks.directory(), seconds=current_app.config["PDF_TIMEOUT"])
        # No flash: "we are making your file" is said inside the status region, which htmx swaps for
        # "your file is ready"; a banner above it would stay behind when the file is ready.
        if job.status == "queued":  # a large inbox, or a small one that took longer than a request may
            tasks.build_takeout(job.id)
    return redirect(url_for("takeout.index"), 303)


@bp.route("/<public_id>/status")
@citizen_required
def status(public_id: str):
    job = services.get_job(current_user.citizen, public_id)
    if is_htmx():
        return render_template("takeout/_status.html", job=job)
    return redirect(url_for("takeout.index"), 303)


@bp.route("/<public_id>/download")
@citizen_required
def download(public_id: str):
    path = services.open_download(current_user.citizen, public_id, actor=me(), now=utcnow())
    return send_file(path, mimetype="application/zip", as_attachment=True, download_name="my-mail.zip",
                     max_age=0)
