"""A demo year told on the one clock (``web.common.clock``), for the demo data of a village's
year: matters deliberated, commitments adopted and reported on, posted on the public board.

The year is the one that holds the day 60 days ago, so at least two months of it have passed
whenever the demo is seeded (seeded on 2026-12-01 it is 2026; on 2027-02-10, still 2026). A
day of the story is a fraction of the way from the year's first working week to today, so the
same story fits a year seen in March or in December. The clock is set by hand, never past
the real "now", and put back when the story ends (as the elections demo does)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

from django.utils import timezone

from web.common import clock


def demo_year(today: dt.date) -> int:
    return (today - dt.timedelta(days=60)).year


class YearStory:
    """Days of the demo year and the clock set to them."""

    def __init__(self, real_now: dt.datetime) -> None:
        self.real_now = real_now
        self.today = timezone.localdate(real_now)
        self.year = demo_year(self.today)
        self.start = dt.date(self.year, 1, 6)
        self.at_moment = real_now

    # -- days ----------------------------------------------------------------------------
    def day(self, fraction: float) -> dt.date:
        """The day ``fraction`` of the way from the year's first working week to today."""
        return self.start + dt.timedelta(days=round(fraction * (self.today - self.start).days))

    @staticmethod
    def moment(day: dt.date, hour: int = 9, minute: int = 0) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))

    # -- the clock -----------------------------------------------------------------------
    def now(self) -> dt.datetime:
        return self.at_moment

    def set(self, when: dt.datetime | dt.date, hour: int = 9, minute: int = 0) -> dt.datetime:
        """Set the clock to ``when`` (a day at ``hour``:``minute``), or to just before the real
        now if that is later."""
        if not isinstance(when, dt.datetime):
            when = self.moment(when, hour, minute)
        # in UTC, as ``timezone.now()`` gives it: the audit chain hashes the time as written
        self.at_moment = min(when, self.real_now - dt.timedelta(minutes=1)).astimezone(dt.UTC)
        return self.at_moment

    def at(self, fraction: float, hour: int = 9, minute: int = 0) -> dt.datetime:
        return self.set(self.day(fraction), hour, minute)


@contextmanager
def year_story() -> Iterator[YearStory]:
    """The one clock replaced by a demo year's story until the block ends."""
    story = YearStory(timezone.now().replace(second=0, microsecond=0))
    with clock.told_by(story.now):
        yield story
