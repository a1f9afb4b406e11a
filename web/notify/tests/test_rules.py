"""Quiet hours and the backoff, as pure functions of the time given."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from web.notify.rules import backoff, quiet_until

SHANGHAI = ZoneInfo("Asia/Shanghai")
NIGHT = (dt.time(22, 0), dt.time(7, 0))
NOON = (dt.time(12, 0), dt.time(14, 0))


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


@pytest.mark.parametrize(
    ("now", "window", "until"),
    [
        ("2026-07-01 21:59:59", NIGHT, None),
        ("2026-07-01 22:00", NIGHT, "2026-07-02 07:00"),
        ("2026-07-01 23:59:59", NIGHT, "2026-07-02 07:00"),
        ("2026-07-02 00:00", NIGHT, "2026-07-02 07:00"),
        ("2026-07-02 06:59:59", NIGHT, "2026-07-02 07:00"),
        ("2026-07-02 07:00", NIGHT, None),
        ("2026-12-31 23:00", NIGHT, "2027-01-01 07:00"),
        ("2026-07-01 11:59", NOON, None),
        ("2026-07-01 12:00", NOON, "2026-07-01 14:00"),
        ("2026-07-01 14:00", NOON, None),
        ("2026-07-01 03:00", (dt.time(7), dt.time(7)), None),  # start == end: none
    ],
)
def test_quiet_hours_boundaries(now, window, until):
    assert quiet_until(at(now), *window) == (at(until) if until else None)


@given(
    st.datetimes(min_value=dt.datetime(2025, 1, 1), max_value=dt.datetime(2028, 1, 1)),
    st.times(),
    st.times(),
)
def test_quiet_hours_end_later_within_a_day_and_outside_them(naive, start, end):
    now = naive.replace(tzinfo=SHANGHAI)
    start, end = start.replace(microsecond=0), end.replace(microsecond=0)
    until = quiet_until(now, start, end)
    if until is None:
        return
    assert now < until <= now + dt.timedelta(days=1)
    assert until.timetz().replace(tzinfo=None) == end
    assert quiet_until(until, start, end) is None  # the end itself is not quiet


def test_the_backoff_doubles_up_to_its_cap():
    waits = [backoff(n, base_seconds=60, cap_seconds=3600).total_seconds() for n in range(1, 9)]
    assert waits == [60, 120, 240, 480, 960, 1920, 3600, 3600]
