"""The postal address form. The fields only carry what was typed; the rules (and their messages) are in
portal/paper/addresses.py, so the paper address page and the settings page check an address the same way."""

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
