"""Which days are working days, and "N working days after T": pure, no database.

A day is a working day when the staff's override says so; else, within the years the
``chinesecalendar`` package covers, when the State Council's schedule says so (statutory
holidays and the weekend days worked in their place, 调休); else, for a year the package does
not know yet, when it is Monday to Friday. ``WorkCalendar`` holds the overrides it was given;
``web.workdays.calendar`` reads them from the database.

Counting follows the Civil Code's rule for periods (《民法典》第二百零一条: 开始的当日不计入，
自下一日开始计算): the day of T never counts, whatever its hour and whether or not it is a
working day; day 1 is the first working day after it. docs/workdays.md says why.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from zoneinfo import ZoneInfo

import chinese_calendar

#: the time zone a moment is read in to find its calendar day
CHINA = ZoneInfo("Asia/Shanghai")

#: the years the package's schedule covers (it refuses any other year)
FIRST_YEAR = min(chinese_calendar.holidays).year
LAST_YEAR = max(chinese_calendar.holidays).year

#: the most days a count may look ahead before giving up (a year of overrides all holidays
#: would have to be entered for this to matter)
_HORIZON = 3 * 366


@lru_cache(maxsize=8192)
def official(day: dt.date) -> bool | None:
    """The package's answer (True: a working day), or None for a year it does not cover."""
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        return None
    return bool(chinese_calendar.is_workday(day))


def official_name(day: dt.date) -> str:
    """The Chinese name of the statutory holiday ``day`` belongs to (a holiday or the weekend day
    worked for it), or "" for an ordinary day or a year the package does not cover."""
    if official(day) is None:
        return ""
    _on_holiday, name = chinese_calendar.get_holiday_detail(day)
    for holiday in chinese_calendar.Holiday:
        if holiday.value == name:
            return str(holiday.chinese)
    return str(name or "")


@dataclass(frozen=True)
class Run:
    """Consecutive days of the package's schedule alike: off (a holiday) or worked (调休上班)."""

    first: dt.date
    last: dt.date
    working: bool
    name: str


def official_runs(year: int) -> list[Run]:
    """The package's schedule for ``year`` as runs of days (2026-02-15 to 02-23 off, 春节; 02-14
    worked, 春节), in date order; empty for a year it does not cover."""
    marked = sorted(
        [(d, False) for d in chinese_calendar.holidays if d.year == year]
        + [(d, True) for d in chinese_calendar.workdays if d.year == year]
    )
    runs: list[Run] = []
    for day, working in marked:
        name = official_name(day)
        last = runs[-1] if runs else None
        if last and last.working == working and last.name == name and last.last + dt.timedelta(days=1) == day:
            runs[-1] = Run(last.first, day, working, name)
        else:
            runs.append(Run(day, day, working, name))
    return runs


def day_of(moment: dt.datetime | dt.date) -> dt.date:
    """The calendar day of ``moment`` in China: an aware datetime is read in Asia/Shanghai, a
    naive one as the wall time there, a date as itself."""
    if isinstance(moment, dt.datetime):
        if moment.tzinfo is not None:
            moment = moment.astimezone(CHINA)
        return moment.date()
    return moment


@dataclass(frozen=True)
class WorkCalendar:
    """The calendar with a set of overrides: ``{day: True}`` makes a day a working day,
    ``{day: False}`` a day off."""

    overrides: Mapping[dt.date, bool] = field(default_factory=dict)

    def is_working_day(self, day: dt.date) -> bool:
        if day in self.overrides:
            return self.overrides[day]
        known = official(day)
        if known is not None:
            return known
        return day.weekday() < 5

    def add_working_days(self, start: dt.datetime | dt.date, n: int) -> dt.date:
        """The day on which the ``n``-th working day after ``start`` falls.

        The day of ``start`` is never counted (nor is its hour looked at): day 1 is the first
        working day after it. ``n == 0`` gives the day of ``start`` itself, so
        ``add(add(T, n), m) == add(T, n + m)`` for every ``n, m >= 0``. A negative ``n`` is a
        ValueError."""
        if n < 0:
            raise ValueError(f"n must be 0 or more, not {n}")
        day = day_of(start)
        give_up = day + dt.timedelta(days=n * 7 + _HORIZON)
        while n:
            day += dt.timedelta(days=1)
            if day > give_up:
                raise ValueError("no working day found within three years of the last: check the overrides")
            if self.is_working_day(day):
                n -= 1
        return day
