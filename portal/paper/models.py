"""Paper (m0030, m0031): per-organisation paper choices, paper requests and print batches.

PrintBatch is here, not in portal/printing: PaperRequest.batch is a foreign key to it, and printing depends on
paper, never the other way round."""

from __future__ import annotations

from peewee import CharField, DateTimeField, ForeignKeyField, IntegerField, TextField

from portal.db import BaseModel
from portal.models import Account, Citizen, Message, Organisation


class PaperPreference(BaseModel):
    """"Always on paper from this organisation": one row per citizen and organisation."""

    citizen = ForeignKeyField(Citizen, backref="paper_preferences", on_delete="CASCADE")
    organisation = ForeignKeyField(Organisation, on_delete="CASCADE")
    created_at = DateTimeField()

    class Meta:
        indexes = ((("citizen", "organisation"), True),)


PRINT_BATCH_STATES = ("printing", "ready", "posted")


class PrintBatch(BaseModel):
    """One print run: a combined PDF and a manifest CSV in `directory`; `printing` until every letter is there."""

    status = CharField(max_length=10, default="printing")
    created_at = DateTimeField()
    ready_at = DateTimeField(null=True)
    posted_at = DateTimeField(null=True)
    letter_count = IntegerField(default=0)
    page_count = IntegerField(null=True)
    directory = TextField(default="")


PAPER_STATES = ("requested", "batched", "posted", "cancelled")
PAPER_OPEN_STATES = ("requested", "batched")
REQUESTERS = ("citizen", "helper", "sender", "policy", "safety_net")


class PaperRequest(BaseModel):
    """A message to print and post. `requested -> batched -> posted`, or `cancelled` before batching.

    At most one open (requested or batched) request per message: a partial unique index on message_id
    WHERE status IN ('requested', 'batched') (m0031) makes the database refuse a second one.
    The address is a snapshot, updated while the request is still `requested`.
    """

    message = ForeignKeyField(Message, backref="paper_requests", on_delete="CASCADE")
    citizen = ForeignKeyField(Citizen, on_delete="CASCADE")
    status = CharField(max_length=10, default="requested")
    requested_by = CharField(max_length=10)  # citizen | helper | sender | policy | safety_net
    reason = CharField(max_length=40, default="")  # button, all_mail, organisation, no_inbox, print_if_unread, …
    actor = ForeignKeyField(Account, null=True, on_delete="SET NULL")
    requested_at = DateTimeField()
    address_name = CharField(max_length=100)
    address_street = CharField(max_length=100)
    address_house_number = CharField(max_length=5)
    address_addition = CharField(max_length=6, default="")
    address_postcode = CharField(max_length=7)
    address_city = CharField(max_length=80)
    batch = ForeignKeyField(PrintBatch, null=True, backref="requests", on_delete="SET NULL")
    batch_position = IntegerField(null=True)
    batched_at = DateTimeField(null=True)
    posted_at = DateTimeField(null=True)
    cancelled_at = DateTimeField(null=True)

    class Meta:
        indexes = (
            (("status", "id"), False),  # the next batch collects requested ones in order
            (("batch", "batch_position"), False),
        )

    @property
    def is_open(self) -> bool:
        return self.status in PAPER_OPEN_STATES


PaperRequest.add_index(PaperRequest.index(
    PaperRequest.message, unique=True, name="paper_request_one_open_per_message",
    where=PaperRequest.status.in_(PAPER_OPEN_STATES),
))
