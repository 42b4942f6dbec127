"""Accounts, server-side sessions, log-in failures, password resets, organisations, citizens."""

import peewee as pw


def up(db: pw.Database) -> None:
    class Base(pw.Model):
        class Meta:
            database = db
            legacy_table_names = False

    class Account(Base):
        email = pw.CharField(max_length=254, unique=True)
        password_hash = pw.CharField(max_length=200)
        name = pw.CharField(max_length=200)
        language = pw.CharField(max_length=2, default="nl")
        role = pw.CharField(max_length=10)
        created_at = pw.DateTimeField()

    class Session(Base):
        public_id = pw.CharField(max_length=32, unique=True)
        token_hash = pw.CharField(max_length=64, unique=True)
        account = pw.ForeignKeyField(Account, on_delete="CASCADE")
        created_at = pw.DateTimeField()
        last_seen_at = pw.DateTimeField()
        user_agent = pw.CharField(max_length=200, default="")

    class LoginFailure(Base):
        email_hash = pw.CharField(max_length=64, index=True)
        at = pw.DateTimeField(index=True)

    class PasswordReset(Base):
        token_hash = pw.CharField(max_length=64, unique=True)
        account = pw.ForeignKeyField(Account, on_delete="CASCADE")
        created_at = pw.DateTimeField()
        expires_at = pw.DateTimeField()
        used_at = pw.DateTimeField(null=True)

    class Organisation(Base):
        slug = pw.CharField(max_length=50, unique=True)
        name_nl = pw.CharField(max_length=200)
        name_en = pw.CharField(max_length=200)
        created_at = pw.DateTimeField()

    class Citizen(Base):
        account = pw.ForeignKeyField(Account, unique=True, on_delete="CASCADE")
        bsn = pw.CharField(max_length=9, unique=True)
        created_at = pw.DateTimeField()

    class SenderUser(Base):
        account = pw.ForeignKeyField(Account, unique=True, on_delete="CASCADE")
        organisation = pw.ForeignKeyField(Organisation, on_delete="CASCADE")

    db.create_tables([Account, Session, LoginFailure, PasswordReset, Organisation, Citizen, SenderUser])
