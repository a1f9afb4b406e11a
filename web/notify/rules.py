"""When a delivery may go: quiet hours and the retry backoff. Pure functions of the time they
are given (the callers pass ``web.common.clock.now()``), so the tests set the hour by hand."""

from __future__ import annotations

import datetime as dt


def quiet_until(local_now: dt.datetime, start: dt.time, end: dt.time) -> dt.datetime | None:
    """The moment quiet hours end, if ``local_now`` (an aware time in the person's zone) falls
    in them; None if it does not. Quiet hours run from ``start`` up to (not including) ``end``
    and may span midnight (22:00–07:00); ``start == end`` means none."""
    if start == end:
        return None
    t = local_now.timetz().replace(tzinfo=None)
    day = local_now.date()
    if start < end:
        inside, end_day = start <= t < end, day
    else:  # across midnight: from start today to end tomorrow, or from last night until end today
        inside = t >= start or t < end
        end_day = day + dt.timedelta(days=1) if t >= start else day
    if not inside:
        return None
    return dt.datetime.combine(end_day, end, tzinfo=local_now.tzinfo)


def backoff(attempts: int, *, base_seconds: int, cap_seconds: int) -> dt.timedelta:
    """The wait after the ``attempts``-th failed attempt: ``base``, doubled each time, at most ``cap``."""
    return dt.timedelta(seconds=min(cap_seconds, base_seconds * 2 ** max(0, attempts - 1)))
