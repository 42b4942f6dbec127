"""The sender API: keys (hash only), idempotency records, per-key rate windows, and message columns for
test messages, the channel chosen at delivery, follow-up policy, readability scores and the key that sent it."""

import peewee as pw
from playhouse.migrate import SchemaMigrator, migrate


def up(db: pw.Database) -> None:
    class Base(pw.Model):
        class Meta:
            database = db
            legacy_table_names = False

    class Organisation(Base):
        slug = pw.CharField(max_length=50, unique=True)

    class ApiKey(Base):
        organisation = pw.ForeignKeyField(Organisation, on_delete="CASCADE")
        name = pw.CharField(max_length=100, default="")
        kind = pw.CharField(max_length=4)
        prefix = pw.CharField(max_length=20)
        key_hash = pw.CharField(max_length=64, unique=True)
        created_at = pw.DateTimeField()
        last_used_at = pw.DateTimeField(null=True)
        revoked_at = pw.DateTimeField(null=True)

    class IdempotencyRecord(Base):
        organisation = pw.ForeignKeyField(Organisation, on_delete="CASCADE")
        key = pw.CharField(max_length=255)
        request_hash = pw.CharField(max_length=64)
        status = pw.CharField(max_length=12)
        response_status = pw.IntegerField(null=True)
        response_body = pw.TextField(null=True)
        created_at = pw.DateTimeField(index=True)

        class Meta:
            indexes = ((("organisation", "key"), True),)

    class ApiRateWindow(Base):
        api_key = pw.ForeignKeyField(ApiKey, on_delete="CASCADE")
        bucket = pw.CharField(max_length=10)
        window = pw.BigIntegerField()
        count = pw.IntegerField(default=0)

        class Meta:
            indexes = ((("api_key", "bucket", "window"), True),)

    db.create_tables([ApiKey, IdempotencyRecord, ApiRateWindow])

    # Added by hand: peewee adds a NOT NULL column with a default by rebuilding the table on SQLite, and
    # dropping the old table would run ON DELETE CASCADE on attachments and events. ALTER TABLE ADD COLUMN
    # with NOT NULL DEFAULT is plain SQL on both databases and keeps every row.
    false = "false" if isinstance(db, pw.PostgresqlDatabase) else "0"
    kind = "BOOLEAN" if isinstance(db, pw.PostgresqlDatabase) else "INTEGER"
    db.execute_sql(f'ALTER TABLE "message" ADD COLUMN "is_test" {kind} NOT NULL DEFAULT {false}')
    db.execute_sql("""ALTER TABLE "message" ADD COLUMN "channel" VARCHAR(8) NOT NULL DEFAULT 'digital'""")
    migrator = SchemaMigrator.from_database(db)
    migrate(
        migrator.add_column("message", "policy", pw.TextField(null=True)),
        migrator.add_column("message", "readability_nl", pw.FloatField(null=True)),
        migrator.add_column("message", "readability_en", pw.FloatField(null=True)),
        migrator.add_column(
            "message", "api_key_id",
            pw.ForeignKeyField(ApiKey, null=True, field=ApiKey.id, on_delete="SET NULL"),
        ),
        # The sender's lists and statistics read an organisation's messages by time and by type.
        migrator.add_index("message", ("organisation_id", "delivered_at"), False),
        migrator.add_index("message", ("organisation_id", "message_type", "delivered_at"), False),
        migrator.add_index("message", ("organisation_id", "deadline"), False),
    )
