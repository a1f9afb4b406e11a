"""A case's deadlines: in working days (``web.workdays``) for most categories, in hours for
urgent ones. A deadline in days is the end of that working day, in the local time zone."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from web.workdays.calendar import add_working_days

#: a dissatisfied return visit gives the office this many working days to redo the case (the
#: national service rating: a bad rating is rectified within 15 working days, DOMAIN.md §7)
REDO_DAYS = 15


def end_of(day: dt.date) -> dt.datetime:
    """The last moment of ``day`` in the local time zone."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(23, 59, 59)))


def after(start: dt.datetime, amount: int, *, urgent: bool) -> dt.datetime:
    """The deadline ``amount`` working days (hours when ``urgent``) after ``start``."""
    if urgent:
        return start + dt.timedelta(hours=amount)
    return end_of(add_working_days(timezone.localtime(start), amount))
