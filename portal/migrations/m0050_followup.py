"""Follow-up: citizens' alert settings, organisations' default follow-up policies, and the outbox (one row per
e-mail or follow-up step, unique by key, so a restarted worker never makes a second one)."""

import peewee as pw


def up(db: pw.Database) -> None:
    class Base(pw.Model):
        class Meta:
            database = db
            legacy_table_names = False

    class Organisation(Base):
        slug = pw.CharField(max_length=50, unique=True)

    class Citizen(Base):
        bsn = pw.CharField(max_length=9, unique=True)

    class Message(Base):
        public_id = pw.CharField(max_length=32, unique=True)

    class AlertSetting(Base):
        citizen = pw.ForeignKeyField(Citizen, unique=True, on_delete="CASCADE")
        enabled = pw.BooleanField(default=True)
        email = pw.CharField(max_length=254, default="")
        helper_email = pw.CharField(max_length=254, default="")
        problem = pw.CharField(max_length=10, default="")
        problem_address = pw.CharField(max_length=254, default="")
        problem_at = pw.DateTimeField(null=True)
        updated_at = pw.DateTimeField()

    class OrganisationPolicy(Base):
        organisation = pw.ForeignKeyField(Organisation, unique=True, on_delete="CASCADE")
        policy = pw.TextField()
        updated_at = pw.DateTimeField()

    class Outbox(Base):
        key = pw.CharField(max_length=120, unique=True)
        kind = pw.CharField(max_length=20)
        message = pw.ForeignKeyField(Message, null=True, on_delete="CASCADE")
        citizen = pw.ForeignKeyField(Citizen, null=True, on_delete="CASCADE")
        detail = pw.TextField(default="")
        status = pw.CharField(max_length=10, default="pending")
        due_at = pw.DateTimeField()
        attempts = pw.IntegerField(default=0)
        claimed_at = pw.DateTimeField(null=True)
        claimed_by = pw.CharField(max_length=64, default="")
        done_at = pw.DateTimeField(null=True)
        last_error = pw.CharField(max_length=200, default="")
        mail_id = pw.CharField(max_length=100, default="")
        sent_with = pw.IntegerField(null=True)
        created_at = pw.DateTimeField()

        class Meta:
            table_name = "outbox"
            indexes = ((("status", "due_at"), False), (("citizen", "kind", "status"), False))

    db.create_tables([AlertSetting, OrganisationPolicy, Outbox])
