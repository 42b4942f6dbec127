"""Shared form pieces: validators whose messages are whole translatable sentences."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms.validators import ValidationError

from portal import resume
from portal.clock import utcnow

EMAIL = re.compile(r"[^@\s\x00-\x1f\x7f]+@[^@\s\x00-\x1f\x7f]+\.[^@\s\x00-\x1f\x7f]+")
EMAIL_MAX = 254  # RFC 5321's longest address, and the width of every e-mail column


def is_email(value: str) -> bool:
    """An address in the right format that fits the database (PostgreSQL refuses a longer one)."""
    return len(value) <= EMAIL_MAX and EMAIL.fullmatch(value) is not None


class Form(FlaskForm):
    """A form that can also carry errors that belong to no single field (shown in the summary)."""

    def __init__(self, *args, **kwargs):
        kept = resume.take(utcnow())  # text typed before a time-out, back in the form after logging in
        if kept:
            kwargs["data"] = {**(kwargs.get("data") or {}), **kept}
        super().__init__(*args, **kwargs)
        self.summary_errors: list[tuple[str, str]] = []

    def add_summary_error(self, message: str, field_id: str) -> None:
        self.summary_errors.append((str(message), field_id))

    @property
    def has_errors(self) -> bool:
        return bool(self.errors or self.summary_errors)


def email_address(form, field) -> None:
    if field.data and len(field.data.strip()) > EMAIL_MAX:
        raise ValidationError(_l("An e-mail address can be at most 254 characters long"))
    if field.data and not is_email(field.data.strip()):
        raise ValidationError(_l("Enter an e-mail address in the right format, like name@example.nl"))


def apply_errors(form: Form, errors: dict) -> None:
    """Put a service's ValidationFailed messages on the form: on a field when it has one, else in the summary."""
    for name, message in errors.items():
        field = getattr(form, name, None)
        if field is not None and hasattr(field, "errors"):
            field.errors = [str(message)]
        else:
            form.add_summary_error(message, name)
