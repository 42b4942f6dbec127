"""The people and data a fuzzed request meets: a citizen with mail (an attachment, a deadline, a deleted
message), a helper acting for that citizen, a sender user of the sending organisation, an API key, and the
real values of every kind of path argument, so a generated request gets past the first look-up too."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from functools import cache, reduce

from peewee import CharField, Value, fn

from portal.api import keys
from portal.auth import services as auth
from portal.auth.models import Session
from portal.caseload import services as caseload
from portal.clock import local_today, utcnow
from portal.db import BaseModel, database
from portal.helpers import services as helping
from portal.inbox import services as inbox
from portal.statistics.rollup import rollup
from portal.takeout import services as takeout
from portal.webhooks import services as webhooks
from tests import factories
from tests.api.conftest import make_pdf


@dataclass
class World:
    app: object
    clients: dict[str, Callable] = field(default_factory=dict)  # visitor -> a fresh client, logged in
    real: dict[str, list[str]] = field(default_factory=dict)  # path argument name -> values that exist
    fields: dict[str, list[str]] = field(default_factory=dict)  # form field -> values no page shows: passwords


def build(app) -> World:
    now = utcnow()
    organisation = factories.create_organisation(slug="gemeente")
    citizen = factories.give_postal_address(factories.create_citizen(email="anna@example.nl"))
    due = local_today(now) + timedelta(days=20)
    letter = factories.create_message(recipient=citizen, organisation=organisation, deadline=due,
                                      attachments=[("bijlage.pdf", make_pdf())])
    plain = factories.create_message(recipient=citizen, organisation=organisation, subject="Uw pas")
    deleted = factories.create_message(recipient=citizen, organisation=organisation, subject="Oud")
    inbox.delete_message(citizen, deleted.public_id, actor=citizen.account, now=now)
    sender = factories.create_sender_user(organisation=organisation).account
    api_key = keys.create_key(org_slug=organisation.slug, kind="live", name="fuzz", now=now)
    spare_key = keys.create_key(org_slug=organisation.slug, kind="live", name="spare", now=now).key
    helper = factories.create_account(email="fatima@example.nl", role="helper")
    _, code = helping.invite(citizen, helper.email, "paper_done", None, actor=citizen.account, now=now)
    acting = helping.accept(helper, code, client="192.0.2.10", now=now)
    invited, invitation = helping.invite(citizen, "piet@example.nl", "read", None, actor=citizen.account, now=now)
    _, reset_token = auth.create_password_reset(citizen.account.email, now=now, valid=timedelta(hours=1))
    other_session = Session.get(Session.token_hash == auth.sha256(
        auth.start_session(citizen.account, now=now, user_agent="another browser")))
    job = takeout.request_takeout(citizen, actor=citizen.account, now=now)
    subscription, _ = webhooks.create(organisation, url="https://example.nl/hook", event_types=[], is_test=False,
                                      production=False, now=now)
    hook_delivery = webhooks.send_test(subscription, now=now)
    rollup(now=now)  # the public statistics have a page for the organisation
    # The helper is also the coordinator of a guardianship office the citizen authorised (portal/caseload).
    office = caseload.create_organisation(slug="bewind", name="Bewind", now=now)
    coordinator = caseload.add_staff(org_slug=office.slug, email=helper.email, password=None, name=None,
                                     coordinator=True, now=now)
    client = caseload.authorise(citizen, office, scope="paper_done", end=None, actor=citizen.account, now=now)
    caseload.assign(coordinator, client.id, coordinator.id, now=now)
    colleague = caseload.add_staff(org_slug=office.slug, email="joost@example.nl", password=factories.PASSWORD,
                                   name="Joost Visser", coordinator=False, now=now)
    caseload.assign(coordinator, client.id, colleague.id, now=now)

    world = World(app)
    world.clients = {
        "anonymous": app.test_client,
        "citizen": LoggedIn(app, citizen.account),
        "helper": LoggedIn(app, helper, acting_for=acting.id),
        "sender": LoggedIn(app, sender),
        "api": lambda: _with_key(app, api_key.secret),
    }
    world.real = {
        "public_id": [letter.public_id, plain.public_id, deleted.public_id, other_session.public_id, job.public_id,
                      subscription.public_id],
        "delivery_id": [hook_delivery.public_id],
        "message_id": [letter.public_id, plain.public_id],
        "attachment_id": [str(inbox.attachments_of(letter)[0].id)],
        "delegation_id": [str(acting.id), str(invited.id)],
        "authorisation_id": [str(client.id)],
        "staff_id": [str(colleague.id), str(coordinator.id)],
        "key_id": [str(spare_key.id)],
        "bsn": [citizen.bsn, "999990032"],
        "token": [reset_token],
        "reason": ["expired", "assurance"],
        "filename": ["portal.css", "htmx.min.js"],
        "slug": [organisation.slug],
    }
    world.fields = {
        "email": [citizen.account.email, "piet@example.nl"], "password": [factories.PASSWORD],
        "confirm": [factories.PASSWORD], "code": [invitation], "name": ["Piet Jansen"],
        "org": [office.slug], "scope": ["paper"], "staff": [str(coordinator.id), str(colleague.id)],
        "role": ["staff", "coordinator"], "message": [letter.public_id],
    }
    return world


_SEEN_IN_FORMS: dict[str, set[str]] = {}
FILES = (".pdf", ".ics", ".csv", ".json", ".zip")


def values_in_forms(world: World, routes) -> dict[str, set[str]]:
    """Every input, option and button value on every page the visitors can open (once per test run): the
    choices a real form sends, to mix with the odd values."""
    from tests.fuzz.routes import form_values

    if not _SEEN_IN_FORMS:
        for visitor in ("anonymous", "citizen", "helper", "sender"):
            for route in routes:
                if route.method != "GET" or route.is_api or route.rule.endswith(FILES):
                    continue  # a PDF, calendar or data file has no form, and costs the most to make
                path = route.path({n: world.real.get(n, ["x"])[0] for n, _ in route.arguments})
                answer = world.clients[visitor]().get(path)
                if answer.status_code == 200 and answer.mimetype == "text/html":
                    for name, values in form_values(answer.get_data(as_text=True)).items():
                        _SEEN_IN_FORMS.setdefault(name, set()).update(values)
    return _SEEN_IN_FORMS


class LoggedIn:
    """A client with a session of `account`, the same cookie before every request (so a flash message or a
    session change of one request does not carry over), and a new session once a request ended it."""

    def __init__(self, app, account, *, acting_for: int | None = None):
        self.app, self.account, self.acting_for = app, account, acting_for
        self.client, self.token, self.cookie = app.test_client(), None, None

    def __call__(self):
        name = self.app.config["SESSION_COOKIE_NAME"]
        if self.token and Session.select().where(Session.token_hash == auth.sha256(self.token)).exists():
            self.client.set_cookie(name, self.cookie)
            return self.client
        self.token = auth.start_session(self.account, now=utcnow(), user_agent="fuzzer")
        with self.client.session_transaction() as session:
            session.clear()
            session["sid"] = self.token
            if self.acting_for is not None:
                session["acting_for"] = self.acting_for
        self.cookie = self.client.get_cookie(name).value
        return self.client


def _with_key(app, secret: str):
    client = app.test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {secret}"
    return client


def _models(base=BaseModel):
    for model in base.__subclasses__():
        yield model
        yield from _models(model)


@cache
def _overlong_query() -> tuple[str, list]:
    checks = []
    for model in _models():
        for f in model._meta.sorted_fields:
            if isinstance(f, CharField) and f.max_length:
                label = f"{model.__name__}.{f.name} (longer than {f.max_length})"
                checks.append(model.select(Value(label)).where(fn.LENGTH(f) > f.max_length))
    return reduce(lambda a, b: a | b, checks).sql()  # a UNION of one small query per column


def overlong_values() -> list[str]:
    """Columns holding a value longer than their max_length: SQLite keeps it quietly, PostgreSQL refuses
    the request. Each is a length check missing before the database."""
    sql, params = _overlong_query()
    return sorted(label for (label,) in database.execute_sql(sql, params).fetchall())
