"""Helper organisations, staff, organisation authorisations and assignments (portal/caseload)."""

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

    class HelperOrganisation(Base):
        slug = pw.CharField(max_length=50, unique=True)
        name = pw.CharField(max_length=200)
        created_at = pw.DateTimeField()

    class HelperStaff(Base):
        organisation = pw.ForeignKeyField(HelperOrganisation, on_delete="CASCADE")
        account = pw.ForeignKeyField(Account, on_delete="CASCADE")
        role = pw.CharField(max_length=12)
        added_at = pw.DateTimeField()
        removed_at = pw.DateTimeField(null=True)

        class Meta:
            indexes = ((("organisation", "account"), True), (("account", "removed_at"), False))

    class OrgAuthorisation(Base):
        citizen = pw.ForeignKeyField(Citizen, on_delete="CASCADE")
        organisation = pw.ForeignKeyField(HelperOrganisation, on_delete="CASCADE")
        scope = pw.CharField(max_length=12)
        valid_until = pw.DateTimeField()
        created_at = pw.DateTimeField()
        created_by = pw.ForeignKeyField(Account, null=True, on_delete="SET NULL")
        court_reference = pw.CharField(max_length=100, null=True)
        court_decided_on = pw.DateField(null=True)
        ended_at = pw.DateTimeField(null=True)
        ended_by = pw.ForeignKeyField(Account, null=True, on_delete="SET NULL")
        end_reason = pw.TextField(default="")

        class Meta:
            indexes = ((("organisation", "ended_at", "valid_until"), False), (("citizen", "ended_at"), False))

    class Assignment(Base):
        authorisation = pw.ForeignKeyField(OrgAuthorisation, on_delete="CASCADE")
        staff = pw.ForeignKeyField(HelperStaff, on_delete="CASCADE")
        assigned_at = pw.DateTimeField()

        class Meta:
            indexes = ((("authorisation", "staff"), True), (("staff", "authorisation"), False))

    db.create_tables([HelperOrganisation, HelperStaff, OrgAuthorisation, Assignment])
