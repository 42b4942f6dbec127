"""The texts of account e-mails, in the account's own language."""

from flask import render_template
from flask_babel import force_locale
from flask_babel import gettext as _

from portal.mail import Mail
from portal.models import Account


def password_reset_mail(account: Account, link: str, *, message_id: str | None = None) -> Mail:
    with force_locale(account.language):
        return Mail(
            to=account.email,
            subject=_("Choose a new password"),
            text=render_template("mail/password_reset.txt", account=account, link=link),
            html=render_template("mail/password_reset.html", account=account, link=link),
            language=account.language,
            message_id=message_id,
        )
