"""Messages, their PDF attachments, the append-only event history, and sender contact details."""

import peewee as pw


def up(db: pw.Database) -> None:
    # Plain ADD COLUMN: peewee's add_column with a default rebuilds the table on SQLite, and dropping the old
    # table would run ON DELETE CASCADE on the rows that point at organisations.
    db.execute_sql("""ALTER TABLE "organisation" ADD COLUMN "phone" VARCHAR(40) NOT NULL DEFAULT ''""")
    db.execute_sql("""ALTER TABLE "organisation" ADD COLUMN "website" VARCHAR(200) NOT NULL DEFAULT ''""")

    class Base(pw.Model):
        class Meta:
            database = db
            legacy_table_names = False

    class Organisation(Base):
        slug = pw.CharField(max_length=50, unique=True)

    class Account(Base):
        email = pw.CharField(max_length=254, unique=True)

    class Citizen(Base):
        bsn = pw.CharField(max_length=9, unique=True)

    class Message(Base):
        public_id = pw.CharField(max_length=32, unique=True)
        organisation = pw.ForeignKeyField(Organisation)
        recipient = pw.ForeignKeyField(Citizen)
        reference = pw.CharField(max_length=100, default="")
        message_type = pw.CharField(max_length=100)
        subject_nl = pw.CharField(max_length=200)
        subject_en = pw.CharField(max_length=200, null=True)
        summary_nl = pw.TextField()
        summary_en = pw.TextField(null=True)
        action_nl = pw.TextField(default="")
        action_en = pw.TextField(null=True)
        body_nl = pw.TextField()
        body_en = pw.TextField(null=True)
        deadline = pw.DateField(null=True)
        deadline_kind = pw.CharField(max_length=20, null=True)
        delivered_at = pw.DateTimeField()
        first_opened_at = pw.DateTimeField(null=True)
        done_at = pw.DateTimeField(null=True)
        archived_at = pw.DateTimeField(null=True)
        deleted_at = pw.DateTimeField(null=True)

        class Meta:
            indexes = (
                (("recipient", "delivered_at"), False),
                (("recipient", "deadline"), False),
            )

    class Attachment(Base):
        message = pw.ForeignKeyField(Message, on_delete="CASCADE")
        filename = pw.CharField(max_length=200)
        content_type = pw.CharField(max_length=100, default="application/pdf")
        size = pw.IntegerField()
        sha256 = pw.CharField(max_length=64)
        data = pw.BlobField()

    class Event(Base):
        message = pw.ForeignKeyField(Message, null=True, on_delete="CASCADE")
        citizen = pw.ForeignKeyField(Citizen, null=True, on_delete="CASCADE")
        actor = pw.ForeignKeyField(Account, null=True, on_delete="SET NULL")
        kind = pw.CharField(max_length=40)
        at = pw.DateTimeField()
        detail = pw.TextField(default="")

        class Meta:
            indexes = (
                (("message", "at"), False),
                (("citizen", "at"), False),
            )

    db.create_tables([Message, Attachment, Event])
