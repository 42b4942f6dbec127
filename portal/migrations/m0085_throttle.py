"""Log-in, password-reset and invitation-code limits (portal/auth/throttle.py): one counter row per key, with
the moment the next attempt may come and the moment the count is forgotten. It replaces login_failure (a row
per failure, counted per e-mail address alone), whose rows are only an hour's worth of counts."""

import peewee as pw


def up(db: pw.Database) -> None:
    class Throttle(pw.Model):
        key_hash = pw.CharField(max_length=64, unique=True)
        attempts = pw.IntegerField(default=0)
        wait_until = pw.DateTimeField()
        forget_at = pw.DateTimeField(index=True)

        class Meta:
            database = db
            legacy_table_names = False

    db.create_tables([Throttle])
    db.execute_sql('DROP TABLE IF EXISTS "login_failure"')
