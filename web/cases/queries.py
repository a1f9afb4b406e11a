"""Reads of cases for the staff pages: the one case a person may read, the lists each kind of
person works from, and a case's deadlines and history in words.

Every list is built on an index of ``Case.Meta.indexes`` (the office's queue, the lead's desk,
the representative's cases, the state and deadline) or on the place's path, and never joins to
what it does not show: no DISTINCT on the common paths, so a list of a million cases reads a page
with LIMIT and counts at most ``COUNT_AT_MOST`` + 1 rows (``web.common.listing``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import Coalesce, Substr
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext_lazy

from web.cases import access, deadlines
from web.cases.models import Case, CaseEvent, Desk, Office
from web.common.numbers import is_ascii_digits
from web.org.models import Role, Unit
from web.org.queries import under_paths, viewable_paths
from web.workdays.calendar import load
from web.workdays.days import WorkCalendar, day_of

#: a list counts at most this many rows, then says "more than"
COUNT_AT_MOST = 1000
#: "overdue soon": the reply deadline falls within this many working days
SOON_DAYS = 2
#: the columns a list shows (and nothing more is read)
LIST_RELATED = ("entry", "unit", "office")
#: the fields a row of a list reads: what it shows and what its deadline in words needs (not the
#: description, the reply or the requester: the description's first characters come as ``excerpt``)
LIST_FIELDS = (
    "id", "state", "level", "escalated", "received_at", "sign_by", "reply_by", "entry_id", "unit_id", "office_id",
    "entry__name", "entry__urgent", "unit__name", "office__name",
)  # fmt: skip
#: how much of the description a row shows
EXCERPT = 40


def access_case(user: Any, case_id: int) -> Case:
    """The case, when ``user`` may read it (``access.may_read``); else 404, so that whether it
    exists is not revealed."""
    case = Case.objects.select_related(
        "entry", "unit", "office", "lead", "representative", "merged_into", "late_office"
    ).filter(pk=case_id)
    found = case.first()
    if found is None or not access.may_read(user, found):
        raise Http404
    return found


def may_contact(user: Any, case: Case) -> bool:
    """The requester's name and phone are shown only to those handling the case: its offices,
    its dispatchers, the representative linked to it."""
    return (
        access.handles(user, case)
        or access.dispatches(user, case)
        or case.lead_id in access.office_ids(user)
        or case.representative_id == getattr(user, "pk", None)
        or access.assists(user, case)
    )


# ---- the lists ------------------------------------------------------------------------------


def _rows(q: Q) -> QuerySet[Case]:
    """The rows of a list: only the columns it shows (the description's first characters are read
    for the page's rows alone, by ``dress``: a count of the list reads no row's text)."""
    return Case.objects.filter(q).select_related(*LIST_RELATED).only(*LIST_FIELDS)


def after_filtering(field: str) -> Coalesce:
    """``field`` as a sort key no index can give in order (``COALESCE(f, f)``).

    A list of a few states (the open ones, a small share of a million cases) must be read by the
    index on its filter (``case_queue``, ``case_deadline``) and its few rows sorted; ordered by a
    bare indexed column, SQLite (whose statistics see 8 states as 1/8 of the table each) walks
    that column's index in order instead, through every closed case: measured on 1.5 million
    cases, the desk's new cases took 17 s that way and take milliseconds this way."""
    return Coalesce(F(field), F(field))


def queue(user: Any, tab: str, *, now: dt.datetime) -> QuerySet[Case]:
    """A handler's queue: the cases at the offices where they sit (index ``case_queue``)."""
    offices = access.office_ids(user)
    mine = Q(office_id__in=offices)
    S = Case.State
    if tab == "sign":
        return _rows(mine & Q(state=S.DISPATCHED)).order_by(after_filtering("sign_by"), "id")
    if tab == "soon":
        soon = deadlines.after(now, SOON_DAYS, urgent=False)
        return _rows(mine & Q(state__in=Case.HANDLING, reply_by__lte=soon)).order_by("reply_by", "id")
    if tab == "returned":  # by deadline, as the other tabs: read in order from ``case_queue``
        return _rows(mine & Q(state=S.RETURNED)).order_by("reply_by", "id")
    return _rows(mine & Q(state=S.SIGNED)).order_by("reply_by", "id")


def _per_state(grouped: Any) -> Callable[..., int]:
    """A grouped count's rows (``state`` and counts) as ``n(state, name="n")``, 0 when absent."""
    by_state: dict[str, dict[str, Any]] = {row["state"]: dict(row) for row in grouped}
    return lambda state, name="n": int(by_state.get(state, {}).get(name, 0))


def queue_counts(user: Any, *, now: dt.datetime) -> dict[str, int]:
    """Each tab of the queue with its exact count, in one grouped query read from ``case_queue``
    alone (office, state, reply_by: every column it needs is in the index)."""
    S = Case.State
    soon = deadlines.after(now, SOON_DAYS, urgent=False)
    grouped = (
        Case.objects.filter(office_id__in=access.office_ids(user), state__in=(S.SIGNED, S.DISPATCHED, S.RETURNED))
        .order_by()
        .values("state")
        .annotate(n=Count("id"), soon=Count("id", filter=Q(state__in=Case.HANDLING, reply_by__lte=soon)))
    )
    n = _per_state(grouped)
    return {
        "reply": n(S.SIGNED),
        "sign": n(S.DISPATCHED),
        "soon": sum(n(state, "soon") for state in Case.HANDLING),
        "returned": n(S.RETURNED),
    }


QUEUE_TABS = (
    ("reply", gettext_lazy("待答复")),
    ("sign", pgettext_lazy("queue tab", "待签收")),
    ("soon", gettext_lazy("快到期")),
    ("returned", gettext_lazy("我退回的")),
)


#: the condition of the ``case_desk_tabs`` partial index, word for word (``Case.OPEN_SQL``)
DESK_COUNTED = [Case.OPEN_SQL, '"cases_case"."escalated" >= 0']


def dispatch_scope(user: Any) -> Q:
    """The cases a dispatcher decides on: located under their office's unit, or led by it."""
    paths = access.dispatch_paths(user)
    leads = [office for office, _p, post, _l in access._desks(user) if post == Desk.Post.DISPATCHER]
    return under_paths("unit_path", paths) | Q(lead_id__in=leads)


def desk(user: Any, tab: str) -> QuerySet[Case]:
    """A dispatcher's desk: new, returned, escalated, waiting for the visit, waiting to close."""
    S = Case.State
    scope = dispatch_scope(user)
    # each tab one state read in date order from ``case_state_received`` (never the whole table
    # in id order, looking for the few in that state)
    if tab == "returned":
        return _rows(scope & Q(state=S.RETURNED)).order_by("-received_at", "-id")
    if tab == "escalated":
        escalated = scope & Q(state__in=(S.DISPATCHED, S.SIGNED), escalated__gt=0)
        # the few escalated ones read from ``case_desk_tabs`` (state, escalated…), not by reading
        # every case being handled to look at its count (69 ms at a million)
        return _rows(escalated).extra(where=DESK_COUNTED).order_by(after_filtering("reply_by"), "id")
    if tab == "visit":
        return _rows(scope & Q(state=S.REPLIED)).order_by(after_filtering("replied_at"), "id")
    if tab == "close":
        return _rows(scope & Q(state=S.VISITED)).order_by("received_at", "id")
    return _rows(scope & Q(state=S.RECEIVED)).order_by("received_at", "id")


def open_only(rows: QuerySet[Case]) -> QuerySet[Case]:
    """The open cases of ``rows``, in words the partial index ``case_open`` answers to."""
    return rows.extra(where=[Case.OPEN_SQL])


def desk_counts(user: Any) -> dict[str, int]:
    """Each tab of the desk with its exact count, in one grouped query over the open cases of the
    dispatcher's place, read from the partial index ``case_desk_tabs`` alone (state, escalated,
    lead, path of the open cases: a small share of all, whatever the number closed)."""
    S = Case.State
    grouped = (
        Case.objects.filter(dispatch_scope(user))
        .extra(where=DESK_COUNTED)
        .order_by()
        .values("state")
        .annotate(n=Count("id"), escalated_n=Count("id", filter=Q(escalated__gt=0)))
    )
    n = _per_state(grouped)
    return {
        "new": n(S.RECEIVED),
        "returned": n(S.RETURNED),
        "escalated": n(S.DISPATCHED, "escalated_n") + n(S.SIGNED, "escalated_n"),
        "visit": n(S.REPLIED),
        "close": n(S.VISITED),
    }


DESK_TABS = (
    ("new", gettext_lazy("待派单")),
    ("returned", gettext_lazy("退单待审核")),
    ("escalated", gettext_lazy("已提级")),
    ("visit", gettext_lazy("待回访")),
    ("close", gettext_lazy("待办结")),
)


def represented(user: Any) -> QuerySet[Case]:
    """A representative's cases, newest first (index ``case_representative``): those they took or
    were referred, and those they referred on to another representative (index
    ``case_event_by_kind``)."""
    return _rows(Q(representative=user) | Q(pk__in=access.referred_on(user).values("case_id"))).order_by(
        "-received_at", "-id"
    )


def grid_paths(user: Any) -> list[str]:
    return sorted(
        {
            path
            for path in Role.objects.filter(user=user, kind=Role.Kind.GRID_WORKER).values_list("unit__path", flat=True)
        }
    )


def grid_units(paths: list[str]) -> list[int]:
    """The units of the grids at ``paths`` (the grid and its buildings): a grid's cases are read
    by the index on their unit, a short list, where a path prefix is no index for SQLite."""
    return list(Unit.objects.filter(under_paths("path", paths)).values_list("pk", flat=True)[:5000])


def in_grid(user: Any) -> QuerySet[Case]:
    """A grid worker's grid: the cases located in it, newest first."""
    return _rows(Q(unit_id__in=grid_units(grid_paths(user)))).order_by("-received_at", "-id")


def subtree(user: Any) -> QuerySet[Case]:
    """Every case located in the units the person may read (street staff: their street)."""
    paths = viewable_paths(user) + access.dispatch_paths(user)
    return _rows(under_paths("unit_path", paths)).order_by("-received_at", "-id")


def search(rows: QuerySet[Case], q: str) -> QuerySet[Case]:
    """A case number, the requester's phone number, or words of the description."""
    if is_ascii_digits(q):
        if len(q) > 9:
            return rows.filter(requester_phone=q)
        return rows.filter(pk=int(q))
    return rows.filter(description__contains=q)


#: the states that are a small share of all cases: a list narrowed to one is sorted after filtering
FEW = frozenset(Case.State.values) - {Case.State.CLOSED, Case.State.MERGED}


def in_state(rows: QuerySet[Case], state: str) -> QuerySet[Case]:
    """The ``state`` filter of a long list: an open state is read by its index and sorted after."""
    rows = rows.filter(state=state)
    return rows.order_by(after_filtering("received_at").desc(), "-id") if state in FEW else rows


def overdue_rows(rows: QuerySet[Case], value: str, *, now: dt.datetime) -> QuerySet[Case]:
    if value == "yes":
        return rows.filter(state__in=Case.HANDLING, reply_by__lt=now).order_by(after_filtering("reply_by"), "id")
    return rows


def offices_for(user: Any) -> QuerySet[Office]:
    """The offices under the units the person reads, or where they sit: the office filter."""
    paths = viewable_paths(user) + access.dispatch_paths(user)
    return Office.objects.filter(under_paths("unit_path", paths) | Q(pk__in=access.office_ids(user)))


def covering_offices(case: Case) -> QuerySet[Office]:
    """The offices whose area holds the case's place, or lies inside it: those it may go to."""
    return Office.objects.filter(Q(unit_id__in=case.unit.ancestor_ids()) | Q(unit_path__startswith=case.unit_path))


def find_offices(case: Case, q: str, *, limit: int = 20) -> list[Office]:
    """Offices that may take the case (covering its place) whose name holds ``q``."""
    rows = covering_offices(case)
    if q:
        rows = rows.filter(name__contains=q)
    return list(rows.order_by("level", "name")[:limit])


def representatives(user: Any) -> QuerySet[Any]:
    """The other representatives (a case may be referred to any of them)."""
    from django.contrib.auth import get_user_model

    holders = Role.objects.filter(kind=Role.Kind.REPRESENTATIVE).values("user_id")
    return get_user_model().objects.filter(pk__in=holders).exclude(pk=user.pk)


def find_representatives(user: Any, q: str, *, limit: int = 20) -> list[Any]:
    """Other representatives whose name or username holds ``q``."""
    users = representatives(user)
    if q:
        users = users.filter(Q(display_name__contains=q) | Q(username__contains=q))
    return list(users.order_by("display_name", "username")[:limit])


# ---- words ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Due:
    """A deadline in words: "已逾期 2 个工作日", "还剩 3 个工作日", "今天到期"."""

    at: dt.datetime
    words: str
    late: bool


def working_days_between(calendar: WorkCalendar, start: dt.date, end: dt.date) -> int:
    """The working days after ``start`` up to and including ``end`` (``end`` after ``start``)."""
    n, day = 0, start
    while day < end:
        day += dt.timedelta(days=1)
        n += calendar.is_working_day(day)
    return n


class Counted:
    """The working days between today and each day asked, counted by walking the calendar once
    from today outward (a page's rows share days, and a case overdue for months would otherwise
    walk them again for each row)."""

    def __init__(self, calendar: WorkCalendar, today: dt.date) -> None:
        self.calendar = calendar
        #: day → the working days after it up to and including today (days before today)
        self._since = {today: 0}
        #: day → the working days after today up to and including it (days after today)
        self._until = {today: 0}
        self.today = self._first = self._last = today

    def between(self, start: dt.date, end: dt.date) -> int:
        """``working_days_between(calendar, start, end)`` where ``start`` or ``end`` is today."""
        if self.today not in (start, end):
            return working_days_between(self.calendar, start, end)
        one = dt.timedelta(days=1)
        while self._first > start:
            self._since[self._first - one] = self._since[self._first] + self.calendar.is_working_day(self._first)
            self._first -= one
        while self._last < end:
            self._until[self._last + one] = self._until[self._last] + self.calendar.is_working_day(self._last + one)
            self._last += one
        return self._since[start] if end == self.today else self._until[end]


def due(
    at: dt.datetime | None,
    *,
    now: dt.datetime,
    calendar: WorkCalendar,
    urgent: bool = False,
    counted: Counted | None = None,
) -> Due | None:
    if at is None:
        return None
    if urgent:
        hours = int((at - now).total_seconds() // 3600)
        if at < now:
            late = int((now - at).total_seconds() // 3600)
            return Due(at, ngettext("已逾期 %(n)s 小时", "已逾期 %(n)s 小时", late) % {"n": late}, True)
        return Due(at, ngettext("还剩 %(n)s 小时", "还剩 %(n)s 小时", hours) % {"n": hours}, False)
    today, day = day_of(now), timezone.localdate(at)
    between = counted.between if counted is not None else lambda a, b: working_days_between(calendar, a, b)
    if at < now:
        n = between(day, today)
        if n == 0:
            return Due(at, _("已逾期"), True)
        return Due(at, ngettext("已逾期 %(n)s 个工作日", "已逾期 %(n)s 个工作日", n) % {"n": n}, True)
    if day == today:
        return Due(at, _("今天到期"), False)
    n = between(today, day)
    return Due(at, ngettext("还剩 %(n)s 个工作日", "还剩 %(n)s 个工作日", n) % {"n": n}, False)


def calendar_now(now: dt.datetime) -> WorkCalendar:
    """The working-day calendar for deadlines from a month back on (one query per page)."""
    return load(since=day_of(now) - dt.timedelta(days=60))


def deadline_of(case: Case, *, now: dt.datetime, calendar: WorkCalendar, counted: Counted | None = None) -> Due | None:
    """The deadline that matters now, named: signing while it waits to be signed, else the reply."""
    urgent = case.entry.urgent
    if case.state == Case.State.DISPATCHED:
        sign = due(case.sign_by, now=now, calendar=calendar, urgent=urgent, counted=counted)
        return Due(sign.at, _("签收：%(words)s") % {"words": sign.words}, sign.late) if sign else None
    if case.state == Case.State.SIGNED:
        reply = due(case.reply_by, now=now, calendar=calendar, urgent=urgent, counted=counted)
        return Due(reply.at, _("办理：%(words)s") % {"words": reply.words}, reply.late) if reply else None
    return None


def with_deadlines(cases: Any, *, now: dt.datetime) -> None:
    """Mark each case of a page with ``due`` (the deadline that matters now, in words)."""
    calendar = calendar_now(now)
    counted = Counted(calendar, day_of(now))
    for case in cases:
        case.due = deadline_of(case, now=now, calendar=calendar, counted=counted)


def dress(cases: Any, *, now: dt.datetime) -> None:
    """Give each case of a list's page what its row shows, worked out once per page rather than
    per row in the template: its link, its title, its state and level in words, its deadline
    (``due``) and the first characters of its description (a description may hold 4,000; the
    row shows 40; one query by the page's ids)."""
    cases = list(cases)
    with_deadlines(cases, now=now)
    excerpts = dict(
        Case.objects.filter(pk__in=[case.pk for case in cases]).values_list("pk", Substr("description", 1, EXCERPT + 1))
    )
    head, _slash, tail = reverse("cases:case", args=[0]).rpartition("/0/")
    title = _("诉求 %(number)s")
    states = {key: str(label) for key, label in Case.State.choices}
    levels = {key: str(label) for key, label in Office.Level.choices}
    for case in cases:
        case.link = f"{head}/{case.pk}/{tail}"
        case.title = title % {"number": case.pk}
        case.state_words = states.get(case.state, case.state)
        case.level_words = levels.get(case.level, "")
        case.excerpt = excerpts.get(case.pk, "")


def history(case: Case) -> list[CaseEvent]:
    """The case's events in order, each with its office and who."""
    return list(case.events.select_related("office", "by").order_by("id"))


def event_words(event: CaseEvent) -> str:
    """One event as a sentence: what happened, where, and why when there is a reason."""
    from web.cases.actions import ReturnReason

    words = str(event.get_kind_display())
    office = event.office.name if event.office_id and event.office else ""
    K = CaseEvent.Kind
    if event.kind == K.RECEIVED and event.code in Case.Channel.values:
        words = _("受理（%(channel)s）") % {"channel": Case.Channel(event.code).label}
    elif event.kind == K.DISPATCHED and office:
        words = _("派单到 %(office)s") % {"office": office}
    elif event.kind == K.ESCALATED and office:
        words = _("提级到 %(office)s") % {"office": office}
    elif event.kind == K.RETURNED:
        reason = dict(ReturnReason.CHOICES).get(event.code, "")
        words = _("%(office)s 退单：%(reason)s") % {"office": office, "reason": reason} if reason else words
    elif event.kind == K.MERGED and event.code:
        words = _("合并到诉求 %(number)s") % {"number": event.code}
    elif event.kind in (K.VISITED, K.REDO) and event.code:
        from web.cases.models import Visit

        method = dict(Visit.Method.choices).get(event.code, "")
        words = _("%(what)s（%(method)s）") % {"what": words, "method": method} if method else words
    elif office:
        words = f"{words} · {office}"
    return words
