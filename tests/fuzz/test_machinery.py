"""The fuzzer's own parts: it finds what a route reads, and says clearly when it cannot fuzz a route."""

from __future__ import annotations

import pytest
from flask import request

from portal.access import public
from tests.fuzz import routes as walk
from tests.fuzz.test_routes import _real_values
from tests.fuzz.world import World


@pytest.mark.own_app
def test_the_names_a_new_route_reads_are_found_without_listing_them(app):
    @app.route("/fuzz-me", methods=["GET", "POST"])
    @public
    def fuzz_me():
        return f"{request.args.get('colour')} {'size' in request.form} {request.form.getlist('tags')}"

    route = next(r for r in walk.routes(app) if r.rule == "/fuzz-me" and r.method == "POST")
    _, names, _ = walk.discover(lambda plan: walk.send(app.test_client(), route, plan), app.test_client, route,
                                {}, {}, {})
    assert names == {"colour", "size", "tags"}


@pytest.mark.own_app
def test_a_converter_without_values_fails_with_a_clear_message(app):
    @app.route("/fuzz-me/<uuid:ticket>")
    @public
    def ticket(ticket):
        return str(ticket)

    with pytest.raises(AssertionError, match="cannot make values for the converter 'uuid'"):
        walk.routes(app)


def test_a_path_argument_without_real_values_fails_with_a_clear_message(app):
    route = walk.Route("/fuzz-me/<slug>", "fuzz", "GET", (("slug", "default"),))
    with pytest.raises(AssertionError, match=r"no real value for <slug>.*World.real"):
        _real_values(World(app), route)


def test_path_values_are_sent_percent_encoded():
    route = walk.Route("/a/<x>/<path:rest>", "a", "GET", (("x", "default"), ("rest", "path")))
    assert route.path({"x": "a/b\r\n", "rest": "c/d é"}) == "/a/a%2Fb%0D%0A/c/d%20%C3%A9"
