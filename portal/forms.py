"""Shared form pieces: validators whose messages are whole translatable sentences."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms.validators import ValidationError

EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


class Form(FlaskForm):
    """A form that can also carry errors that belong to no single field (shown in the summary)."""

    def __init__(self, *args, **kwargs):
        from portal.auth import resume  # text typed before a time-out, back in the form after logging in
        from portal.clock import utcnow

        kept = resume.take(utcnow())
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
    if field.data and not EMAIL.fullmatch(field.data.strip()):
        raise ValidationError(_l("Enter an e-mail address in the right format, like name@example.nl"))
