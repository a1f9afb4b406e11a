"""The inquiries' periodic job (``web.jobs.queue.PERIODIC``): an inquiry whose written answer is
still missing on the working day after its deadline is moved to overdue (``web.congress.flow``),
and the representative and the liaison office are told through the outbox.

The deadline is a day (``Inquiry.answer_by``, the end of that working day); the job reasons in
days of the working-day calendar (``web.workdays``, with the staff's overrides). Each inquiry is
moved in a transaction of its own, under its lock, after reading it again: an answer recorded in
between wins, and a job run twice (or by two workers) moves and tells nobody twice."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from web.common import clock
from web.congress import notices
from web.congress.flow import INQUIRIES
from web.congress.models import Inquiry
from web.workdays.calendar import load


def late_on(day: dt.date) -> list[int]:
    """The inquiries waiting for a written answer whose deadline's day is over by ``day``: read
    by the ``(state, answer_by)`` index."""
    waiting = sorted(INQUIRIES.moves["overdue"].leaves)
    rows = Inquiry.objects.filter(state__in=waiting, answer_by__lt=day).order_by("answer_by", "id")
    return list(rows.values_list("pk", flat=True))


def flag_overdue(*, now: dt.datetime | None = None) -> int:
    """Move the inquiries whose written answer is late to overdue; returns how many."""
    moment = now or clock.now()
    today = timezone.localdate(moment)
    calendar = load(since=today - dt.timedelta(days=60))
    # on a day off the deadline of the last working day has not passed for anyone yet: the notice
    # comes with the next working day, as the requests' overdue notice does
    if not calendar.is_working_day(today):
        return 0
    made = 0
    for pk in late_on(today):
        with transaction.atomic():
            inquiry = INQUIRIES.locked(Inquiry(pk=pk), "meeting__body", "filed_by")
            if inquiry.state not in INQUIRIES.moves["overdue"].leaves or inquiry.answer_by >= today:
                continue
            INQUIRIES.move(inquiry, "overdue", None, reason=inquiry.answer_by.isoformat())
            notices.overdue(inquiry)
            made += 1
    return made
