"""The text of a form sent after the session ended, kept for an hour so it can be filled in again after
logging in (WCAG 2.2.5). The cookie holds a random token; only its hash is stored."""

import peewee as pw


def up(db: pw.Database) -> None:
    class KeptForm(pw.Model):
        token_hash = pw.CharField(max_length=64, unique=True)
        path = pw.CharField(max_length=500)
        data = pw.TextField()
        created_at = pw.DateTimeField(index=True)

        class Meta:
            database = db
            legacy_table_names = False

    db.create_tables([KeptForm])
