"""Sending e-mail: over SMTP when SMTP_URL is set, otherwise as .eml files in the mail folder.

SMTP_URL forms: smtp://host:port, smtp+starttls://user:password@host:587, smtps://user:password@host:465.
"""

from __future__ import annotations

import logging
import re
import secrets
import smtplib
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path
from urllib.parse import unquote, urlparse

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Mail:
    to: str
    subject: str
    text: str
    html: str | None = None
    language: str = "nl"
    message_id: str | None = None  # a fixed Message-ID (the outbox's, the same at every attempt); None: a new one


def build_message(mail: Mail, sender: str) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = mail.to
    msg["Subject"] = mail.subject
    msg["Date"] = formatdate(localtime=False)
    msg["Message-ID"] = mail.message_id or make_msgid(domain="portal.example")
    msg["Auto-Submitted"] = "auto-generated"
    msg.set_content(mail.text)
    if mail.html:
        msg.add_alternative(mail.html, subtype="html")
    msg["Content-Language"] = mail.language  # after the parts: making a multipart moves Content-* headers into them
    return msg


def send(mail: Mail, *, sender: str, smtp_url: str | None, mail_dir: Path) -> str:
    """Send one mail; return its Message-ID. Raises smtplib.SMTPException or OSError on failure."""
    msg = build_message(mail, sender)
    if smtp_url:
        _send_smtp(msg, smtp_url)
        log.info("mail sent over SMTP, id %s", msg["Message-ID"])
    else:
        mail_dir.mkdir(parents=True, exist_ok=True)
        # A fixed Message-ID names its file, so writing the same e-mail again replaces it: it is there once.
        name = (re.sub(r"[^A-Za-z0-9.-]", "_", mail.message_id.strip("<>")) if mail.message_id else
                f"{msg['Date'].replace(' ', '_').replace(':', '')}-{secrets.token_hex(4)}")
        path = mail_dir / f"{name}.eml"
        path.write_bytes(bytes(msg))
        # The address and content stay out of the log: only where to find the file.
        log.info("mail written to %s", path)
    return msg["Message-ID"]


def deliver(mail: Mail) -> str:
    """Send with the running app's settings."""
    from flask import current_app

    cfg = current_app.config
    return send(mail, sender=cfg["MAIL_FROM"], smtp_url=cfg["SMTP_URL"], mail_dir=Path(cfg["MAIL_DIR"]))


def connect(smtp_url: str) -> smtplib.SMTP:
    """An open, logged-in SMTP connection for SMTP_URL. Raises ValueError for another scheme, OSError or
    smtplib.SMTPException when the server cannot be reached or refuses the log-in."""
    url = urlparse(smtp_url)
    if url.scheme not in ("smtp", "smtps", "smtp+starttls"):
        raise ValueError("SMTP_URL must start with smtp://, smtp+starttls:// or smtps://")
    cls = smtplib.SMTP_SSL if url.scheme == "smtps" else smtplib.SMTP
    smtp = cls(url.hostname or "localhost", url.port or (465 if url.scheme == "smtps" else 25), timeout=30)
    try:
        if url.scheme == "smtp+starttls":
            smtp.starttls()
        if url.username:
            smtp.login(unquote(url.username), unquote(url.password or ""))
    except BaseException:
        smtp.close()
        raise
    return smtp


def _send_smtp(msg: EmailMessage, smtp_url: str) -> None:
    with connect(smtp_url) as smtp:
        smtp.send_message(msg)
