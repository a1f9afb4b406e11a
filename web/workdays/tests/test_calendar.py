"""The calendar as the rest of Jiceng reads it: overrides stored by staff take precedence over
the package, for a year it covers and for one it does not; one query per call."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from web.common import clock
from web.workdays import calendar
from web.workdays.days import LAST_YEAR
from web.workdays.models import Override

D = dt.date.fromisoformat
NEXT = LAST_YEAR + 1


def _override(world, day: str, kind: str, name: str = "调整") -> Override:
    return Override.objects.create(
        day=D(day), kind=kind, name=name, created_by=world.street_staff, created_at=clock.now()
    )


@pytest.mark.django_db
def test_without_overrides_the_package_decides():
    assert calendar.is_working_day(D("2025-10-11"))  # a worked Saturday
    assert not calendar.is_working_day(D("2025-10-08"))
    assert calendar.add_working_days(D("2025-09-30"), 1) == D("2025-10-09")


def test_an_extra_holiday_moves_a_deadline(world):
    assert calendar.add_working_days(D("2026-12-03"), 1) == D("2026-12-04")
    _override(world, "2026-12-04", Override.Kind.HOLIDAY)
    assert not calendar.is_working_day(D("2026-12-04"))
    assert calendar.add_working_days(D("2026-12-03"), 1) == D("2026-12-07")


def test_an_extra_working_day_overrides_a_holiday_of_the_package(world):
    _override(world, "2025-10-08", Override.Kind.WORKDAY)
    assert calendar.is_working_day(D("2025-10-08"))
    assert calendar.add_working_days(D("2025-09-30"), 1) == D("2025-10-08")


def test_next_years_schedule_entered_before_the_package_has_it(world):
    # e.g. a Spring Festival of next year: Mon–Fri off, the Saturday after worked
    monday = next(dt.date(NEXT, 2, d) for d in range(1, 8) if dt.date(NEXT, 2, d).weekday() == 0)
    friday = monday + dt.timedelta(days=4)
    saturday = monday + dt.timedelta(days=5)
    assert calendar.is_working_day(monday)  # Monday to Friday until entered
    for i in range(5):
        _override(world, (monday + dt.timedelta(days=i)).isoformat(), Override.Kind.HOLIDAY, "春节")
    _override(world, saturday.isoformat(), Override.Kind.WORKDAY, "春节")
    assert not calendar.is_working_day(monday)
    assert calendar.is_working_day(saturday)
    assert calendar.add_working_days(monday - dt.timedelta(days=3), 1) == saturday  # from the Friday before
    assert calendar.add_working_days(friday, 1) == saturday


def test_a_call_reads_the_overrides_in_one_query(world):
    for i in range(20):
        _override(world, (D("2027-03-01") + dt.timedelta(days=i)).isoformat(), Override.Kind.HOLIDAY)
    with CaptureQueriesContext(connection) as reads:
        calendar.add_working_days(D("2026-12-03"), 80)
    assert len(reads) == 1
    with CaptureQueriesContext(connection) as reads:
        calendar.is_working_day(D("2027-03-05"))
    assert len(reads) == 1


def test_a_loaded_calendar_answers_many_deadlines_without_more_queries(world):
    _override(world, "2026-12-04", Override.Kind.HOLIDAY)
    cal = calendar.load(since=D("2026-12-01"))
    with CaptureQueriesContext(connection) as reads:
        got = [cal.add_working_days(D("2026-12-01") + dt.timedelta(days=i), 3) for i in range(30)]
    assert len(reads) == 0
    assert got[2] == D("2026-12-09")  # from Thursday the 3rd: the 4th is off → 7, 8, 9
