"""Reading numbers, moments and redirect targets from a request (portal/params.py, portal/urls.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from portal.params import ID_MAX, PAGE_MAX, ascii_digits, naive_utc, page_number, whole_number
from portal.urls import safe_next


@pytest.mark.parametrize("text", ["²", "١٢٣", "۳", "1²", " 1", "1 ", "+1", "-1", "1.0", "", None, 12])
def test_only_ascii_digits_count_as_digits(text):
    assert not ascii_digits(text)
    assert whole_number(text) is None


def test_whole_numbers_stay_within_what_an_id_column_holds():
    assert whole_number("42") == 42
    assert whole_number(str(ID_MAX)) == ID_MAX
    assert whole_number(str(ID_MAX + 1)) is None
    assert whole_number("9" * 400) is None  # never handed to int(): Python refuses very long digit strings
    assert whole_number("0") is None and whole_number("0", low=0) == 0
    assert whole_number("x", default=7) == 7


def test_page_numbers_fall_back_to_the_first_page():
    assert page_number("3") == 3
    assert [page_number(t) for t in ("0", "-2", "²", str(PAGE_MAX + 1), "99999999999999999999", None)] == [1] * 6


def test_moments_outside_the_years_python_can_shift_are_refused():
    assert naive_utc(datetime(2027, 1, 15, 10, tzinfo=timezone(timedelta(hours=1)))) == datetime(2027, 1, 15, 9)
    assert naive_utc(datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=14)))) is None
    assert naive_utc(datetime(9999, 12, 31, 23, tzinfo=timezone(timedelta(hours=-5)))) is None
    assert naive_utc(datetime(9998, 12, 31, 23, tzinfo=UTC)) == datetime(9998, 12, 31, 23)


@pytest.mark.parametrize("target", [
    "/inbox/\r\nSet-Cookie: x=1", "/a\nb", "/\t/evil.example", "/x\x00", "/\u2028/evil.example",
    "/\\evil.example", "/inbox\\..\\", "//evil.example", "https://evil.example/", "inbox", "", None,
])
def test_a_redirect_target_with_control_characters_or_off_the_site_becomes_the_default(target):
    assert safe_next(target, "/home") == "/home"


def test_a_good_redirect_target_goes_out_percent_encoded():
    assert safe_next("/inbox/?q=a b", "/home") == "/inbox/?q=a%20b"
    assert safe_next("/inbox/?q=één", "/home") == "/inbox/?q=%C3%A9%C3%A9n"
    assert safe_next("/settings/?x=%0A", "/home") == "/settings/?x=%0A"  # already encoded: harmless, kept


def test_every_int_in_a_route_is_ascii_and_fits_an_id(app, client):
    assert app.url_map.converters["int"].__name__ == "IdConverter"
    with app.test_request_context():
        adapter = app.url_map.bind("localhost")
        assert adapter.match("/my-helpers/12/end", method="POST") == ("helpers.end", {"delegation_id": 12})
    for odd in ("١٢", str(ID_MAX + 1), "9" * 30, "0"):
        assert client.post(f"/my-helpers/{odd}/end").status_code == 404, odd
