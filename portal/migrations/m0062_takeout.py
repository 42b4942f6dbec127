"""Take-out: "download all my mail" as a ZIP, built at once or by the worker, kept 24 hours."""

import peewee as pw


def up(db: pw.Database) -> None:
    class Base(pw.Model):
        class Meta:
            database = db
            legacy_table_names = False

    class Account(Base):
        email = pw.CharField(max_length=254, unique=True, null=True)

    class Citizen(Base):
        bsn = pw.CharField(max_length=9, unique=True)

    class TakeoutJob(Base):
        public_id = pw.CharField(max_length=32, unique=True)
        citizen = pw.ForeignKeyField(Citizen, on_delete="CASCADE")
        requested_by = pw.ForeignKeyField(Account, null=True, on_delete="SET NULL")
        status = pw.CharField(max_length=10, default="queued")
        total = pw.IntegerField(default=0)
        done = pw.IntegerField(default=0)
        path = pw.TextField(default="")
        size = pw.IntegerField(null=True)
        created_at = pw.DateTimeField()
        finished_at = pw.DateTimeField(null=True)
        expires_at = pw.DateTimeField(index=True)

    db.create_tables([TakeoutJob])
