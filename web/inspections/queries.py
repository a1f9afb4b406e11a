"""Reads of the random inspection and who may see or change what: a plan belongs to its unit (a
district, street or township); whoever sees the unit reads its plan and draws, whoever manages
it (organisation staff, the secretary) changes them; anyone else gets 404. Published draws are
everyone's (the board)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from web.common import clock
from web.inspections.models import Draw, Pick, Plan
from web.org.models import Unit
from web.org.queries import STREET_LEVEL_KINDS, check_path, managed_paths, under_paths, viewable_paths


def this_month(today: dt.date | None = None) -> dt.date:
    day = today or timezone.localdate(clock.now())
    return day.replace(day=1)


def months_before(month: dt.date, n: int) -> dt.date:
    """The first day of the month ``n`` months before ``month``."""
    index = month.year * 12 + month.month - 1 - n
    return dt.date(index // 12, index % 12 + 1, 1)


def access_plan(user: Any, plan_id: int, *, manage: bool = False) -> Plan:
    plan = get_object_or_404(Plan.objects.select_related("unit"), pk=plan_id)
    check_path(user, plan.unit.path, manage=manage)
    return plan


def access_draw(user: Any, draw_id: int, *, manage: bool = False) -> Draw:
    draw = get_object_or_404(Draw.objects.select_related("plan__unit"), pk=draw_id)
    check_path(user, draw.plan.unit.path, manage=manage)
    return draw


def access_pick(user: Any, pick_id: int, *, manage: bool = False) -> Pick:
    pick = get_object_or_404(Pick.objects.select_related("draw__plan__unit", "cadre"), pk=pick_id)
    check_path(user, pick.draw.plan.unit.path, manage=manage)
    return pick


def visible_plans(user: Any) -> QuerySet[Plan]:
    return Plan.objects.filter(under_paths("unit__path", viewable_paths(user))).select_related("unit")


def managed_plans(user: Any) -> QuerySet[Plan]:
    return Plan.objects.filter(under_paths("unit__path", managed_paths(user))).select_related("unit")


def units_without_plan(user: Any) -> QuerySet[Unit]:
    """The districts, streets and townships the user manages that have no plan yet."""
    return Unit.objects.filter(
        under_paths("path", managed_paths(user)), kind__in=STREET_LEVEL_KINDS, inspection_plan__isnull=True
    )


def live_draw(plan: Plan, month: dt.date) -> Draw | None:
    """The month's draw that stands (not superseded), if any."""
    return plan.draws.exclude(state=Draw.State.SUPERSEDED).filter(month=month).first()


def resting_cadres(plan: Plan, month: dt.date) -> dict[int, dt.date]:
    """Cadre id → the month of their last inspection, for cadres drawn by a published draw of the
    plan within the ``rest_months`` months up to ``month`` (``month`` itself included)."""
    since = months_before(month, max(plan.rest_months - 1, 0))
    rows = Pick.objects.filter(
        draw__plan=plan, draw__state=Draw.State.DRAWN, draw__month__gte=since, draw__month__lte=month
    ).values_list("cadre_id", "draw__month")
    out: dict[int, dt.date] = {}
    for cadre_id, when in rows:
        out[cadre_id] = max(out.get(cadre_id, when), when)
    return out if plan.rest_months else {}


def draws_of(plan: Plan) -> QuerySet[Draw]:
    return (
        plan.draws.defer("pool", "cadre_record", "cadre_result", "inspector_record", "inspector_result")
        .annotate(open_findings=Count("picks", filter=Q(picks__finding="")))
        .order_by("-month", "-attempt")
    )


def public_draws() -> QuerySet[Draw]:
    return (
        Draw.objects.exclude(state=Draw.State.OPEN)
        .select_related("plan__unit")
        .defer("pool", "cadre_record", "inspector_record", "inspector_result", "seed_first")
        .order_by("-month", "plan__unit__path", "-attempt")
    )
