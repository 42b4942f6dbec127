"""Every route has an explicit access rule, and the rules hold for every kind of visitor."""

import re

import pytest

from portal.access import level_of
from tests import factories

# The one list of who may reach what. A new route fails this suite until it is added here.
ACCESS = {
    "static": "public",
    "pages.home": "public",
    "pages.help": "public",
    "pages.accessibility": "public",
    "pages.privacy": "public",
    "pages.switch_language": "public",
    "auth.login": "public",
    "auth.logout": "public",
    "auth.logged_out": "public",
    "auth.forgot_password": "public",
    "auth.forgot_password_sent": "public",
    "auth.reset_password": "public",
    "oidc.start": "public",
    "oidc.callback": "public",
    "oidc.refused": "public",
    "oidc.activate": "public",
    "pages.account": "account",
    "auth.sessions": "account",
    "auth.change_password": "account",
    "auth.end_session": "account",
    "auth.end_all_sessions": "account",
    "inbox.index": "citizen",
    "inbox.message": "citizen",
    "inbox.attachment": "citizen",
    "inbox.message_pdf": "citizen",
    "inbox.deadline_ics": "citizen",
    "inbox.mark_done": "citizen",
    "inbox.archive": "citizen",
    "inbox.delete": "citizen",
    "inbox.restore": "citizen",
    "api.openapi_document": "public",
    "api.create_message": "api",
    "api.get_message": "api",
    "api.list_messages": "api",
    "api.request_paper": "api",
    "api.recipient_channel": "api",
    "api.change_message": "api",
    "api.list_webhooks": "api",
    "api.create_webhook": "api",
    "api.get_webhook": "api",
    "api.change_webhook": "api",
    "api.rotate_webhook": "api",
    "api.test_webhook": "api",
    "api.delete_webhook": "api",
    "webhooks.index": "sender",
    "webhooks.show": "sender",
    "webhooks.set_enabled": "sender",
    "webhooks.send_test": "sender",
    "webhooks.send_again": "sender",
    "webhooks.rotate": "sender",
    "webhooks.delete": "sender",
    "senders.dashboard": "sender",
    "senders.statistics_csv": "sender",
    "senders.unopened": "sender",
    "senders.request_paper": "sender",
    "senders.api_keys": "sender",
    "senders.revoke_key": "sender",
    "senders.api_reference": "public",
    "statistics.index": "public",
    "statistics.organisation": "public",
    "statistics.data_csv": "public",
    "statistics.data_json": "public",
    "statistics.datapackage": "public",
    "paper.status": "citizen",
    "paper.request_copy": "citizen",
    "paper.cancel": "citizen",
    "paper.address": "citizen",
    "paper.letter_pdf": "citizen",
    "settings.index": "account",
    "settings.address": "citizen",
    "settings.paper": "citizen",
    "followup.alerts": "citizen",
    "followup.removal": "citizen",
    "safetynet.welcome_back": "citizen",
    "safetynet.confirm_address": "citizen",
    "printing.index": "sender",
    "auth.extend_session": "account",
    "auth.public_computer": "account",
    "helpers.manage": "citizen",
    "helpers.invite": "citizen",
    "helpers.end": "citizen",
    "helpers.index": "account",
    "helpers.accept": "account",
    "helpers.join": "public",
    "helpers.open_mail": "account",
    "helpers.stop": "account",
    "accesslog.index": "citizen",
    "accesslog.download": "citizen",
    "takeout.index": "citizen",
    "takeout.start": "citizen",
    "takeout.status": "citizen",
    "takeout.download": "citizen",
    "caseload.index": "account",
    "caseload.paper": "account",
    "caseload.client": "account",
    "caseload.assign": "account",
    "caseload.end": "account",
    "caseload.unassign": "account",
    "caseload.staff": "account",
    "caseload.staff_role": "account",
    "caseload.staff_remove": "account",
    "caseload.organisations": "citizen",
    "caseload.citizen_end": "citizen",
}


def test_every_route_has_an_access_rule_and_it_is_the_listed_one(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert endpoints == set(ACCESS), "add new routes to ACCESS (and remove old ones)"
    for endpoint in endpoints:
        assert level_of(app, endpoint) == ACCESS[endpoint], endpoint


@pytest.mark.own_app
def test_route_without_access_rule_is_refused(app):
    @app.route("/forgotten-rule")
    def forgotten():
        return "secret"

    assert app.test_client().get("/forgotten-rule").status_code == 403


def _protected_rules(app, levels):
    for rule in app.url_map.iter_rules():
        if ACCESS.get(rule.endpoint) in levels:
            url = re.sub(r"<int:[^>]+>", "1", rule.rule)
            url = re.sub(r"<(?:[^:>]+:)?[^>]+>", "x", url)
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                yield url, method


def test_logged_out_visitors_are_sent_to_login_from_every_non_public_route(app, pages):
    rules = list(_protected_rules(app, {"account", "citizen", "sender"}))
    assert rules
    for url, method in rules:
        response = pages.client.get(url) if method == "GET" else pages.post(url)
        assert response.status_code == 302, (method, url)
        assert response.location.startswith("/login"), (method, url)


@pytest.mark.parametrize("level, who", [("citizen", "sender"), ("sender", "citizen"), ("citizen", "helper")])
def test_logged_in_people_get_403_on_routes_for_another_role(app, pages, level, who):
    if who == "citizen":
        email = factories.create_citizen().account.email
    elif who == "sender":
        email = factories.create_sender_user().account.email
    else:
        email = factories.create_account(role="helper").email
    pages.login(email)
    for url, method in _protected_rules(app, {level}):
        response = pages.client.get(url) if method == "GET" else pages.post(url)
        assert response.status_code in (403, 404), (method, url, response.status_code)


@pytest.mark.parametrize("who", ["citizen", "sender", "helper"])
def test_caseload_routes_answer_404_to_logged_in_people_who_are_not_staff(app, pages, who):
    """The caseload's routes are "account" routes that check the membership themselves: someone who is not
    staff of a helper organisation learns nothing (404), whatever their role. tests/caseload/test_visibility.py
    walks the same routes for other organisations' staff, leavers and ended authorisations."""
    email = {"citizen": lambda: factories.create_citizen().account.email,
             "sender": lambda: factories.create_sender_user().account.email,
             "helper": lambda: factories.create_account(role="helper").email}[who]()
    pages.login(email)
    rules = [(url, method) for url, method in _protected_rules(app, {"account"}) if url.startswith("/caseload")]
    assert len(rules) >= 10
    for url, method in rules:
        response = pages.client.get(url) if method == "GET" else pages.post(url)
        assert response.status_code == 404, (method, url, response.status_code)
