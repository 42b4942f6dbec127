"""Statistics from known fixture data, against figures worked out by hand (see conftest.known_mail)."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, timedelta

from freezegun import freeze_time

from portal.senders import services
from tests import factories
from tests.senders.conftest import NOW, sent


def stats_for(org, key="90d"):
    with freeze_time(NOW):
        return services.statistics_for(org, services.Period.parse(key, now=datetime(2027, 3, 1, 12)))


def test_figures_per_type_match_the_hand_count(sender, known_mail):
    stats = stats_for(sender.organisation)
    aanslag, herinnering = stats.rows
    assert aanslag.message_type == "aanslag" and herinnering.message_type == "herinnering"
    # aanslag: A1 opened after 24 h, A2 after 96 h, A3 never, A4 after 12 h; deadlines on A1, A2, A3.
    assert (aanslag.delivered, aanslag.opened, aanslag.opened_soon) == (4, 3, 2)
    assert (aanslag.with_deadline, aanslag.opened_before_deadline) == (3, 1)  # A2 was opened after its deadline
    assert (aanslag.never_opened, aanslag.done) == (1, 1)
    assert aanslag.median_to_open == timedelta(hours=24)
    assert (aanslag.share(aanslag.opened_soon), aanslag.share(1, 3)) == (50, 33)
    # herinnering: H1 opened after 2 h, H2 never.
    assert (herinnering.delivered, herinnering.opened, herinnering.opened_soon, herinnering.with_deadline,
            herinnering.opened_before_deadline, herinnering.never_opened, herinnering.done) == (2, 1, 1, 2, 1, 1, 0)
    assert herinnering.median_to_open == timedelta(hours=2)


def test_the_total_leaves_out_old_test_and_other_organisations_messages(sender, known_mail):
    total = stats_for(sender.organisation).total
    assert (total.delivered, total.opened, total.opened_soon, total.with_deadline, total.opened_before_deadline,
            total.never_opened, total.done) == (6, 4, 3, 5, 2, 2, 1)
    assert total.median_to_open == timedelta(hours=18)  # middle of 2, 12, 24, 96 hours


def test_median_readability_stays_on_the_scale_of_0_to_100(sender, known_mail):
    from portal.models import Message

    # Scores stored before they were clamped: the dashboard says 0 is very hard and 100 very easy.
    Message.update(readability_nl=128.9).where(Message.id.in_([known_mail["A1"].id, known_mail["A2"].id])).execute()
    Message.update(readability_nl=-12.6).where(Message.id.in_([known_mail["A3"].id, known_mail["A4"].id])).execute()
    aanslag = stats_for(sender.organisation).rows[0]
    assert aanslag.median_readability == 50.0  # middle of 0, 0, 100, 100


def test_all_time_and_a_calendar_month(sender, known_mail):
    assert stats_for(sender.organisation, "all").total.delivered == 7
    october = stats_for(sender.organisation, "2026-10")
    assert [r.message_type for r in october.rows] == ["aanslag"] and october.total.delivered == 1
    assert stats_for(sender.organisation, "2027-02").total.delivered == 6


def test_a_month_starts_at_midnight_in_the_netherlands(sender):
    anna = factories.create_citizen()
    sent(sender.organisation, anna, message_type="x", delivered=datetime(2027, 1, 31, 23, 30))  # 1 Feb, 00:30 NL
    assert stats_for(sender.organisation, "2027-02").total.delivered == 1
    assert stats_for(sender.organisation, "2027-01").total.delivered == 0


def test_before_the_deadline_counts_the_dutch_calendar_day(sender):
    anna = factories.create_citizen()
    # Opened 19 February 23:30 UTC = 20 February 00:30 in the Netherlands: on the deadline date, not before it.
    sent(sender.organisation, anna, message_type="x", delivered=datetime(2027, 2, 1, 9),
         opened=datetime(2027, 2, 19, 23, 30), deadline=date(2027, 2, 20))
    sent(sender.organisation, anna, message_type="x", delivered=datetime(2027, 2, 1, 9),
         opened=datetime(2027, 2, 19, 22, 30), deadline=date(2027, 2, 20))
    assert stats_for(sender.organisation).total.opened_before_deadline == 1


def test_unopened_with_an_open_deadline_lists_only_what_can_still_be_acted_on(sender, known_mail):
    with freeze_time(NOW):
        items, pages = services.unopened_with_open_deadline(sender.organisation, now=datetime(2027, 3, 1, 12))
        count = services.unopened_count(sender.organisation, now=datetime(2027, 3, 1, 12))
    assert [i.message.reference for i in items] == ["A3"] and pages == 1 and count == 1
    assert items[0].days_left == 19


def test_csv_rows_hold_the_same_figures(sender, known_mail):
    rows = services.csv_rows(stats_for(sender.organisation))
    assert rows[0][:3] == ("message_type", "delivered", "opened_within_3_days")
    assert rows[1] == ("aanslag", 4, 2, 3, 1, 1, 0, 0, 0, 0, 0, 1, 24.0, rows[1][-1])
    assert rows[-1][:6] == ("total", 6, 3, 5, 2, 2)
    text = io.StringIO()
    csv.writer(text).writerows(rows)
    assert list(csv.reader(io.StringIO(text.getvalue())))[2][0] == "herinnering"


def test_period_parsing_falls_back_to_90_days():
    now = datetime(2027, 3, 1, 12)
    assert services.Period.parse("nonsense", now=now).key == "90d"
    assert services.Period.parse("2027-13", now=now).key == "90d"
    assert services.Period.parse("12m", now=now).start == now - timedelta(days=365)
    assert services.recent_months(now, 3) == ["2027-03", "2027-02", "2027-01"]
