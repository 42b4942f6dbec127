"""The invitation e-mail to a helper: who invites, what they may do, the code. No mail content."""

from flask import render_template
from flask_babel import force_locale
from flask_babel import gettext as _

from portal.helpers.models import Delegation
from portal.mail import Mail
from portal.models import Account


def invitation_mail(delegation: Delegation, code: str, accept_link: str, join_link: str, *, inviter: str) -> Mail:
    """To an address with an account: log in and enter the code. To a new address: make an account with it."""
    account = Account.by_email(delegation.invited_email)
    language = account.language if account else "nl"
    with force_locale(language):
        context = dict(delegation=delegation, code=code, link=accept_link if account else join_link,
                       has_account=account is not None, inviter=inviter)
        return Mail(
            to=delegation.invited_email,
            subject=_("%(name)s asks you to help with their government mail", name=inviter),
            text=render_template("helpers/invitation_mail.txt", **context),
            language=language,
        )
