"""Odd values for every kind of parameter: what a scanner, a broken client or a curious visitor sends.

Every value is a string, as it arrives over HTTP. CLASSES names one telling value per kind of trouble that
made a route answer 500 before; each route gets them all as explicit examples, the rest comes from hostile().
"""

from __future__ import annotations

from hypothesis import strategies as st

# One example per class of input that once made some route fail (issue 14).
CLASSES = {
    "beyond-64-bits": "123456789012345678901234567890",
    "beyond-32-bits": "2147483648",
    "superscript-digit": "²",
    "arabic-indic-digits": "١٢٣",
    "year-1": "0001-01-01",
    "year-9999-with-offset": "9999-12-31T23:59:59-05:00",
    "month-9999-12": "9999-12",
    "month-1-1": "1-1",
    "cr-lf": "/\r\nSet-Cookie: x=1",
    "nul": "a\x00b",
    "overlong-e-mail": "a" * 300 + "@example.nl",
    "overlong": "x" * 5000,
    "empty": "",
}

# Any character a browser can send (no lone surrogates: they cannot be encoded as UTF-8).
ANY_CHARACTER = st.characters(exclude_categories=("Cs",))

integers = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70),
    st.sampled_from([0, -1, 2**31 - 1, 2**31, 2**63 - 1, 2**63, 2**64, 10**30]),
).map(str)

other_digits = st.text(st.characters(categories=("Nd", "No")), min_size=1, max_size=12)


@st.composite
def odd_dates(draw) -> str:
    year = draw(st.sampled_from([1, 9, 99, 999, 1000, 1899, 1900, 2027, 9998, 9999, 10000]))
    month = draw(st.integers(min_value=0, max_value=13))
    day = draw(st.integers(min_value=0, max_value=32))
    shape = draw(st.sampled_from(["month", "date", "time", "short"]))
    if shape == "month":
        return f"{year:04d}-{month:02d}"
    if shape == "short":
        return f"{year}-{month}"
    if shape == "date":
        return f"{year:04d}-{month:02d}-{day:02d}"
    offset = draw(st.sampled_from(["Z", "+14:00", "-12:00", "+23:59", "-05:00", ""]))
    return f"{year:04d}-{month:02d}-{day:02d}T23:59:59{offset}"


control = st.text(st.characters(categories=("Cc", "Cf", "Zl", "Zp")), min_size=1, max_size=8)
redirects = st.sampled_from(["//evil.example", "/\t/evil.example", "/\\evil.example", "https://evil.example/",
                             "/%0d%0aX:1", "/\u2028/evil.example", "javascript:alert(1)", "/inbox/?q=\r\n"])
overlong = st.builds(lambda char, n: char * n, st.sampled_from("a9é😀/ @"), st.integers(min_value=200, max_value=6000))
well_formed_but_long = st.builds(lambda n: "a" * n + "@example.nl", st.integers(min_value=240, max_value=400))


def hostile() -> st.SearchStrategy[str]:
    """Any one of the kinds above, or random text (mixed with a few of each, since that is how they come)."""
    mixed = st.lists(st.one_of(integers, other_digits, control, st.text(ANY_CHARACTER, max_size=5)),
                     min_size=2, max_size=4).map("".join)
    return st.one_of(
        integers, other_digits, odd_dates(), control, redirects, overlong, well_formed_but_long, mixed,
        st.sampled_from(list(CLASSES.values())), st.text(ANY_CHARACTER, max_size=40),
    )
