"""Settings forms. The fields only carry what was typed; the rules (and their messages) are in the services,
so the paper address page and the settings page check an address the same way."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import StringField

from portal.forms import Form


class AddressForm(Form):
    name = StringField(_l("Name on the envelope"))
    street = StringField(_l("Street"))
    house_number = StringField(_l("House number"))
    addition = StringField(_l("Addition (optional)"))
    postcode = StringField(_l("Postcode"))
    city = StringField(_l("Town"))


class PaperForm(Form):
    """Radio buttons and checkboxes are written out in templates/settings/paper.html (a fieldset each)."""


def apply_errors(form: Form, errors: dict) -> None:
    """Put a service's ValidationFailed messages on the form: on a field when it has one, else in the summary."""
    for name, message in errors.items():
        field = getattr(form, name, None)
        if field is not None and hasattr(field, "errors"):
            field.errors = [str(message)]
        else:
            form.add_summary_error(message, name)
