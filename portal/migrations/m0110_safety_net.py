"""The safety net (portal/safetynet): quiet inboxes switched to paper, alert address confirmations, and an
index on account.last_login_at for the quiet-inbox rule."""

import peewee as pw


def up(db: pw.Database) -> None:
    class Base(pw.Model):
        class Meta:
            database = db
            legacy_table_names = False

    class Account(Base):
        email = pw.CharField(max_length=254, unique=True)

    class Citizen(Base):
        bsn = pw.CharField(max_length=9, unique=True)

    class Message(Base):
        public_id = pw.CharField(max_length=32, unique=True)

    class ChannelSwitch(Base):
        citizen = pw.ForeignKeyField(Citizen, on_delete="CASCADE")
        reason = pw.CharField(max_length=20)
        switched_at = pw.DateTimeField()
        letter = pw.ForeignKeyField(Message, null=True, on_delete="SET NULL")
        answered_at = pw.DateTimeField(null=True)
        answer = pw.CharField(max_length=8, default="")

        class Meta:
            table_name = "safety_net_switch"
            indexes = ((("citizen", "switched_at"), False),)

    class AlertConfirmation(Base):
        citizen = pw.ForeignKeyField(Citizen, unique=True, on_delete="CASCADE")
        address = pw.CharField(max_length=254, default="")
        confirmed_at = pw.DateTimeField()

        class Meta:
            table_name = "alert_confirmation"

    db.create_tables([ChannelSwitch, AlertConfirmation])
    db.execute_sql('CREATE UNIQUE INDEX "safety_net_switch_one_open" ON "safety_net_switch" ("citizen_id") '
                   'WHERE "answered_at" IS NULL')
    db.execute_sql('CREATE INDEX "account_last_login" ON "account" ("last_login_at")')
