"""The caseload's daily alert e-mail to staff: one row per staff member and day (portal/caseload)."""

import peewee as pw


def up(db: pw.Database) -> None:
    class Base(pw.Model):
        class Meta:
            database = db
            legacy_table_names = False

    class Account(Base):
        email = pw.CharField(max_length=254, unique=True)

    class CaseloadDigest(Base):
        account = pw.ForeignKeyField(Account, on_delete="CASCADE")
        day = pw.DateField()
        letters = pw.IntegerField()
        sent_at = pw.DateTimeField()

        class Meta:
            indexes = ((("account", "day"), True),)

    db.create_tables([CaseloadDigest])
