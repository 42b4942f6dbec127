"""The public statistics' one table (m0095, m0107): per organisation, message type and Dutch delivery day, the counts
the public pages show. Filled by the daily roll-up (portal/statistics/rollup.py); the pages read only this."""

from __future__ import annotations

from peewee import CharField, DateField, DateTimeField, ForeignKeyField, IntegerField

from portal.db import BaseModel
from portal.models import Organisation

# Time to the first opening, counted in buckets so a month's median comes from sums, never from the messages:
# (column, upper bound in hours). A message opened later than the last bound counts in `open_later`.
OPEN_BUCKETS = (("open_1h", 1), ("open_4h", 4), ("open_12h", 12), ("open_1d", 24), ("open_2d", 48),
                ("open_3d", 72), ("open_7d", 168), ("open_14d", 336), ("open_30d", 720))
COUNTS = ("delivered", "opened_soon", "with_deadline", "opened_before_deadline", "deadline_passed",
          "unopened_at_deadline", "paper_citizen", "paper_helper", "paper_sender", "paper_policy",
          "paper_safety_net")


class StatisticsDay(BaseModel):
    """Counts of one organisation's live messages of one type delivered on one Dutch calendar day."""

    organisation = ForeignKeyField(Organisation, on_delete="CASCADE")
    message_type = CharField(max_length=100)
    day = DateField()  # the Dutch calendar day of delivery
    month = CharField(max_length=7)  # "2027-01": the day's month, so a month is one GROUP BY
    delivered = IntegerField(default=0)
    opened_soon = IntegerField(default=0)  # first opened at most 72 hours after delivery
    with_deadline = IntegerField(default=0)
    opened_before_deadline = IntegerField(default=0)  # first opened on a Dutch day before the deadline date
    deadline_passed = IntegerField(default=0)  # deadline date reached when the roll-up ran
    unopened_at_deadline = IntegerField(default=0)  # of those: not opened before the deadline date
    paper_citizen = IntegerField(default=0)  # paper copies, by who asked first (cancelled ones not counted)
    paper_helper = IntegerField(default=0)
    paper_sender = IntegerField(default=0)
    paper_policy = IntegerField(default=0)
    paper_safety_net = IntegerField(default=0)  # m0107: the portal's own safety net (portal/safetynet)
    open_1h = IntegerField(default=0)
    open_4h = IntegerField(default=0)
    open_12h = IntegerField(default=0)
    open_1d = IntegerField(default=0)
    open_2d = IntegerField(default=0)
    open_3d = IntegerField(default=0)
    open_7d = IntegerField(default=0)
    open_14d = IntegerField(default=0)
    open_30d = IntegerField(default=0)
    open_later = IntegerField(default=0)

    class Meta:
        indexes = (
            (("organisation", "message_type", "day"), True),
            (("month", "organisation"), False),
            (("day",), False),
        )


class StatisticsRun(BaseModel):
    """One roll-up (m0108), written in its transaction: the pages' cached months are good until a newer one."""

    ran_at = DateTimeField()
    since = DateField()  # the first Dutch day it recomputed
    rows = IntegerField()
    token = CharField(max_length=32)  # random: tells runs apart even where ids start again (an emptied table)

    @classmethod
    def latest(cls) -> tuple | None:
        """(id, token) of the newest run, or None."""
        return cls.select(cls.id, cls.token).order_by(cls.id.desc()).limit(1).tuples().first()
