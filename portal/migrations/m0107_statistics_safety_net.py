"""The public statistics count paper copies the safety net asked for (portal/safetynet: a deadline letter
printed for a citizen who has gone quiet) in a column of their own. Days rolled up before have 0 there until
the next roll-up recomputes them (the daily run does the last two months; `portal statistics rollup --since`
back-fills)."""

import peewee as pw


def up(db: pw.Database) -> None:
    db.execute_sql('ALTER TABLE "statistics_day" ADD COLUMN "paper_safety_net" INTEGER NOT NULL DEFAULT 0')
