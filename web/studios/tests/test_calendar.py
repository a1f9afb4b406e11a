"""The calendar's arithmetic: the days a rule falls on, whose turn it is."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from web.studios import calendar


def test_second_tuesday_of_each_month() -> None:
    days = list(
        calendar.days_between(
            2, 1, dt.date(2026, 1, 1), dt.date(2026, 4, 30), valid_from=dt.date(2026, 1, 1), valid_until=None
        )
    )
    assert days == [dt.date(2026, 1, 13), dt.date(2026, 2, 10), dt.date(2026, 3, 10), dt.date(2026, 4, 14)]


def test_last_friday_and_validity() -> None:
    days = list(
        calendar.days_between(
            5,
            4,
            dt.date(2026, 1, 1),
            dt.date(2026, 12, 31),
            valid_from=dt.date(2026, 3, 1),
            valid_until=dt.date(2026, 5, 29),
        )
    )
    assert days == [dt.date(2026, 3, 27), dt.date(2026, 4, 24), dt.date(2026, 5, 29)]


def test_a_fifth_week_that_a_month_lacks_is_skipped() -> None:
    # week 4 exists in every month; a month has four or five of each weekday
    for month in range(1, 13):
        assert (
            len(
                list(
                    calendar.days_between(
                        4,
                        0,
                        dt.date(2026, month, 1),
                        dt.date(2026, month, 28) + dt.timedelta(days=3),
                        valid_from=dt.date(2026, 1, 1),
                        valid_until=None,
                    )
                )
            )
            >= 1
        )


@given(
    week=st.integers(0, 5),
    weekday=st.integers(0, 6),
    start=st.dates(dt.date(2024, 1, 1), dt.date(2028, 12, 31)),
    span=st.integers(0, 120),
)
def test_days_are_exactly_those_the_rule_falls_on(week: int, weekday: int, start: dt.date, span: int) -> None:
    end = start + dt.timedelta(days=span)
    found = list(calendar.days_between(week, weekday, start, end, valid_from=start, valid_until=None))
    every = [start + dt.timedelta(days=i) for i in range(span + 1)]
    assert found == [d for d in every if calendar.falls_on(week, weekday, d)]
    if week in (1, 2, 3, 4, 5):  # at most one a month
        assert len({(d.year, d.month) for d in found}) == len(found)


@given(
    roster=st.lists(st.integers(), min_size=1, max_size=9, unique=True), per=st.integers(0, 12), n=st.integers(0, 60)
)
def test_turns_share_the_roster_evenly(roster: list[int], per: int, n: int) -> None:
    chosen = calendar.turn(roster, n, per)
    expected = len(roster) if per == 0 or per >= len(roster) else per
    assert len(chosen) == len(set(chosen)) == expected
    if 0 < per < len(roster):  # over len(roster) sessions everyone sits per times
        counts = {r: 0 for r in roster}
        for i in range(len(roster)):
            for r in calendar.turn(roster, i, per):
                counts[r] += 1
        assert set(counts.values()) == {per}


def test_in_words() -> None:
    assert calendar.in_words(2, 1, dt.time(9), dt.time(11, 30)) == "每月第二个星期二 09:00–11:30"
    assert calendar.in_words(0, 4, dt.time(14), dt.time(17)) == "每周星期五 14:00–17:00"
