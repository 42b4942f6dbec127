"""The welcome-back answer and the alert-address confirmation."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import RadioField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired

from portal.forms import Form


class WelcomeBackForm(Form):
    choice = RadioField(_l("How do you want to get your mail?"), validators=[
        InputRequired(_l("Choose whether you want to keep paper or go back to digital"))], choices=[
        SelectChoice("digital", _l("Back to digital: my mail only in my inbox")),
        SelectChoice("paper", _l("Keep paper: all my mail also by post")),
    ])


class ConfirmForm(Form):
    """Only the CSRF token: the button says it all."""
