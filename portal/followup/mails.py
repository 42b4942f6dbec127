"""The texts of follow-up e-mails, in the citizen's language, plain text and HTML.

They never carry message content (no subject, summary or body) and no link: the portal's address is written
out, for people to type in themselves, so nobody learns to follow a link in an e-mail to a log-in page.
"""

from __future__ import annotations

from datetime import date
from urllib.parse import urlparse

from flask import current_app, render_template
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _

from portal.deadlines import before
from portal.mail import Mail


def portal_address() -> str:
    """The portal's address as people type it: host (and path), no scheme."""
    url = urlparse(current_app.config["PUBLIC_URL"])
    return (url.netloc + url.path).rstrip("/")


def _mail(template: str, subject: str, *, to: str, language: str, message_id: str, **context) -> Mail:
    context.update(address=portal_address(), language=language, subject=subject)
    return Mail(
        to=to, subject=subject, language=language, message_id=message_id,
        text=render_template(f"mail/{template}.txt", **context),
        html=render_template(f"mail/{template}.html", **context),
    )


def alert_mail(*, to: str, language: str, name: str, senders: list[str], message_id: str) -> Mail:
    """"You have new mail from X": one message, or a digest that lists the senders (each name once).
    `senders` has the sender of each message, in order."""
    unique = list(dict.fromkeys(senders))
    with force_locale(language):
        if len(senders) == 1:
            subject = _("You have new mail from %(sender)s", sender=senders[0])
        else:
            subject = ngettext("You have %(num)d new message", "You have %(num)d new messages", len(senders))
        return _mail("alert", subject, to=to, language=language, message_id=message_id, name=name,
                     senders=unique, count=len(senders))


def reminder_mail(*, to: str, language: str, name: str, sender: str, deadline: date | None, opened: bool,
                  message_id: str) -> Mail:
    """A reminder that fits the letter's state when it goes out: not opened yet, or opened but not marked done.
    Like every alert it names the sender and the deadline only, never what the letter is about."""
    with force_locale(language):
        when = before(deadline)
        if opened:
            subject = _("Reminder: you still have something to do for %(sender)s", sender=sender)
            paragraphs = [
                " ".join([_("You have read the message from %(sender)s, but it is not marked as done yet.",
                            sender=sender),
                          _("You must still do something %(deadline)s.", deadline=when) if deadline
                          else _("You must still do something."),
                          _("Log in to see what you must do.")]),
                _("Have you done it already? Then mark the message as done. Then we stop reminding you of it."),
            ]
        else:
            subject = _("Reminder: you have not read the message from %(sender)s yet", sender=sender)
            sentences = [_("You have not read a message from %(sender)s yet.", sender=sender)]
            if deadline:
                sentences.append(_("You must do something with it %(deadline)s.", deadline=when))
            paragraphs = [" ".join([*sentences, _("Log in to read it.")])]
        return _mail("reminder", subject, to=to, language=language, message_id=message_id, name=name,
                     paragraphs=paragraphs)


def helper_alert_mail(*, to: str, language: str, name: str, message_id: str) -> Mail:
    """To the person a citizen named: only that a message with a deadline is overdue, nothing more."""
    with force_locale(language):
        subject = _("A message with a deadline is overdue in the inbox of %(name)s", name=name)
        return _mail("helper_alert", subject, to=to, language=language, message_id=message_id, name=name)


def retention_mail(*, to: str, language: str, name: str, count: int, remove_on: date, message_id: str) -> Mail:
    with force_locale(language):
        subject = ngettext("%(num)d message will be removed on %(date)s",
                           "%(num)d messages will be removed on %(date)s", count, date=_long(remove_on))
        return _mail("retention_notice", subject, to=to, language=language, message_id=message_id, name=name,
                     count=count, remove_on=remove_on)


def _long(day: date) -> str:
    from portal.templating import long_date

    return long_date(day)
