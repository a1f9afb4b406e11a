"""The cases' periodic jobs (``web.jobs.queue.PERIODIC``): reminders before a deadline, the
overdue notice after it, the return visit asked of the requester, and escalation.

Deadlines in working days end with their day (``web.cases.deadlines``), so the jobs reason in
days of the working-day calendar (``web.workdays``, with the staff's overrides), read once per
run; urgent cases count hours.

- **Sign-for reminder** (催办签收): on the day the office's sign-for window ends (urgent: in its
  last quarter, at least the last hour), to the office's desks.
- **Reply reminder** (催办答复): when the reply is due within one working day (due today or on the
  next working day; urgent: in the last quarter of its hours), to the office's desks.
- **Overdue notice** (逾期): on the next working day after the deadline's day (urgent: at once), to
  the office's desks and the dispatchers of the place.
- **Return visit** (回访): the working day after the reply, if no visit was recorded yet, the
  requester is asked to rate it (``notices.visit_ask``).
- **Escalation** by overdue (``web.cases.escalation.sweep``).
- **Pruning** the intake's rate-limit rows past their window (``prune_intake_attempts``).

Each reminder and overdue notice writes its history event once (``CASES.event``: ``reminded``
with the code ``sign`` or ``reply``, ``overdue``; the deadline it is about as its reason), under
the case's lock, and notifies with keys named by that deadline: a job run twice, or by two
workers, writes and sends nothing twice; a new deadline (another office's window, an extension,
a redo) is reminded of again. Each case is handled in a transaction of its own.

The candidates are read by the ``(state, reply_by)`` index (``case_deadline``): cases waiting to
be signed for (few), cases whose reply deadline falls in a narrow window, cases replied lately.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from web.cases import escalation, notices
from web.cases.deadlines import end_of
from web.cases.flow import CASES
from web.cases.models import Case, CaseEvent, IntakeAttempt
from web.common import clock
from web.notify.outbox import Phone
from web.workdays.calendar import load
from web.workdays.days import WorkCalendar

#: how far back the overdue notice and the visit request look (a worker down for a while catches up)
LOOKBACK = escalation.LOOKBACK
#: the codes of the reminder events, and of the note that the return visit was asked for
SIGN, REPLY, VISIT_ASK = "sign", "reply", "visit_ask"


@dataclass(frozen=True)
class Today:
    """One run's moment, its local day, and the calendar from a little before it."""

    now: dt.datetime
    day: dt.date
    calendar: WorkCalendar
    #: the next working day after each day asked (many deadlines share a day)
    _next: dict[dt.date, dt.date] = field(default_factory=dict, compare=False)

    @classmethod
    def at(cls, now: dt.datetime | None = None) -> Today:
        moment = now or clock.now()
        day = timezone.localtime(moment).date()
        return cls(moment, day, load(since=day - LOOKBACK - dt.timedelta(days=1)))

    def next_working_day(self, day: dt.date) -> dt.date:
        if day not in self._next:
            self._next[day] = self.calendar.add_working_days(day, 1)
        return self._next[day]


@dataclass(frozen=True)
class Due:
    """A candidate as read (a row, not a model: the jobs read thousands): the case, the deadline
    in question, and its category's urgency and time for it (hours when urgent)."""

    pk: int
    at: dt.datetime
    urgent: bool
    within: int

    @property
    def found(self) -> str:
        return notices.stamp(self.at)


def _dues(rows: QuerySet[Case], deadline: str, within: str) -> list[Due]:
    return [Due(*row) for row in rows.order_by().values_list("pk", deadline, "entry__urgent", f"entry__{within}")]


def _urgent_soon(hours: int) -> dt.timedelta:
    """An urgent deadline's "soon": its last quarter, at least an hour, at most a day."""
    return min(max(dt.timedelta(hours=hours) / 4, dt.timedelta(hours=1)), dt.timedelta(hours=24))


def _day(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment).date()


def sign_is_soon(d: Due, t: Today) -> bool:
    if d.urgent:
        return d.at - t.now <= _urgent_soon(d.within)
    return _day(d.at) <= t.day


def reply_is_soon(d: Due, t: Today) -> bool:
    if d.urgent:
        return d.at - t.now <= _urgent_soon(d.within)
    return _day(d.at) <= t.next_working_day(t.day)


def is_overdue_to_tell(d: Due, t: Today) -> bool:
    return d.urgent or t.next_working_day(_day(d.at)) <= t.day


# ---- one event per deadline ----------------------------------------------------------------------


def _recorded(kind: str, cases: list[int] | QuerySet[Case]) -> set[tuple[int, str, str]]:
    """``(case id, code, deadline)`` of the reminders or overdue events already written for
    ``cases`` (ids, or a query read as a subquery): one query."""
    if isinstance(cases, list) and not cases:
        return set()
    within: Any = cases if isinstance(cases, list) else cases.values("pk")
    return set(CaseEvent.objects.filter(case_id__in=within, kind=kind).values_list("case_id", "code", "reason"))


Deadline = Callable[[Case], dt.datetime | None]


def _once(found: tuple[int, str, str], kind: str, deadline_of: Deadline, tell: Callable[[Case], int]) -> bool:
    """Under the case's lock: if the case still has the deadline it was found with (``found``:
    id, code, deadline) and its event is not written yet, write it and tell who must hear.
    Returns whether it did."""
    case_id, code, deadline = found
    with transaction.atomic():
        case = CASES.locked(Case(pk=case_id), "entry", "office", "unit")
        now_due = deadline_of(case)
        if now_due is None or notices.stamp(now_due) != deadline or case.state not in Case.HANDLING:
            return False
        if case.events.filter(kind=kind, code=code, reason=deadline).exists():
            return False
        CASES.event(case, kind, None, reason=deadline, code=code, office=case.office)
        tell(case)
        return True


def _sign_soon(case: Case) -> int:
    return notices.to_office(case, "case.sign_soon", key=notices.sign_soon_key(case), due=case.sign_by)


def _reply_soon(case: Case) -> int:
    return notices.to_office(case, "case.reply_soon", key=notices.reply_soon_key(case), due=case.reply_by)


def _overdue(case: Case) -> int:
    also = notices.dispatchers_for(case)
    return notices.to_office(case, "case.overdue", key=notices.overdue_key(case), due=case.reply_by, also=also)


# ---- the jobs ------------------------------------------------------------------------------------


def remind(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Reminders before the sign-for and reply deadlines, and the return visit asked for;
    returns how many of each were made (run again: none)."""
    t = Today.at(now)
    horizon = max(t.now + dt.timedelta(hours=24), end_of(t.next_working_day(t.day)))
    waiting = Case.objects.filter(state=Case.State.DISPATCHED, sign_by__gt=t.now, sign_by__lte=horizon)
    to_sign = [d for d in _dues(waiting, "sign_by", "sign_within") if sign_is_soon(d, t)]
    due = Case.objects.filter(state__in=sorted(Case.HANDLING), reply_by__gt=t.now, reply_by__lte=horizon)
    to_reply = [d for d in _dues(due, "reply_by", "reply_within") if reply_is_soon(d, t)]
    done = _recorded(CaseEvent.Kind.REMINDED, [d.pk for d in to_sign + to_reply])
    made = {"sign": 0, "reply": 0, "visit": 0}
    for d in to_sign:
        found = (d.pk, SIGN, d.found)
        if found not in done:
            made["sign"] += _once(found, CaseEvent.Kind.REMINDED, _sign_by_if_waiting, _sign_soon)
    for d in to_reply:
        found = (d.pk, REPLY, d.found)
        if found not in done:
            made["reply"] += _once(found, CaseEvent.Kind.REMINDED, lambda case: case.reply_by, _reply_soon)
    made["visit"] = ask_for_visits(t)
    return made


def _sign_by_if_waiting(case: Case) -> dt.datetime | None:
    return case.sign_by if case.state == Case.State.DISPATCHED else None


def overdue(*, now: dt.datetime | None = None) -> int:
    """The overdue notices of the deadlines missed (the next working day after); returns how many."""
    t = Today.at(now)
    late = [d for d in _dues(escalation.late(t.now), "reply_by", "reply_within") if is_overdue_to_tell(d, t)]
    if not late:
        return 0
    done = _recorded(CaseEvent.Kind.OVERDUE, escalation.late(t.now))
    made = 0
    for d in late:
        found = (d.pk, REPLY, d.found)
        if found not in done:
            made += _once(found, CaseEvent.Kind.OVERDUE, _reply_by_if_late(t), _overdue)
    return made


def _reply_by_if_late(t: Today) -> Deadline:
    def deadline(case: Case) -> dt.datetime | None:
        return case.reply_by if case.reply_by is not None and case.reply_by < t.now else None

    return deadline


def ask_for_visits(t: Today) -> int:
    """Ask the requesters of the cases replied before today's working day, and not visited yet, to
    rate the reply; once per reply: the ask is written in the case's history (a ``note`` with the
    code ``visit_ask``, after the reply), so the next run finds it in the one query that reads
    them. A requester who left no way to reach them is not asked. Returns how many were asked."""
    replied = Case.objects.filter(state=Case.State.REPLIED, replied_at__gte=t.now - LOOKBACK).order_by()
    found = [
        c
        for c in replied.only("pk", "replied_at", "requester_user_id", "requester_id", "requester_phone")
        if c.replied_at is not None
        and t.next_working_day(_day(c.replied_at)) <= t.day
        and (c.requester_user_id or c.requester_id or Phone.of(c.requester_phone))
    ]
    if not found:
        return 0
    asked: dict[int, dt.datetime] = {}
    rows = CaseEvent.objects.filter(case_id__in=replied.values("pk"), kind=CaseEvent.Kind.NOTE, code=VISIT_ASK)
    for case_id, at in rows.values_list("case_id", "at"):
        asked[case_id] = max(at, asked.get(case_id, at))
    made = 0
    for c in found:
        assert c.replied_at is not None
        if c.pk in asked and asked[c.pk] >= c.replied_at:
            continue
        with transaction.atomic():
            case = CASES.locked(c, "entry", "unit", "requester_user__person", "requester")
            if case.state == Case.State.REPLIED and case.replied_at == c.replied_at and notices.visit_ask(case):
                CASES.event(
                    case, CaseEvent.Kind.NOTE, None, reason=_("已请诉求人评价办理结果（回访）。"), code=VISIT_ASK
                )
                made += 1
    return made


def escalate(*, now: dt.datetime | None = None) -> int:
    """Escalate the cases whose missed deadlines reached their overdue rule; returns how many."""
    return len(escalation.sweep(now=now))


def prune_intake_attempts(*, now: dt.datetime | None = None) -> int:
    """Delete the intake's rate-limit rows (``IntakeAttempt``) that no limit counts any more:
    a filing older than ``INTAKE_WINDOW``, a wrong tracking code older than
    ``LOGIN_ATTEMPTS_WINDOW``. A limit counts the rows at or after ``now - window``
    (``web.cases.intake.limits``), this deletes those before it, so pruning never changes what
    a limit says. Run again, it finds none; returns how many it deleted."""
    moment = now or clock.now()
    windows = {
        IntakeAttempt.Kind.TAKE: settings.INTAKE_WINDOW,
        IntakeAttempt.Kind.FOLLOW: settings.LOGIN_ATTEMPTS_WINDOW,
    }
    deleted = 0
    for kind, seconds in windows.items():
        old = IntakeAttempt.objects.filter(kind=kind, at__lt=moment - dt.timedelta(seconds=seconds))
        deleted += old.delete()[0]
    return deleted
