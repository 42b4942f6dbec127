"""Webhooks: senders' subscriptions, the deliveries to them (the webhook outbox) and deadline changes."""

import peewee as pw


def up(db: pw.Database) -> None:
    class Base(pw.Model):
        class Meta:
            database = db
            legacy_table_names = False

    class Organisation(Base):
        slug = pw.CharField(max_length=50, unique=True)

    class Message(Base):
        public_id = pw.CharField(max_length=32, unique=True)

    class ApiKey(Base):
        key_hash = pw.CharField(max_length=64, unique=True)

    class WebhookSubscription(Base):
        public_id = pw.CharField(max_length=32, unique=True)
        organisation = pw.ForeignKeyField(Organisation, on_delete="CASCADE")
        url = pw.CharField(max_length=500)
        events = pw.TextField(default="")
        is_test = pw.BooleanField(default=False)
        enabled = pw.BooleanField(default=True)
        secret = pw.CharField(max_length=100)
        old_secret = pw.CharField(max_length=100, default="")
        old_secret_until = pw.DateTimeField(null=True)
        created_at = pw.DateTimeField()
        updated_at = pw.DateTimeField()

        class Meta:
            indexes = ((("organisation", "is_test", "enabled"), False),)

    class WebhookDelivery(Base):
        public_id = pw.CharField(max_length=40, unique=True)
        subscription = pw.ForeignKeyField(WebhookSubscription, on_delete="CASCADE")
        organisation = pw.ForeignKeyField(Organisation, on_delete="CASCADE")
        message = pw.ForeignKeyField(Message, null=True, on_delete="SET NULL")
        event_type = pw.CharField(max_length=40)
        body = pw.TextField()
        status = pw.CharField(max_length=10, default="pending")
        due_at = pw.DateTimeField()
        attempts = pw.IntegerField(default=0)
        claimed_at = pw.DateTimeField(null=True)
        claimed_by = pw.CharField(max_length=64, default="")
        last_status = pw.IntegerField(null=True)
        last_answer = pw.CharField(max_length=200, default="")
        last_attempt_at = pw.DateTimeField(null=True)
        done_at = pw.DateTimeField(null=True)
        created_at = pw.DateTimeField()

        class Meta:
            indexes = (
                (("status", "due_at"), False),
                (("organisation", "status"), False),
                (("subscription", "created_at"), False),
            )

    class DeadlineChange(Base):
        message = pw.ForeignKeyField(Message, on_delete="CASCADE")
        previous = pw.DateField()
        deadline = pw.DateField()
        reason = pw.TextField()
        api_key = pw.ForeignKeyField(ApiKey, null=True, on_delete="SET NULL")
        changed_at = pw.DateTimeField()

        class Meta:
            indexes = ((("message", "changed_at"), False),)

    db.create_tables([WebhookSubscription, WebhookDelivery, DeadlineChange])
