"""The dashboard's form for a new subscription. The rules are in portal/webhooks/services.py."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.widgets import CheckboxInput, ListWidget

from portal.forms import Form
from portal.webhooks import events

# The dashboard's words for the service's problem codes.
PROBLEMS = {
    ("url", "missing"): _l("Enter the address of your system's endpoint, like https://example.nl/webhooks"),
    ("url", "too_long"): _l("The address can be at most 500 characters long"),
    ("url", "malformed"): _l("Enter a web address in the right format, like https://example.nl/webhooks"),
    ("url", "scheme"): _l("The address must start with https://"),
    ("url", "credentials"): _l("Leave the user name and password out of the address"),
    ("events", "unknown"): _l("Choose events from the list"),
    ("events", "too_many"): _l("Your organisation has the most subscriptions it can have. Delete one first."),
}

EVENT_LABELS = {
    "message.delivered": _l("Delivered"),
    "message.opened": _l("Opened for the first time"),
    "message.done": _l("Marked as done by the citizen"),
    "message.paper_requested": _l("Paper copy requested"),
    "message.paper_posted": _l("Paper copy posted"),
    "message.paper_late": _l("Paper copy may arrive too late"),
    "message.reminded": _l("Reminder sent"),
    "message.alert_bounced": _l("E-mail alert did not arrive"),
    "message.deadline_passed": _l("Deadline passed without reaction"),
    "message.deadline_changed": _l("Deadline moved"),
    "message.removed": _l("Message removed"),
    "citizen.channel_changed": _l("Citizen now gets mail on paper, or digitally again"),
}


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class WebhookForm(Form):
    url = StringField(_l("Address of the endpoint"))
    events = MultiCheckboxField(_l("Events"), validate_choice=False,
                                choices=[SelectChoice(name, EVENT_LABELS[name]) for name in events.TYPES])
    kind = RadioField(_l("Which messages?"), default="live", choices=[
        SelectChoice("live", _l("Live: the messages your live keys send")),
        SelectChoice("test", _l("Test: only the messages your test keys send")),
    ], validate_choice=False)
