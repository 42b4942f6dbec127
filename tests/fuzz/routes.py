"""Every route of the URL map as something to fuzz: its path arguments (from the rule), the query parameters
and form fields its code reads (found by watching it read them), and values seen in its own forms.

A request class records every parameter name the app looks up in `request.args` or `request.form` (directly,
through WTForms or through a service given `request.args`), so a new route, or a new field on an old one,
is fuzzed without anyone listing it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import quote

from bs4 import BeautifulSoup
from htmx_flask.requests import HtmxAwareRequest
from werkzeug.datastructures import ImmutableMultiDict

PATH_ARGUMENT = re.compile(r"<(?:(?P<converter>\w+)(?:\([^)]*\))?:)?(?P<name>\w+)>")
CONVERTERS = {"default", "string", "int", "path"}
METHODS = {"GET", "POST", "PATCH", "DELETE"}  # every method but GET sends its fields as a body
PROBE = "fuzz-probe"  # a field no route reads: a form with one field counts as sent (Flask-WTF ignores empty ones)
READ: set[str] = set()


class Reading(ImmutableMultiDict):
    """The query and form dictionaries of a request, noting which names the app asks for."""

    def __getitem__(self, key):
        READ.add(key)
        return super().__getitem__(key)

    def get(self, key, default=None, type=None):  # noqa: A002 -- the MultiDict signature
        READ.add(key)
        return super().get(key, default, type)

    def getlist(self, key, type=None):  # noqa: A002
        READ.add(key)
        return super().getlist(key, type)

    def __contains__(self, key):
        READ.add(key)
        return super().__contains__(key)


class RecordingRequest(HtmxAwareRequest):  # the app's own request class (request.htmx), recording
    parameter_storage_class = Reading


@dataclass(frozen=True)
class Route:
    rule: str
    endpoint: str
    method: str
    arguments: tuple[tuple[str, str], ...]  # (name, converter)

    @property
    def is_api(self) -> bool:
        return self.rule.startswith("/api/")

    def path(self, values: dict[str, str]) -> str:
        def fill(match: re.Match) -> str:
            safe = "/" if match["converter"] == "path" else ""
            return quote(values[match["name"]], safe=safe)

        return PATH_ARGUMENT.sub(fill, self.rule)


def routes(app) -> list[Route]:
    """Every (rule, method) of the app. Raises AssertionError, naming the route, for one the fuzzer cannot send."""
    found = []
    for rule in app.url_map.iter_rules():
        arguments = tuple((m["name"], m["converter"] or "default") for m in PATH_ARGUMENT.finditer(rule.rule))
        unknown = [c for _, c in arguments if c not in CONVERTERS]
        assert not unknown, (f"{rule.rule}: the route fuzzer (tests/fuzz) cannot make values for the converter "
                             f"{unknown[0]!r}; add it to CONVERTERS and to the values it sends")
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            assert method in METHODS, f"{rule.rule}: the route fuzzer (tests/fuzz) cannot send {method} yet"
            found.append(Route(rule.rule, rule.endpoint, method, arguments))
    return sorted(found, key=lambda r: (r.rule, r.method))


@dataclass
class Plan:
    """One request: path arguments, fields (query for GET; query and form for POST) and headers."""

    path_values: dict[str, str]
    query: dict[str, str] = field(default_factory=dict)
    form: dict[str, str] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)

    def describe(self, route: Route) -> str:
        return (f"{route.method} {route.path(self.path_values)} query={self.query!r} form={self.form!r} "
                f"headers={self.headers!r}")


def send(client, route: Route, plan: Plan):
    url = route.path(plan.path_values)
    if route.method == "GET":
        return client.get(url, query_string=plan.query, headers=plan.headers)
    if route.is_api:  # the API reads JSON; the fields go in as a JSON object
        return client.open(url, method=route.method, query_string=plan.query, json=plan.form, headers=plan.headers)
    return client.post(url, query_string=plan.query, data=plan.form, headers=plan.headers)


def form_values(html: str) -> dict[str, set[str]]:
    """The names and values of the inputs, options and buttons on a page: real choices to mix in."""
    values: dict[str, set[str]] = {}
    for tag in BeautifulSoup(html, "html.parser").find_all(["input", "button", "option", "textarea"]):
        if tag.name == "option":
            select = tag.find_parent("select")
            name, value = (select.get("name") if select else None), tag.get("value", tag.text)
        else:
            name, value = tag.get("name"), tag.get("value", tag.text if tag.name == "textarea" else "")
        if name and value is not None:
            values.setdefault(name, set()).add(value)
    return values


def choices(*sources: dict) -> dict[str, list[str]]:
    """Field name -> known values, from the first source to the last, each value once, empty ones last."""
    merged: dict[str, list[str]] = {}
    for source in sources:
        for name, values in source.items():
            merged.setdefault(name, []).extend(v for v in sorted(values) if v not in merged[name])
    return {name: sorted(values, key=lambda v: v == "") for name, values in merged.items()}


def discover(send_checked, new_client, route: Route, real: dict[str, str], preferred: dict, seen: dict,
             rounds: int = 3):
    """Send real path values (and known field values) until no new parameter names are read. Returns the
    first answer, the names read, and every known value per field: `preferred` first, then what the route's
    own form offers (a GET of the same address, if it has one), then what other pages' forms offer."""
    own_form: dict[str, set[str]] = {}
    if route.method != "GET":
        page = new_client().get(route.path(real))
        if page.status_code == 200 and page.mimetype == "text/html":
            own_form = form_values(page.get_data(as_text=True))
    names: set[str] = set()
    opening = None
    for _ in range(rounds):
        known = choices(preferred, own_form, seen)
        READ.clear()
        fill = {name: known[name][0] if known.get(name) else "1" for name in names}
        response = send_checked(Plan(real, query=dict(fill), form={**fill, PROBE: "1"}))
        opening = opening or response
        if route.method == "GET" and response.status_code == 200 and response.mimetype == "text/html":
            own_form = {**form_values(response.get_data(as_text=True)), **own_form}
        if not READ - names - {PROBE}:
            break
        names |= READ - {PROBE}
    return opening, names, choices(preferred, own_form, seen)
