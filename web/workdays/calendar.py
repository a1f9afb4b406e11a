"""The working-day calendar as the rest of Jiceng reads it: the package's schedule with the
staff's overrides (``web.workdays.days`` has the rules and docs/workdays.md the why).

Every deadline counted in working days goes through :func:`add_working_days`. Each call reads
the overrides from the given day on in one small query (a few dozen rows a year); a page that
counts many deadlines calls :func:`load` once and asks the calendar it returns.
"""

from __future__ import annotations

import datetime as dt

from web.workdays.days import WorkCalendar, day_of
from web.workdays.models import Override


def load(*, since: dt.date | None = None) -> WorkCalendar:
    """The calendar with the overrides stored now (those from ``since`` on, when given)."""
    rows = Override.objects.all() if since is None else Override.objects.filter(day__gte=since)
    return WorkCalendar({day: kind == Override.Kind.WORKDAY for day, kind in rows.values_list("day", "kind")})


def is_working_day(day: dt.date) -> bool:
    """Whether ``day`` is a working day: an override if there is one for it, else the State
    Council's schedule (the package), else Monday to Friday for a year it does not cover."""
    kind = Override.objects.filter(day=day).values_list("kind", flat=True).first()
    return WorkCalendar({} if kind is None else {day: kind == Override.Kind.WORKDAY}).is_working_day(day)


def add_working_days(start: dt.datetime | dt.date, n: int) -> dt.date:
    """The day of the ``n``-th working day after ``start`` (工作日 counted from the day after):
    the day of ``start`` never counts, whatever its hour or whether it is a working day.
    ``n == 0`` gives that day itself; negative ``n`` is a ValueError."""
    return load(since=day_of(start)).add_working_days(start, n)
