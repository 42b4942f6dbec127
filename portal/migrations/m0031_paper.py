"""Paper: per-organisation paper choices, paper requests (at most one open per message, enforced by a partial
unique index) and print batches."""

import peewee as pw


def up(db: pw.Database) -> None:
    class Base(pw.Model):
        class Meta:
            database = db
            legacy_table_names = False

    class Account(Base):
        email = pw.CharField(max_length=254, unique=True, null=True)

    class Organisation(Base):
        slug = pw.CharField(max_length=50, unique=True)

    class Citizen(Base):
        bsn = pw.CharField(max_length=9, unique=True)

    class Message(Base):
        public_id = pw.CharField(max_length=32, unique=True)

    class PaperPreference(Base):
        citizen = pw.ForeignKeyField(Citizen, on_delete="CASCADE")
        organisation = pw.ForeignKeyField(Organisation, on_delete="CASCADE")
        created_at = pw.DateTimeField()

        class Meta:
            indexes = ((("citizen", "organisation"), True),)

    class PrintBatch(Base):
        status = pw.CharField(max_length=10, default="printing")
        created_at = pw.DateTimeField()
        ready_at = pw.DateTimeField(null=True)
        posted_at = pw.DateTimeField(null=True)
        letter_count = pw.IntegerField(default=0)
        page_count = pw.IntegerField(null=True)
        directory = pw.TextField(default="")

    class PaperRequest(Base):
        message = pw.ForeignKeyField(Message, on_delete="CASCADE")
        citizen = pw.ForeignKeyField(Citizen, on_delete="CASCADE")
        status = pw.CharField(max_length=10, default="requested")
        requested_by = pw.CharField(max_length=10)
        reason = pw.CharField(max_length=40, default="")
        actor = pw.ForeignKeyField(Account, null=True, on_delete="SET NULL")
        requested_at = pw.DateTimeField()
        address_name = pw.CharField(max_length=100)
        address_street = pw.CharField(max_length=100)
        address_house_number = pw.CharField(max_length=5)
        address_addition = pw.CharField(max_length=6, default="")
        address_postcode = pw.CharField(max_length=7)
        address_city = pw.CharField(max_length=80)
        batch = pw.ForeignKeyField(PrintBatch, null=True, on_delete="SET NULL")
        batch_position = pw.IntegerField(null=True)
        batched_at = pw.DateTimeField(null=True)
        posted_at = pw.DateTimeField(null=True)
        cancelled_at = pw.DateTimeField(null=True)

        class Meta:
            indexes = (
                (("status", "id"), False),  # the next batch collects requested ones in order
                (("batch", "batch_position"), False),
            )

    db.create_tables([PaperPreference, PrintBatch, PaperRequest])
    # The rule "at most one open request per message" lives in the database, so two concurrent clicks (or
    # a click and a sender's API call) cannot both insert one: SQLite and PostgreSQL both have partial indexes.
    db.execute_sql(
        'CREATE UNIQUE INDEX "paper_request_one_open_per_message" ON "paper_request" ("message_id") '
        "WHERE \"status\" IN ('requested', 'batched')"
    )
