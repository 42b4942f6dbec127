"""Assisted access: a citizen's authorisation for a helper (invited by e-mail with a single-use code)."""

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

    class Delegation(Base):
        citizen = pw.ForeignKeyField(Citizen, on_delete="CASCADE")
        helper = pw.ForeignKeyField(Account, null=True, on_delete="CASCADE")
        invited_email = pw.CharField(max_length=254)
        scope = pw.CharField(max_length=12)
        valid_until = pw.DateTimeField()
        code_hash = pw.CharField(max_length=64, unique=True)
        code_expires_at = pw.DateTimeField()
        created_at = pw.DateTimeField()
        accepted_at = pw.DateTimeField(null=True)
        revoked_at = pw.DateTimeField(null=True)
        revoked_by = pw.ForeignKeyField(Account, null=True, on_delete="SET NULL", backref="+")

    db.create_tables([Delegation])
