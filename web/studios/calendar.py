"""The reception calendar's arithmetic: the days a recurring rule falls on, the session's times in
local time, who of a rule's roster sits on the n-th session, and a rule in words. Pure functions
of their arguments (no database), so the rules can be checked exhaustively."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from typing import TypeVar

from django.utils import timezone
from django.utils.translation import gettext as _

T = TypeVar("T")

EVERY, LAST = 0, 5


def month_days(year: int, month: int, weekday: int) -> list[dt.date]:
    """Every ``weekday`` (Monday 0) of the month, in order."""
    first = dt.date(year, month, 1)
    day = first + dt.timedelta(days=(weekday - first.weekday()) % 7)
    days = []
    while day.month == month:
        days.append(day)
        day += dt.timedelta(days=7)
    return days


def falls_on(week: int, weekday: int, day: dt.date) -> bool:
    """Whether a rule of ``week`` (0 every week, 1–4 the n-th of the month, 5 the last) and
    ``weekday`` falls on ``day``."""
    if day.weekday() != weekday:
        return False
    if week == EVERY:
        return True
    days = month_days(day.year, day.month, weekday)
    if week == LAST:
        return day == days[-1]
    return len(days) >= week and days[week - 1] == day


def days_between(
    week: int, weekday: int, start: dt.date, end: dt.date, *, valid_from: dt.date, valid_until: dt.date | None
) -> Iterator[dt.date]:
    """The days from ``start`` to ``end`` (both included) the rule falls on, within its validity."""
    first = max(start, valid_from)
    last = min(end, valid_until) if valid_until else end
    day = first + dt.timedelta(days=(weekday - first.weekday()) % 7)
    while day <= last:
        if falls_on(week, weekday, day):
            yield day
        day += dt.timedelta(days=7)


def occurrence(week: int, weekday: int, day: dt.date, *, valid_from: dt.date) -> int:
    """Which occurrence of the rule ``day`` is, counting from 0 at its first day on or after
    ``valid_from``: the roster's turn."""
    return sum(
        1
        for _d in days_between(
            week, weekday, valid_from, day - dt.timedelta(days=1), valid_from=valid_from, valid_until=None
        )
    )


def turn(roster: Sequence[T], n: int, per_session: int) -> list[T]:
    """Who of ``roster`` sits on the ``n``-th session: ``per_session`` of them in turn, all when
    ``per_session`` is 0 or not less than the roster."""
    if not roster:
        return []
    if per_session <= 0 or per_session >= len(roster):
        return list(roster)
    start = (n * per_session) % len(roster)
    return [roster[(start + i) % len(roster)] for i in range(per_session)]


def at(day: dt.date, time: dt.time) -> dt.datetime:
    """The moment ``time`` on ``day`` in the site's time zone (Asia/Shanghai)."""
    return timezone.make_aware(dt.datetime.combine(day, time))


def in_words(week: int, weekday: int, starts: dt.time, ends: dt.time) -> str:
    """The rule as a sentence: “每月第二个星期二 09:00–11:30”."""
    from web.studios.models import Rule

    words = {
        0: _("每周%(day)s %(times)s"),
        1: _("每月第一个%(day)s %(times)s"),
        2: _("每月第二个%(day)s %(times)s"),
        3: _("每月第三个%(day)s %(times)s"),
        4: _("每月第四个%(day)s %(times)s"),
        5: _("每月最后一个%(day)s %(times)s"),
    }
    return words[week] % {"day": Rule.Weekday(weekday).label, "times": f"{starts:%H:%M}–{ends:%H:%M}"}
