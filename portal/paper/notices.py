"""What the citizen is told after pressing a paper button: whole translatable sentences."""

from __future__ import annotations

from flask_babel import gettext as _

from portal.models import Message
from portal.paper.models import PaperRequest


def for_request(request: PaperRequest, *, late: bool = False) -> str:
    """`late`: the letter may arrive on or after the last day to act (the panel says what to do instead)."""
    if request.created and late:
        return _("We will send this letter to you by post. It may arrive too late: read below what you can do.")
    if request.created:
        return _("We will send this letter to you by post.")
    if request.status in ("requested", "batched"):
        return _("This letter is already on its way to you. Nothing has changed.")
    if request.status == "posted":
        return _("We already posted this letter. Nothing has changed.")
    return _("This page was out of date, so we did not send anything. "
             "Press the button again if you want this letter on paper.")


def for_cancel(request: PaperRequest | None) -> str:
    if request is None:
        return _("There is no paper letter to cancel.")
    if request.changed:
        return _("The paper letter is cancelled. We will not send it.")
    return _("The paper letter was already cancelled.")


def for_refusal(request: PaperRequest, message: Message, language: str) -> str:
    if request.status == "batched":
        return _("The letter is already being printed. It can no longer be cancelled.")
    if request.status == "posted":
        return _("The letter has already been posted. It can no longer be cancelled.")
    return _("%(organisation)s decided to send this letter on paper. You cannot cancel it here.",
             organisation=message.organisation.name(language))
