"""Quarters of a calendar year: the periods in which commitment progress is reported."""

from __future__ import annotations

import datetime as dt

#: progress for a quarter is due in its last days: a reminder goes out this many days before its end
DUE_WINDOW_DAYS = 7


def quarter_of(day: dt.date) -> int:
    return (day.month - 1) // 3 + 1


def quarter_start(year: int, quarter: int) -> dt.date:
    return dt.date(year, 3 * quarter - 2, 1)


def quarter_end(year: int, quarter: int) -> dt.date:
    if quarter == 4:
        return dt.date(year, 12, 31)
    return quarter_start(year, quarter + 1) - dt.timedelta(days=1)


def is_progress_due(day: dt.date) -> bool:
    """True in the last ``DUE_WINDOW_DAYS`` days of ``day``'s quarter (its end day included)."""
    return (quarter_end(day.year, quarter_of(day)) - day).days < DUE_WINDOW_DAYS


def quarter_label(year: int, quarter: int) -> str:
    return f"{year}-Q{quarter}"
