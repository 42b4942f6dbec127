"""The sender dashboard's webhook pages: subscriptions (make, enable / disable, new secret, delete) and each
one's recent deliveries, with "send again" and "send a test event". Every change is a POST form; the ones
that cannot be undone have a confirmation page."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.access import sender_required
from portal.clock import utcnow
from portal.errors_domain import ValidationFailed
from portal.webhooks import services
from portal.webhooks.forms import EVENT_LABELS, PROBLEMS, WebhookForm

bp = Blueprint("webhooks", __name__, url_prefix="/senders/webhooks")


def organisation():
    return current_user.organisation


def _subscription(public_id: str):
    return services.get(organisation(), public_id)


def _secret_page(subscription, secret: str, *, rotated: bool):
    response = current_app.make_response(render_template(
        "webhooks/secret.html", subscription=subscription, secret=secret, rotated=rotated))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/", methods=["GET", "POST"])
@sender_required
def index():
    form = WebhookForm()
    if form.validate_on_submit():
        try:
            subscription, secret = services.create(
                organisation(), url=form.url.data or "", event_types=form.events.data or [],
                is_test=form.kind.data == "test", production=current_app.config["ENV"] == "production", now=utcnow())
        except ValidationFailed as failed:
            for name, code in failed.errors.items():
                form.add_summary_error(PROBLEMS[(name, code)], "url" if name == "url" else "events-0")
                getattr(form, name).errors = [PROBLEMS[(name, code)]]
        else:
            return _secret_page(subscription, secret, rotated=False)
    return render_template("webhooks/index.html", form=form, subscriptions=services.of(organisation()),
                           labels=EVENT_LABELS)


@bp.route("/<public_id>")
@sender_required
def show(public_id: str):
    subscription = _subscription(public_id)
    return render_template("webhooks/show.html", subscription=subscription, labels=EVENT_LABELS,
                           deliveries=services.recent(subscription))


@bp.route("/<public_id>/enabled", methods=["POST"])
@sender_required
def set_enabled(public_id: str):
    subscription = _subscription(public_id)
    enabled = request.form.get("enabled") == "1"
    services.set_enabled(subscription, enabled, now=utcnow())
    flash(_("The subscription is on. New events go to your system.") if enabled else
          _("The subscription is off. No new events go to your system."))
    return redirect(url_for("webhooks.show", public_id=public_id))


@bp.route("/<public_id>/test", methods=["POST"])
@sender_required
def send_test(public_id: str):
    services.send_test(_subscription(public_id), now=utcnow())
    flash(_("A test event is on its way. It appears below within a minute."))
    return redirect(url_for("webhooks.show", public_id=public_id))


@bp.route("/<public_id>/deliveries/<delivery_id>/again", methods=["POST"])
@sender_required
def send_again(public_id: str, delivery_id: str):
    services.send_again(_subscription(public_id), delivery_id, now=utcnow())
    flash(_("The event is sent again, with the same id."))
    return redirect(url_for("webhooks.show", public_id=public_id))


@bp.route("/<public_id>/rotate", methods=["GET", "POST"])
@sender_required
def rotate(public_id: str):
    subscription = _subscription(public_id)
    if request.method == "GET":
        return render_template("webhooks/rotate.html", subscription=subscription)
    return _secret_page(subscription, services.rotate(subscription, now=utcnow()), rotated=True)


@bp.route("/<public_id>/delete", methods=["GET", "POST"])
@sender_required
def delete(public_id: str):
    subscription = _subscription(public_id)
    if request.method == "GET":
        return render_template("webhooks/delete.html", subscription=subscription)
    services.delete(subscription)
    flash(_("The subscription is deleted. No more events go to %(url)s.", url=subscription.url))
    return redirect(url_for("webhooks.index"))
