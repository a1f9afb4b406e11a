"""Writes of the working-day calendar: entering a run of days and removing one, each in one
transaction with an audit entry per day. Only street staff (or above) may write
(``web.org.queries.is_street_staff``), checked here as well as in the view."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from web.accounts.actors import Actor
from web.audit.actions import EntryFields, record, record_many
from web.audit.names import Action
from web.common import clock
from web.org.queries import is_street_staff
from web.workdays.errors import WorkdayError
from web.workdays.models import Override

#: the longest run entered at once (the longest holiday with its weekends is nine days)
MAX_DAYS = 31


def check_may_change(user: Actor) -> None:
    """PermissionDenied with the sentence a refused person reads, unless ``user`` is street staff."""
    if not is_street_staff(user):
        raise PermissionDenied(_("工作日历全国通用，只有街道（乡镇）及以上的组织工作人员可以修改。"))


def _days(first: dt.date, last: dt.date) -> list[dt.date]:
    if last < first:
        raise WorkdayError(_("结束日期不能早于开始日期。"), code="bad_range", status=422)
    count = (last - first).days + 1
    if count > MAX_DAYS:
        raise WorkdayError(
            _("一次最多录入 %(max)s 天，这段有 %(count)s 天。") % {"max": MAX_DAYS, "count": count},
            code="too_long",
            status=422,
        )
    return [first + dt.timedelta(days=i) for i in range(count)]


def _taken_refusal(taken: list[dt.date]) -> WorkdayError:
    listed = _("、").join(d.isoformat() for d in taken[:5])
    if len(taken) > 5:
        listed = _("%(days)s 等 %(count)s 天") % {"days": listed, "count": len(taken)}
    return WorkdayError(
        _("这些日期已有调整：%(days)s。请先删除原来的调整，再重新录入。") % {"days": listed},
        code="taken",
        status=409,
    )


@transaction.atomic
def do_add_overrides(*, first: dt.date, last: dt.date, kind: str, name: str, acting_user: Actor) -> list[Override]:
    """Make every day from ``first`` to ``last`` (both included) a day off or a working day.
    All or nothing: a day that already has an override refuses the whole run, naming it."""
    check_may_change(acting_user)
    if kind not in Override.Kind.values:
        raise WorkdayError(_("请选择放假或上班。"), code="bad_kind", status=422)
    name = name.strip()
    if not name:
        raise WorkdayError(_("请填写名称或事由，例如“春节”。"), code="no_name", status=422)
    days = _days(first, last)
    taken = list(Override.objects.filter(day__in=days).values_list("day", flat=True).order_by("day"))
    if taken:
        raise _taken_refusal(taken)
    now = clock.now()
    try:
        with transaction.atomic():
            made = [
                Override.objects.create(day=day, kind=kind, name=name, created_by=acting_user, created_at=now)
                for day in days
            ]
    except IntegrityError:  # entered by someone else at the same moment
        raise _taken_refusal(days) from None
    entries: list[EntryFields] = [
        {
            "actor": acting_user,
            "action": Action.WORKDAY_OVERRIDE_ADD,
            "obj": o,
            "changes": {"day": [None, o.day], "kind": [None, o.kind], "name": [None, o.name]},
            "at": now,
        }
        for o in made
    ]
    record_many(entries)
    return made


@transaction.atomic
def do_remove_override(*, override: Override, acting_user: Actor, reason: str = "") -> None:
    """Remove one day's override: the day goes back to the package's schedule (or Monday to
    Friday). The audit entry keeps what it was."""
    check_may_change(acting_user)
    current = Override.objects.select_for_update().filter(pk=override.pk).first()
    if current is None:
        raise WorkdayError(_("这项调整已被删除。"), code="gone", status=404)
    record(
        actor=acting_user,
        action=Action.WORKDAY_OVERRIDE_REMOVE,
        obj=current,
        changes={"day": [current.day, None], "kind": [current.kind, None], "name": [current.name, None]},
        reason=reason,
    )
    current.delete()
