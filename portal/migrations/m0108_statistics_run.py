"""One row per statistics roll-up (portal/statistics/rollup.py): when it ran and from which day. The pages
keep the months they worked out until a newer roll-up has run (one indexed look-up a request instead of
summing the aggregate again), and say when the figures were counted."""

import peewee as pw


def up(db: pw.Database) -> None:
    class StatisticsRun(pw.Model):
        ran_at = pw.DateTimeField()
        since = pw.DateField()
        rows = pw.IntegerField()
        token = pw.CharField(max_length=32)

        class Meta:
            database = db
            legacy_table_names = False

    db.create_tables([StatisticsRun])
