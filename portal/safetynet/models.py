"""Safety net tables (m0110): a quiet inbox switched to paper, and when a citizen last confirmed their alert
address. Plus the index on Account.last_login_at that the quiet-inbox rule reads (the column is core, m0100;
the index is ours, so it is declared here)."""

from __future__ import annotations

from peewee import CharField, DateTimeField, ForeignKeyField

from portal.db import BaseModel
from portal.models import Account, Citizen, Message

SWITCH_REASONS = ("no_login", "unopened_in_a_row")
ANSWERS = ("", "paper", "digital")


class ChannelSwitch(BaseModel):
    """The portal moved a quiet citizen to paper for everything. Open (answered_at null) until the citizen,
    back at a log-in, chose "keep paper" or "back to digital"; at most one open per citizen (partial index)."""

    citizen = ForeignKeyField(Citizen, backref="channel_switches", on_delete="CASCADE")
    reason = CharField(max_length=20)  # no_login | unopened_in_a_row
    switched_at = DateTimeField()
    letter = ForeignKeyField(Message, null=True, on_delete="SET NULL")  # the explanation letter
    answered_at = DateTimeField(null=True)
    answer = CharField(max_length=8, default="")  # "" | paper | digital

    class Meta:
        table_name = "safety_net_switch"
        indexes = ((("citizen", "switched_at"), False),)


ChannelSwitch.add_index(ChannelSwitch.index(
    ChannelSwitch.citizen, unique=True, name="safety_net_switch_one_open", where=ChannelSwitch.answered_at.is_null()))


class AlertConfirmation(BaseModel):
    """When the citizen last showed that their alert address works (or, without one, that they accept that):
    the confirm button at log-in, or a log-in after an alert was sent to it."""

    citizen = ForeignKeyField(Citizen, unique=True, on_delete="CASCADE")
    address = CharField(max_length=254, default="")  # "": no alert address (alerts off, or none known)
    confirmed_at = DateTimeField()

    class Meta:
        table_name = "alert_confirmation"


Account.add_index(Account.index(Account.last_login_at, name="account_last_login"))
