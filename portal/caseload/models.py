"""Helper organisations, their staff, citizens' authorisations of an organisation and who handles whom (m0105)."""

from __future__ import annotations

from peewee import CharField, DateField, DateTimeField, ForeignKeyField, IntegerField, TextField

from portal.db import BaseModel
from portal.models import Account, Citizen

STAFF_ROLES = ("staff", "coordinator")


class HelperOrganisation(BaseModel):
    """A guardianship office, a debt-counselling team, a library help desk: helpers who work for many clients."""

    slug = CharField(max_length=50, unique=True)
    name = CharField(max_length=200)
    created_at = DateTimeField()


class HelperStaff(BaseModel):
    """An account's membership of a helper organisation; `removed_at` set: left, no access from that moment."""

    organisation = ForeignKeyField(HelperOrganisation, backref="staff", on_delete="CASCADE")
    account = ForeignKeyField(Account, backref="helper_staff", on_delete="CASCADE")
    role = CharField(max_length=12)  # a value of STAFF_ROLES
    added_at = DateTimeField()
    removed_at = DateTimeField(null=True)

    class Meta:
        indexes = ((("organisation", "account"), True), (("account", "removed_at"), False))


class OrgAuthorisation(BaseModel):
    """A citizen's authorisation of a whole organisation, with a scope (helpers.models.DELEGATION_SCOPES) and an
    end; a court-appointed guardianship carries the court's decision reference and date and is ended only by
    the organisation's coordinator (or the command line), with a reason."""

    citizen = ForeignKeyField(Citizen, backref="org_authorisations", on_delete="CASCADE")
    organisation = ForeignKeyField(HelperOrganisation, backref="authorisations", on_delete="CASCADE")
    scope = CharField(max_length=12)
    valid_until = DateTimeField()
    created_at = DateTimeField()
    created_by = ForeignKeyField(Account, null=True, on_delete="SET NULL", backref="+")
    court_reference = CharField(max_length=100, null=True)  # set: a court-appointed guardianship
    court_decided_on = DateField(null=True)
    ended_at = DateTimeField(null=True)
    ended_by = ForeignKeyField(Account, null=True, on_delete="SET NULL", backref="+")
    end_reason = TextField(default="")

    class Meta:
        indexes = ((("organisation", "ended_at", "valid_until"), False), (("citizen", "ended_at"), False))

    @property
    def court_appointed(self) -> bool:
        return bool(self.court_reference)

    def is_active(self, now) -> bool:
        return self.ended_at is None and self.valid_until > now


class Assignment(BaseModel):
    """This staff member handles this client (one client may have several)."""

    authorisation = ForeignKeyField(OrgAuthorisation, backref="assignments", on_delete="CASCADE")
    staff = ForeignKeyField(HelperStaff, backref="assignments", on_delete="CASCADE")
    assigned_at = DateTimeField()

    class Meta:
        indexes = ((("authorisation", "staff"), True), (("staff", "authorisation"), False))


class CaseloadDigest(BaseModel):
    """The one daily alert e-mail to a staff member (m0106): at most one a day, whatever the caseload's size."""

    account = ForeignKeyField(Account, on_delete="CASCADE", backref="+")
    day = DateField()
    letters = IntegerField()
    sent_at = DateTimeField()

    class Meta:
        indexes = ((("account", "day"), True),)
