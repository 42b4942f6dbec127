"""The route fuzzer: every route of the URL map, every method and every kind of visitor, with odd values in
every path argument, query parameter, form field and a few headers. No answer is a 5xx, nothing is logged as
an error, no redirect leaves the site, the API answers problem+json, and the database keeps nothing longer
than its columns (SQLite would; PostgreSQL refuses the request).

Deterministic (derandomize) and bounded: the first visitor who may use a route gets every class of
tests/fuzz/values.py as explicit examples and some random requests; other visitors who may use it get fewer;
a visitor who is refused (log-in page, 401, 403, 404) a handful. `make check` (tests/budget.py) gives that
handful to the first visitor who may use the route and one value in every field to the others; `make test`
runs it whole.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from portal import create_app
from tests.budget import QUICK
from tests.conftest import make_config
from tests.fuzz import routes as walk
from tests.fuzz.values import CLASSES, hostile
from tests.fuzz.world import build, overlong_values, values_in_forms


@dataclass(frozen=True)
class Budget:
    classes: tuple[str, ...]  # explicit examples: this value in every field
    path_classes: tuple[str, ...]  # explicit examples: this value in one path argument at a time
    field_classes: tuple[str, ...]  # explicit examples: this value in one field, known good values in the rest
    random: int  # generated examples after those


FULL = Budget(tuple(CLASSES), ("beyond-64-bits", "beyond-32-bits", "superscript-digit", "arabic-indic-digits",
                               "cr-lf", "nul", "overlong"),
              ("beyond-64-bits", "arabic-indic-digits", "year-9999-with-offset", "month-9999-12", "cr-lf",
               "overlong-e-mail"), random=8)
LEAN = Budget(("beyond-64-bits", "arabic-indic-digits", "year-9999-with-offset", "cr-lf", "nul", "overlong"),
              ("beyond-64-bits", "nul"), ("cr-lf",), random=4)
GATED = Budget(("beyond-64-bits", "cr-lf", "nul"), ("beyond-64-bits",), (), random=2)
# `make check` only: a visitor after the first who may use the route, or one refused, gets one value in
# every field and no generated requests (the first visitor who may use it still gets GATED).
GLANCE = Budget(("beyond-64-bits",), (), (), random=0)


def _all_routes() -> list[walk.Route]:
    with tempfile.TemporaryDirectory() as folder:
        return walk.routes(create_app(make_config(Path(folder), "sqlite:///:memory:")))


ROUTES = _all_routes()


def _visitors(route: walk.Route) -> tuple[str, ...]:
    """A session cookie means nothing to the API and an API key nothing to a page: those pairs would repeat
    the anonymous visitor's requests. The citizen comes last: ending a helper's authorisation or every session
    should not stop the other visitors' requests from reaching the same code."""
    return ("anonymous", "api") if route.is_api else ("anonymous", "helper", "sender", "citizen")


def _field(name: str, known: dict[str, list[str]]) -> st.SearchStrategy[str]:
    values = known.get(name)
    return st.one_of(hostile(), st.sampled_from(values)) if values else hostile()


def _headers(route: walk.Route) -> st.SearchStrategy[dict]:
    optional = {
        "HX-Request": st.just("true"),
        "HX-Target": st.sampled_from(["inbox-results", "paper-status"]),
        "User-Agent": hostile().map(quote),
    }
    if route.method != "GET":
        optional["Referer"] = hostile().map(lambda text: "http://localhost/" + quote(text, safe="/?="))
    if route.is_api and route.method != "GET":
        optional["Idempotency-Key"] = st.one_of(st.uuids().map(str), hostile().map(quote))
    return st.fixed_dictionaries({}, optional=optional)


def _plans(route, real, names, known) -> st.SearchStrategy[walk.Plan]:
    path = st.fixed_dictionaries({name: st.one_of(st.sampled_from(values), hostile()) for name, values in real.items()})
    fields = st.fixed_dictionaries({}, optional={name: _field(name, known) for name in names})
    form = fields if route.method != "GET" else st.just({})
    return st.builds(walk.Plan, path, query=fields, form=form, headers=_headers(route))


def _examples(route, real, names, known, budget: Budget) -> list[walk.Plan]:
    """Per class: its value in every field; in the fields no good value is known for; in each field in turn
    with known good values in the others (so a log-in with the right password meets an odd `next`); and in
    each path argument in turn."""
    plans: dict[str, walk.Plan] = {}
    first = {n: v[0] for n, v in real.items()}

    def add(path: dict, fields: dict) -> None:
        plan = walk.Plan(path, query=fields, form=fields if route.method != "GET" else {})
        plans.setdefault(plan.describe(route), plan)  # a route without fields: one such example, not one a class

    for kind in budget.classes:
        value = CLASSES[kind]
        add(first, dict.fromkeys(names, value))
        good = {n: known[n][0] if known.get(n) else value for n in names}
        add(first, good)
        if kind in budget.field_classes:
            for name in names:
                add(first, {**good, name: value})
        if kind in budget.path_classes:
            for name in real:
                add({**first, name: value}, {})
    return list(plans.values())


def _real_values(world, route) -> dict[str, list[str]]:
    missing = [name for name, _ in route.arguments if name not in world.real]
    assert not missing, (f"{route.rule}: the route fuzzer has no real value for <{missing[0]}>. Add some to "
                         "World.real in tests/fuzz/world.py, so generated requests also get past the look-up.")
    return {name: world.real[name] for name, _ in route.arguments}


def check(route: walk.Route, plan: walk.Plan, response, app_log, visitor: str) -> None:
    logged = app_log.take()
    where = f"{plan.describe(route)} as {visitor}"
    assert response.status_code < 500, f"{response.status_code} for {where}\n" + "\n".join(logged)
    assert not logged, f"logged an error for {where}:\n" + "\n".join(logged)
    location = response.headers.get("Location")
    if location:
        assert urlsplit(location).netloc in ("", "localhost") and location.isprintable(), \
            f"redirect off the site ({location!r}) for {where}"
    if route.is_api and not 300 <= response.status_code < 400:  # a redirect: Werkzeug merging "//" in a path
        expected = "application/problem+json" if response.status_code >= 400 else "application/json"
        assert response.mimetype == expected, f"{response.status_code} {response.mimetype} for {where}"


def _is_gated(response) -> bool:
    location = response.headers.get("Location") or ""
    return response.status_code in (401, 403, 404) or (response.status_code == 302 and location.startswith("/login"))


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: f"{r.method} {r.rule}")
def test_no_odd_value_in_any_parameter_gets_a_5xx(app, app_log, route):
    world = build(app)
    real = _real_values(world, route)
    seen_in_forms = values_in_forms(world, ROUTES)
    reached = False
    for visitor in _visitors(route):
        reached |= fuzz_as(visitor, world, route, real, seen_in_forms, app_log, lean=reached)
    assert not overlong_values(), f"{route.method} {route.rule} stored values longer than their columns"


def fuzz_as(visitor: str, world, route: walk.Route, real: dict, seen_in_forms: dict, app_log, *, lean: bool) -> bool:
    """Fuzz the route as this visitor; True when the visitor may use it (not sent to log in, not refused)."""
    new_client = world.clients[visitor]

    def checked_send(plan: walk.Plan):
        response = walk.send(new_client(), route, plan)
        check(route, plan, response, app_log, visitor)
        return response

    first = {n: v[0] for n, v in real.items()}
    opening, names, known = walk.discover(checked_send, new_client, route, first, world.fields, seen_in_forms)
    gated = _is_gated(opening)
    budget = GATED if gated else LEAN if lean else FULL
    if QUICK:  # the inner loop: the sharpest values only (beyond 64 bits, CR/LF, NUL), and mostly once
        budget = GLANCE if gated or lean else GATED
    phases = (Phase.explicit, Phase.generate, Phase.shrink) if budget.random else (Phase.explicit,)

    @settings(max_examples=max(1, budget.random), derandomize=True, database=None, deadline=None,
              phases=phases, suppress_health_check=list(HealthCheck))
    @given(plan=_plans(route, real, sorted(names), known))
    def fuzz(plan):
        checked_send(plan)

    for plan in _examples(route, real, sorted(names), known, budget):
        fuzz = example(plan=plan)(fuzz)
    fuzz()
    return not gated
