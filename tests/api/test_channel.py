"""GET /api/v1/recipients/<bsn>/channel: live keys only, rate-limited like every other read, and a number is
read exactly as delivery reads recipient.bsn (9 ASCII digits that pass the 11-test)."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from freezegun import freeze_time

from portal.models import Citizen
from tests.api.conftest import matches_document, message_body

PATH = "/api/v1/recipients/{bsn}/channel"


@pytest.fixture
def config_overrides():
    return {"API_READ_PER_MINUTE": 3}


def test_a_test_key_cannot_look_up_a_citizen(api, test_key, recipient):
    response = api.get(PATH.format(bsn=recipient.bsn), secret=test_key.secret)
    assert response.status_code == 403
    assert "live key" in response.get_json()["detail"]
    matches_document(response, PATH, "GET")


@pytest.mark.parametrize("bsn, valid", [
    ("999990019", True),
    (" 999990019 ", False),  # the published pattern is 9 digits, nothing around them: refused by both
    ("٩٩٩٩٩٠٠١٩", False),  # Arabic-Indic digits: the same number to int(), not to a person reading it
    ("۹۹۹۹۹۰۰۱۹", False),  # Extended Arabic-Indic
    ("99999001٩", False),
    ("99999001", False),  # eight digits: not padded by the API
    ("999.990.019", False),
    ("123456789", False),  # fails the 11-test
])
def test_the_look_up_reads_a_number_as_delivery_does(api, recipient, bsn, valid):
    with freeze_time("2027-01-04 10:00:00"):
        lookup = api.get(PATH.format(bsn=quote(bsn)))
    sent = api.send(message_body(bsn))
    assert (lookup.status_code, sent.status_code) == ((200, 201) if valid else (400, 422))
    if not valid:
        assert [e["parameter"] for e in lookup.get_json()["errors"]] == ["bsn"]
        assert [e["pointer"] for e in sent.get_json()["errors"]] == ["#/recipient/bsn"]
        matches_document(lookup, PATH, "GET")
    assert all(c.bsn.isascii() for c in Citizen.select())


def test_look_ups_count_against_the_key_s_read_limit(api, recipient):
    with freeze_time("2027-01-04 10:00:30"):
        answers = [api.get(PATH.format(bsn=b)) for b in (recipient.bsn, "123456789", recipient.bsn, recipient.bsn)]
    assert [a.status_code for a in answers] == [200, 400, 200, 429]
    assert answers[-1].headers["Retry-After"] == "30"
    matches_document(answers[-1], PATH, "GET")
