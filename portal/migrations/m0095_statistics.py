"""The public statistics' aggregate (portal/statistics): per organisation, message type and Dutch delivery
day, the counts the public pages show."""

import peewee as pw


def up(db: pw.Database) -> None:
    class Organisation(pw.Model):
        class Meta:
            database = db
            legacy_table_names = False

    class StatisticsDay(pw.Model):
        organisation = pw.ForeignKeyField(Organisation, on_delete="CASCADE")
        message_type = pw.CharField(max_length=100)
        day = pw.DateField()
        month = pw.CharField(max_length=7)
        delivered = pw.IntegerField(default=0)
        opened_soon = pw.IntegerField(default=0)
        with_deadline = pw.IntegerField(default=0)
        opened_before_deadline = pw.IntegerField(default=0)
        deadline_passed = pw.IntegerField(default=0)
        unopened_at_deadline = pw.IntegerField(default=0)
        paper_citizen = pw.IntegerField(default=0)
        paper_helper = pw.IntegerField(default=0)
        paper_sender = pw.IntegerField(default=0)
        paper_policy = pw.IntegerField(default=0)
        open_1h = pw.IntegerField(default=0)
        open_4h = pw.IntegerField(default=0)
        open_12h = pw.IntegerField(default=0)
        open_1d = pw.IntegerField(default=0)
        open_2d = pw.IntegerField(default=0)
        open_3d = pw.IntegerField(default=0)
        open_7d = pw.IntegerField(default=0)
        open_14d = pw.IntegerField(default=0)
        open_30d = pw.IntegerField(default=0)
        open_later = pw.IntegerField(default=0)

        class Meta:
            database = db
            legacy_table_names = False
            indexes = (
                (("organisation", "message_type", "day"), True),
                (("month", "organisation"), False),
                (("day",), False),
            )

    db.create_tables([StatisticsDay])
