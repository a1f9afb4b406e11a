"""Staff pages of the random inspection: the plans the person sees, a plan (settings, pools,
the month's draw and earlier draws), a draw (freeze, seed, results and findings), and the
POST-only forms that each run one action."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from web.accounts.actors import acting
from web.common.attempt import attempt
from web.common.listing import Filter, listing
from web.common.numbers import is_ascii_digits
from web.inspections import actions, queries
from web.inspections.errors import refuse
from web.inspections.models import Cadre, Draw, Inspector, Sequence
from web.org.queries import access_unit, can_manage_path


def _int(value: str | None) -> int | None:
    value = (value or "").strip()
    return int(value) if value and is_ascii_digits(value) and len(value) < 6 else None


def _month(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(f"{(value or '').strip()}-01")
    except ValueError:
        return None


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    plans = list(queries.visible_plans(request.user))
    month = queries.this_month()
    live = {d.plan_id: d for d in Draw.objects.filter(plan__in=plans, month=month).exclude(state=Draw.State.SUPERSEDED)}
    return render(
        request,
        "inspections/home.html",
        {
            "rows": [(p, live.get(p.pk)) for p in plans],
            "units": list(queries.units_without_plan(request.user)),
            "month": month,
        },
    )


def _sequence(rows: Any, value: str) -> Any:
    return rows.filter(sequence=value)


@login_required
@require_GET
def plan(request: HttpRequest, plan_id: int) -> HttpResponse:
    the_plan = queries.access_plan(request.user, plan_id)
    cadres = listing(
        request,
        the_plan.cadres.order_by("sequence", "workplace", "id"),
        search=lambda rows, q: rows.filter(name__contains=q) | rows.filter(workplace__contains=q),
        filters=[Filter("sequence", gettext_lazy("系统"), _sequence, choices=Sequence.choices)],
        placeholder=gettext_lazy("姓名或所在单位"),
        per_page=30,
    )
    inspectors = listing(
        request,
        the_plan.inspectors_pool.order_by("workplace", "id"),
        search=lambda rows, q: rows.filter(name__contains=q) | rows.filter(workplace__contains=q),
        prefix="i",
        placeholder=gettext_lazy("姓名或所在单位"),
        per_page=30,
    )
    draws = listing(request, queries.draws_of(the_plan), prefix="d", per_page=12)
    month = queries.this_month()
    return render(
        request,
        "inspections/plan.html",
        {
            "plan": the_plan,
            "manage": can_manage_path(request.user, the_plan.unit.path),
            "cadres": cadres,
            "inspectors": inspectors,
            "draws": draws,
            "month": month,
            "live": queries.live_draw(the_plan, month),
            "sequences": Sequence.choices,
        },
    )


def _numbers(request: HttpRequest) -> dict[str, int]:
    return {k: v for k in actions.LIMITS if (v := _int(request.POST.get(k))) is not None}


@require_POST
@login_required
def plan_create(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = access_unit(request.user, unit_id, manage=True)
    done = attempt(
        request,
        lambda: actions.do_save_plan(unit=unit, title=request.POST.get("title", ""), acting_user=acting(request),
                                     **_numbers(request)),
        _("随机考察方案已建立。"),
    )  # fmt: skip
    return redirect("inspections:plan", plan_id=done.value.pk) if done.value else redirect("inspections:home")


@require_POST
@login_required
def plan_save(request: HttpRequest, plan_id: int) -> HttpResponse:
    the_plan = queries.access_plan(request.user, plan_id, manage=True)
    attempt(
        request,
        lambda: actions.do_save_plan(unit=the_plan.unit, title=request.POST.get("title", ""),
                                     acting_user=acting(request), **_numbers(request)),
        _("方案已保存。"),
    )  # fmt: skip
    return redirect("inspections:plan", plan_id=plan_id)


@require_POST
@login_required
def pool_add(request: HttpRequest, plan_id: int) -> HttpResponse:
    the_plan = queries.access_plan(request.user, plan_id, manage=True)
    post = request.POST
    inspector = post.get("pool") == "inspectors"
    attempt(
        request,
        lambda: actions.do_add_to_pool(
            plan=the_plan,
            name=post.get("name", ""),
            workplace=post.get("workplace", ""),
            sequence="" if inspector else (post.get("sequence") or "-"),
            post=post.get("post", ""),
            acting_user=acting(request),
        ),
        lambda e: _("已列入名单：%(name)s") % {"name": e.name},
    )
    return redirect(reverse("inspections:plan", args=[plan_id]) + ("#inspectors" if inspector else "#cadres"))


@require_POST
@login_required
def exclude(request: HttpRequest, plan_id: int) -> HttpResponse:
    the_plan = queries.access_plan(request.user, plan_id, manage=True)
    post = request.POST
    pk = _int(post.get("id")) or 0
    entry: Cadre | Inspector = (
        get_object_or_404(Inspector.objects.select_related("plan__unit"), pk=pk, plan=the_plan)
        if post.get("pool") == "inspectors"
        else get_object_or_404(Cadre.objects.select_related("plan__unit"), pk=pk, plan=the_plan)
    )
    reason = "" if post.get("restore") else post.get("reason", "")

    def run() -> Any:
        if not post.get("restore") and not reason.strip():
            raise refuse(_("请写明不参加抽取的理由。"), "reason_required", 422)
        return actions.do_set_exclusion(entry=entry, reason=reason, acting_user=acting(request))

    attempt(request, run, _("已保存。"))
    return redirect("inspections:plan", plan_id=plan_id)


@require_POST
@login_required
def draw_open(request: HttpRequest, plan_id: int) -> HttpResponse:
    the_plan = queries.access_plan(request.user, plan_id, manage=True)
    month = _month(request.POST.get("month")) or queries.this_month()
    done = attempt(
        request,
        lambda: actions.do_open_draw(plan=the_plan, month=month, reason=request.POST.get("reason", ""),
                                     acting_user=acting(request)),
        _("已开始抽取。请核对名单，然后冻结名单。"),
    )  # fmt: skip
    return (
        redirect("inspections:draw", draw_id=done.value.pk)
        if done.value
        else redirect("inspections:plan", plan_id=plan_id)
    )


@login_required
@require_GET
def draw(request: HttpRequest, draw_id: int) -> HttpResponse:
    the_draw = queries.access_draw(request.user, draw_id)
    preview = actions.build_pool(the_draw) if the_draw.state == Draw.State.OPEN else the_draw.pool
    return render(
        request,
        "inspections/draw.html",
        {
            "draw": the_draw,
            "plan": the_draw.plan,
            "manage": can_manage_path(request.user, the_draw.plan.unit.path),
            "pool": preview,
            "short": actions.pool_shortfalls(preview) if the_draw.state == Draw.State.OPEN else [],
            "picks": list(the_draw.picks.select_related("cadre", "finding_by")),
            "events": list(the_draw.events.select_related("by")),
            "recused": _recused(the_draw),
            "first_by_me": the_draw.seed_first_by_id == request.user.pk,
        },
    )


def _recused(draw: Draw) -> list[dict[str, str]]:
    if draw.state not in (Draw.State.DRAWN, Draw.State.SUPERSEDED) or not draw.cadre_result:
        return []
    from web.inspections.records import recused

    return recused(draw.pool, [p["id"] for p in draw.cadre_result["chosen"]])


_STEPS: dict[str, tuple[Callable[..., Any], tuple[str, ...], Any]] = {
    "freeze": (actions.do_freeze_pool, (), gettext_lazy("名单已冻结，散列值已公布。现在可以确定种子。")),
    "enter": (actions.do_enter_seed, ("seed", "source"), gettext_lazy("种子已录入。")),
    "clear": (actions.do_clear_seed, ("reason",), gettext_lazy("第一次录入已撤回。")),
    "commit": (actions.do_commit_seed, ("commitment", "source"), gettext_lazy("种子承诺已公布。")),
    "reveal": (actions.do_reveal_seed, ("seed",), gettext_lazy("种子与承诺相符，已抽取并公布。")),
}


@require_POST
@login_required
def draw_step(request: HttpRequest, draw_id: int, step: str) -> HttpResponse:
    the_draw = queries.access_draw(request.user, draw_id, manage=True)
    if step not in _STEPS:
        raise Http404
    action, fields, said = _STEPS[step]
    args = {f: request.POST.get(f, "") for f in fields}
    attempt(request, lambda: action(draw=the_draw, acting_user=acting(request), **args), said)
    return redirect("inspections:draw", draw_id=draw_id)


@require_POST
@login_required
def finding(request: HttpRequest, pick_id: int) -> HttpResponse:
    pick = queries.access_pick(request.user, pick_id, manage=True)
    attempt(
        request,
        lambda: actions.do_record_finding(pick=pick, text=request.POST.get("finding", ""), acting_user=acting(request)),
        _("考察情况已记录。"),
    )
    return redirect(reverse("inspections:draw", args=[pick.draw_id]) + "#picks")
