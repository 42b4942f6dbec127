"""Demo figures for the public statistics (portal/demo.py): letters to one citizen without an inbox (no one
logs in as them), enough per month for two organisations to pass the threshold, then the roll-up."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from portal.models import Citizen, Message, Organisation

DEMO_BSN = "999999990"  # a citizen known only by number: the letters appear in no demo inbox
TYPES = {"belastingdienst": ["aanslag", "herinnering"], "gemeente-utrecht": ["paspoort", "afvalstoffenheffing"],
         "cjib": ["boete"]}
PER_DAY = {"belastingdienst": 2, "cjib": 3}  # letters of each type a day
OPENED = {"belastingdienst": .85, "gemeente-utrecht": .8, "cjib": .6}  # so one organisation's go unread more


def seed_figures(*, now: datetime) -> int:
    """Add the demo letters once (none while the demo citizen has some); roll up 13 months. Returns how many."""
    from portal.delivery import new_public_id
    from portal.statistics.rollup import rollup

    citizen, _ = Citizen.get_or_create(bsn=DEMO_BSN, defaults={"created_at": now})
    made = 0
    if not Message.select().where(Message.recipient == citizen).exists():
        dice = random.Random(17)  # the same demo every time
        rows = []
        for slug, types in TYPES.items():
            org = Organisation.get_or_none(Organisation.slug == slug)
            for days_ago in range(1, 180):
                for kind in types * PER_DAY.get(slug, 1):
                    delivered = now - timedelta(days=days_ago, hours=dice.randint(0, 10))
                    waited = timedelta(hours=dice.choice([1, 3, 20, 60, 200]))
                    opened = delivered + waited if dice.random() < OPENED[slug] and delivered + waited < now else None
                    deadline = (delivered + timedelta(days=21)).date() if kind != "paspoort" else None
                    rows.append({"public_id": new_public_id(), "organisation": org, "recipient": citizen,
                                 "message_type": kind, "reference": f"STAT-{len(rows) + 1}", "subject_nl": kind,
                                 "summary_nl": kind, "body_nl": kind, "delivered_at": delivered,
                                 "first_opened_at": opened, "deadline": deadline,
                                 "deadline_kind": deadline and "pay"})
        for first in range(0, len(rows), 500):
            Message.insert_many(rows[first:first + 500]).execute()
        made = len(rows)
    rollup(now=now, since=(now - timedelta(days=400)).date())
    return made
