"""The invitation e-mail to a helper: who invites, what they may do, the code. No mail content."""

from flask import render_template
from flask_babel import force_locale
from flask_babel import gettext as _

from portal.mail import Mail
from portal.models import Account, Delegation


def invitation_mail(delegation: Delegation, code: str, link: str, *, inviter: str) -> Mail:
    account = Account.by_email(delegation.invited_email)
    language = account.language if account else "nl"
    with force_locale(language):
        context = dict(delegation=delegation, code=code, link=link, inviter=inviter)
        return Mail(
            to=delegation.invited_email,
            subject=_("%(name)s asks you to help with their government mail", name=inviter),
            text=render_template("helpers/invitation_mail.txt", **context),
            language=language,
        )
