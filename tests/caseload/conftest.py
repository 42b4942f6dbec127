from __future__ import annotations

import pytest

from portal.caseload import services
from portal.clock import utcnow
from tests import factories


class Office:
    """A helper organisation with a coordinator and a staff member."""

    def __init__(self, slug="bewindvoering-utrecht", name="Bewindvoering Utrecht"):
        now = utcnow()
        self.org = services.create_organisation(slug=slug, name=name, now=now)
        self.coordinator = services.add_staff(org_slug=slug, email=f"coordinator@{slug}.example.nl",
                                              password=factories.PASSWORD, name="Karin Smit", coordinator=True,
                                              now=now)
        self.staff = services.add_staff(org_slug=slug, email=f"staff@{slug}.example.nl", password=factories.PASSWORD,
                                        name="Joost Visser", coordinator=False, now=now)

    def client(self, *, name="Anna de Vries", scope="paper_done", assign_to=None, court=False, address=True):
        citizen = factories.create_citizen(name=name)
        if address:
            factories.give_postal_address(citizen)
        extra = {"court_reference": "C/16/1 / BW RK 26-1", "court_decided_on": utcnow().date()} if court else {}
        authorisation = services.authorise(citizen, self.org, scope=scope, end=None, actor=citizen.account,
                                           now=utcnow(), **extra)
        for member in assign_to or [self.staff]:
            services.assign(self.coordinator, authorisation.id, member.id, now=utcnow())
        return citizen, authorisation


@pytest.fixture
def office(app):
    return Office()
