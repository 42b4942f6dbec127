"""Expected arrival of a paper letter: posted the next Dutch working day, delivered within two working days."""

from datetime import date

import pytest

from portal.workdays import (
    add_working_days,
    arrival_after_posting,
    expected_arrival,
    is_working_day,
    next_working_day,
)


@pytest.mark.parametrize("requested, post_on, arrive_by", [
    # An ordinary week: Monday -> posted Tuesday -> arrives Thursday.
    (date(2027, 3, 1), date(2027, 3, 2), date(2027, 3, 4)),
    # Weekends: Thursday -> Friday -> Tuesday; Friday -> Monday -> Wednesday; Saturday and Sunday too.
    (date(2027, 3, 4), date(2027, 3, 5), date(2027, 3, 9)),
    (date(2027, 3, 5), date(2027, 3, 8), date(2027, 3, 10)),
    (date(2027, 3, 6), date(2027, 3, 8), date(2027, 3, 10)),
    (date(2027, 3, 7), date(2027, 3, 8), date(2027, 3, 10)),
    # King's Day, Tuesday 27 April 2027: Monday -> posted Wednesday -> arrives Friday.
    (date(2027, 4, 26), date(2027, 4, 28), date(2027, 4, 30)),
    # ... and on Friday 23 April the delivery days jump over the weekend and King's Day.
    (date(2027, 4, 23), date(2027, 4, 26), date(2027, 4, 29)),
    # King's Day 2025 fell on a Sunday and moved to Saturday 26 April: no working day lost.
    (date(2025, 4, 24), date(2025, 4, 25), date(2025, 4, 29)),
    # Christmas 2026 (Friday 25, Saturday 26 December): Wednesday -> Thursday -> Tuesday 29.
    (date(2026, 12, 23), date(2026, 12, 24), date(2026, 12, 29)),
    # Christmas Eve 2027 is a Friday, Christmas on the weekend: posted Monday 27, arrives Wednesday 29.
    (date(2027, 12, 24), date(2027, 12, 27), date(2027, 12, 29)),
    # New Year's Day 2027 is a Friday: asked on New Year's Eve -> posted Monday 4 -> arrives Wednesday 6.
    (date(2026, 12, 31), date(2027, 1, 4), date(2027, 1, 6)),
    # Across the turn of the year 2027/2028: Thursday 30 December -> Friday 31 -> Tuesday 4 January.
    (date(2027, 12, 30), date(2027, 12, 31), date(2028, 1, 4)),
    # Easter Monday 29 March 2027 (and Good Friday 26 March in the holidays package's list).
    (date(2027, 3, 25), date(2027, 3, 30), date(2027, 4, 1)),
])
def test_expected_arrival_skips_weekends_and_dutch_public_holidays(requested, post_on, arrive_by):
    arrival = expected_arrival(requested)
    assert (arrival.post_on, arrival.arrive_by) == (post_on, arrive_by)


def test_public_holidays_and_weekends_are_not_working_days():
    for day in (date(2027, 4, 27), date(2027, 12, 25), date(2027, 12, 26), date(2028, 1, 1), date(2027, 3, 29),
                date(2027, 5, 6), date(2027, 5, 17), date(2030, 5, 5), date(2027, 3, 6), date(2027, 3, 7)):
        assert not is_working_day(day), day
    assert is_working_day(date(2027, 4, 28)) and is_working_day(date(2027, 5, 5))  # Liberation Day only in 2030


def test_a_late_batch_never_shows_a_posting_date_in_the_past():
    arrival = expected_arrival(date(2027, 3, 1), today=date(2027, 3, 5))
    assert arrival.post_on == date(2027, 3, 5) and arrival.arrive_by == date(2027, 3, 9)
    weekend = expected_arrival(date(2027, 3, 1), today=date(2027, 3, 6))
    assert weekend.post_on == date(2027, 3, 8)


def test_a_posted_letter_arrives_two_working_days_after_posting():
    assert arrival_after_posting(date(2027, 12, 23)).arrive_by == date(2027, 12, 27)  # Fri 24, Mon 27
    assert next_working_day(date(2027, 12, 31)) == date(2028, 1, 3)
    with pytest.raises(ValueError):
        add_working_days(date(2027, 1, 1), 0)
