"""Settings forms: the paper choices (the postal address form is portal/paper/forms.py)."""

from __future__ import annotations

from portal.forms import Form


class PaperForm(Form):
    """Radio buttons and checkboxes are written out in templates/settings/paper.html (a fieldset each)."""
