"""The alert settings form. The address rules are in portal/followup/settings.py."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, StringField
from wtforms.fields.choices import SelectChoice

from portal.forms import Form


class AlertForm(Form):
    enabled = RadioField(_l("E-mail alerts"), default="on", choices=[
        SelectChoice("on", _l("Yes, e-mail me when I have new mail")),
        SelectChoice("off", _l("No, I do not want e-mails")),
    ])
    email = StringField(_l("E-mail address for alerts (optional)"))
    helper_email = StringField(_l("E-mail address of someone who helps you (optional)"))
