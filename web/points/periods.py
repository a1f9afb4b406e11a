"""Quarters and caps as plain arithmetic (no database): which quarter a day is in, when a
quarter ends, and whether points fit under a cap."""

from __future__ import annotations

import datetime as dt


def quarter_of(day: dt.date) -> int:
    return (day.month - 1) // 3 + 1


def quarter_end(year: int, quarter: int) -> dt.date:
    """The last day of ``quarter`` (1–4) of ``year``; the year's last day for quarter 0."""
    if quarter in (0, 4):
        return dt.date(year, 12, 31)
    return dt.date(year, 3 * quarter + 1, 1) - dt.timedelta(days=1)


def is_over(year: int, quarter: int, today: dt.date) -> bool:
    return today > quarter_end(year, quarter)


def fits_under(cap: int | None, *, already: int, adding: int) -> bool:
    """Whether ``adding`` points on top of ``already`` (net, reversals subtracted) stay within
    ``cap``; no cap always fits. Reaching the cap exactly fits."""
    return cap is None or already + adding <= cap
