"""The rules of the working-day calendar, without the database: the real 调休 days of 2024–2026
(each checked against the State Council's notice and the package), the years the package does not
cover, and the properties "N working days after T" must keep (hypothesis)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from web.workdays.days import LAST_YEAR, WorkCalendar, official, official_name, official_runs

D = dt.date.fromisoformat
PLAIN = WorkCalendar()

#: weekend days worked in place of a holiday (国务院办公厅 notices for 2024, 2025 and 2026)
WORKED_WEEKENDS = [
    ("2024-02-04", "春节"),  # Sunday
    ("2024-02-18", "春节"),  # Sunday
    ("2024-09-29", "国庆节"),  # Sunday
    ("2024-10-12", "国庆节"),  # Saturday
    ("2025-01-26", "春节"),  # Sunday
    ("2025-02-08", "春节"),  # Saturday
    ("2025-04-27", "劳动节"),  # Sunday
    ("2025-09-28", "国庆节"),  # Sunday
    ("2025-10-11", "国庆节"),  # Saturday
    ("2026-01-04", "元旦"),  # Sunday
    ("2026-02-14", "春节"),  # Saturday
    ("2026-02-28", "春节"),  # Saturday
    ("2026-05-09", "劳动节"),  # Saturday
    ("2026-09-20", "国庆节"),  # Sunday
    ("2026-10-10", "国庆节"),  # Saturday
]

#: weekdays that are statutory holidays or days off in lieu
WEEKDAY_HOLIDAYS = [
    ("2024-02-12", "春节"),  # Monday
    ("2024-10-07", "国庆节"),  # Monday
    ("2025-01-28", "春节"),  # Tuesday, 除夕
    ("2025-02-04", "春节"),  # Tuesday, the last day
    ("2025-05-05", "劳动节"),  # Monday
    ("2025-10-08", "国庆节"),  # Wednesday, the last day of the eight
    ("2026-01-02", "元旦"),  # Friday
    ("2026-02-23", "春节"),  # Monday, the ninth day
    ("2026-04-06", "清明"),  # Monday
    ("2026-06-19", "端午"),  # Friday
    ("2026-09-25", "中秋"),  # Friday
    ("2026-10-07", "国庆节"),  # Wednesday
]


@pytest.mark.parametrize(("day", "holiday"), WORKED_WEEKENDS)
def test_a_weekend_day_worked_for_a_holiday_is_a_working_day(day, holiday):
    assert D(day).weekday() >= 5
    assert PLAIN.is_working_day(D(day))
    assert official_name(D(day)) == holiday


@pytest.mark.parametrize(("day", "holiday"), WEEKDAY_HOLIDAYS)
def test_a_weekday_in_a_holiday_is_a_day_off(day, holiday):
    assert D(day).weekday() < 5
    assert not PLAIN.is_working_day(D(day))
    assert official_name(D(day)) == holiday


def test_ordinary_days_follow_the_week():
    assert PLAIN.is_working_day(D("2026-12-03"))  # a Thursday
    assert not PLAIN.is_working_day(D("2026-12-05"))  # a Saturday
    assert official_name(D("2026-12-03")) == ""


# "N working days after T": the day of T never counts ----------------------------------------

AFTER = [
    # T, n, the day: across 2025's National Day (Oct 1–8 off, Sep 28 and Oct 11 worked)
    ("2025-09-26", 1, "2025-09-28"),  # Friday → the worked Sunday
    ("2025-09-27", 1, "2025-09-28"),  # from a Saturday: the worked Sunday is day 1
    ("2025-09-28", 1, "2025-09-29"),
    ("2025-09-30", 1, "2025-10-09"),  # the eight days off are skipped
    ("2025-09-30", 3, "2025-10-11"),  # …and the worked Saturday counts
    ("2025-10-04", 1, "2025-10-09"),  # from inside the holiday
    # 2026's Spring Festival: Feb 15–23 off, Feb 14 and Feb 28 worked
    ("2026-02-13", 1, "2026-02-14"),
    ("2026-02-14", 1, "2026-02-24"),
    ("2026-02-24", 4, "2026-02-28"),
    # 2024's Spring Festival: Feb 10–17 off, Feb 4 and Feb 18 worked
    ("2024-02-09", 1, "2024-02-18"),
    ("2024-02-03", 1, "2024-02-04"),
    # across New Year 2026 (Jan 1–3 off, Jan 4 worked)
    ("2025-12-31", 1, "2026-01-04"),
    ("2025-12-31", 2, "2026-01-05"),
    # an ordinary week: Friday + 1 is Monday, + 5 the next Friday
    ("2026-12-04", 1, "2026-12-07"),
    ("2026-12-04", 5, "2026-12-11"),
]


@pytest.mark.parametrize(("start", "n", "day"), AFTER)
def test_n_working_days_after(start, n, day):
    assert PLAIN.add_working_days(D(start), n) == D(day)


def test_the_hour_of_t_does_not_matter():
    china = ZoneInfo("Asia/Shanghai")
    morning = dt.datetime(2026, 12, 3, 8, 0, tzinfo=china)
    late = dt.datetime(2026, 12, 3, 23, 59, tzinfo=china)
    assert PLAIN.add_working_days(morning, 1) == PLAIN.add_working_days(late, 1) == D("2026-12-04")


def test_a_moment_is_read_on_chinas_calendar():
    # 2026-12-03 17:00 UTC is 2026-12-04 01:00 in Beijing: T's day is Friday the 4th
    t = dt.datetime(2026, 12, 3, 17, 0, tzinfo=dt.UTC)
    assert PLAIN.add_working_days(t, 1) == D("2026-12-07")
    assert PLAIN.add_working_days(t.replace(tzinfo=None), 1) == D("2026-12-04")  # naive: wall time in China


def test_zero_is_the_day_of_t_itself_even_when_off():
    assert PLAIN.add_working_days(D("2025-10-04"), 0) == D("2025-10-04")
    assert PLAIN.add_working_days(dt.datetime(2025, 10, 4, 22, 0), 0) == D("2025-10-04")


def test_a_negative_count_is_refused():
    with pytest.raises(ValueError, match="0 or more"):
        PLAIN.add_working_days(D("2026-12-03"), -1)


def test_overrides_that_close_every_day_stop_the_count():
    closed = WorkCalendar({D("2027-01-01") + dt.timedelta(days=i): False for i in range(4 * 366)})
    with pytest.raises(ValueError, match="no working day"):
        closed.add_working_days(D("2026-12-31"), 1)


# beyond the package ------------------------------------------------------------------------


def test_the_package_covers_the_year_it_was_released_for():
    assert LAST_YEAR >= 2026
    assert official(D("2026-12-31")) is True
    assert official(dt.date(LAST_YEAR + 1, 1, 4)) is None


def test_a_year_the_package_does_not_know_is_monday_to_friday():
    after = LAST_YEAR + 1
    first_monday = next(dt.date(after, 1, d) for d in range(1, 8) if dt.date(after, 1, d).weekday() == 0)
    assert PLAIN.is_working_day(first_monday)
    assert not PLAIN.is_working_day(first_monday - dt.timedelta(days=1))  # a Sunday
    assert official_name(first_monday) == ""
    assert PLAIN.is_working_day(D("1999-10-01"))  # a Friday before the package's first year


def test_an_override_wins_over_the_package_and_the_week():
    cal = WorkCalendar({D("2025-10-08"): True, D("2026-12-03"): False, D("2027-01-02"): True})
    assert cal.is_working_day(D("2025-10-08"))  # a holiday made a working day
    assert not cal.is_working_day(D("2026-12-03"))  # a Thursday made a day off
    assert cal.is_working_day(D("2027-01-02"))  # a Saturday of next year's schedule
    assert cal.add_working_days(D("2026-12-02"), 1) == D("2026-12-04")


# properties ----------------------------------------------------------------------------------

days = st.dates(min_value=D("2003-06-01"), max_value=D("2029-12-31"))
counts = st.integers(min_value=0, max_value=60)
overrides = st.dictionaries(st.dates(min_value=D("2023-01-01"), max_value=D("2028-12-31")), st.booleans(), max_size=40)
moments = st.datetimes(min_value=dt.datetime(2003, 6, 1), max_value=dt.datetime(2029, 12, 31), timezones=st.none())


@settings(max_examples=300, deadline=None)
@given(days, st.integers(min_value=1, max_value=60), overrides)
def test_the_result_is_a_working_day_after_t(start, n, extra):
    cal = WorkCalendar(extra)
    got = cal.add_working_days(start, n)
    assert got > start
    assert cal.is_working_day(got)


@settings(max_examples=300, deadline=None)
@given(days, counts, overrides)
def test_exactly_n_working_days_lie_after_t_up_to_the_result(start, n, extra):
    cal = WorkCalendar(extra)
    got = cal.add_working_days(start, n)
    between = [start + dt.timedelta(days=i) for i in range(1, (got - start).days + 1)]
    assert sum(cal.is_working_day(d) for d in between) == n


@settings(max_examples=300, deadline=None)
@given(days, counts, counts, overrides)
def test_counting_in_two_goes_is_counting_in_one(start, n, m, extra):
    cal = WorkCalendar(extra)
    assert cal.add_working_days(cal.add_working_days(start, n), m) == cal.add_working_days(start, n + m)


@settings(max_examples=300, deadline=None)
@given(days, counts, overrides)
def test_one_more_day_is_strictly_later(start, n, extra):
    cal = WorkCalendar(extra)
    assert cal.add_working_days(start, n + 1) > cal.add_working_days(start, n)


@settings(max_examples=300, deadline=None)
@given(days, st.integers(min_value=0, max_value=20), counts, overrides)
def test_a_later_t_never_gives_an_earlier_day(start, later_by, n, extra):
    cal = WorkCalendar(extra)
    later = start + dt.timedelta(days=later_by)
    assert cal.add_working_days(later, n) >= cal.add_working_days(start, n)


@settings(max_examples=200, deadline=None)
@given(moments, counts)
def test_a_moment_counts_as_its_day(moment, n):
    assert PLAIN.add_working_days(moment, n) == PLAIN.add_working_days(moment.date(), n)


def test_the_packages_schedule_for_a_year_as_runs():
    runs = {(r.first.isoformat(), r.last.isoformat(), r.working, r.name) for r in official_runs(2026)}
    assert ("2026-02-15", "2026-02-23", False, "春节") in runs  # nine days off
    assert ("2026-02-14", "2026-02-14", True, "春节") in runs
    assert ("2026-10-01", "2026-10-07", False, "国庆节") in runs
    assert ("2026-09-20", "2026-09-20", True, "国庆节") in runs
    assert len([r for r in official_runs(2026) if r.working]) == 6
    assert official_runs(LAST_YEAR + 1) == []
