import pytest

from portal.bsn import is_valid_bsn, normalise_bsn


@pytest.mark.parametrize("bsn", ["999990019", "999990020", "111222333", "123456782"])
def test_numbers_that_pass_the_eleven_test_are_valid(bsn):
    assert is_valid_bsn(bsn)


@pytest.mark.parametrize(
    "bsn", ["999990018", "123456789", "000000000", "12345678", "1234567890", "12345678a", "", " 99999001"]
)
def test_numbers_that_fail_the_eleven_test_or_the_format_are_invalid(bsn):
    assert not is_valid_bsn(bsn)


def test_normalise_strips_spaces_and_dots_and_pads_eight_digits():
    assert normalise_bsn("9999.90.019") == "999990019"
    assert normalise_bsn(" 9999 900 19 ") == "999990019"
    assert normalise_bsn("11222333") == "011222333"
