"""Staff pages of matters: propose, see where a matter stands, hold and conclude its steps,
record minutes, gates and disclosures. Each view checks access, parses, calls one action."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from web.common.attempt import attempt
from web.deliberation import actions, queries
from web.deliberation import steps as st
from web.deliberation.chains import CHAINS, FAILURE_NAMES, GATES
from web.deliberation.errors import DeliberationError
from web.deliberation.forms import DiscloseForm, FinanceForm, HoldForm, MatterForm
from web.deliberation.models import Disclosure, Matter, MatterStep
from web.org import queries as org_queries
from web.org.models import Body
from web.org.views.browse import breadcrumbs


@require_http_methods(["GET", "POST"])
@login_required
def unit_matters(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = org_queries.access_unit(request.user, unit_id)
    form = MatterForm(request.POST or None)
    if request.method == "POST":
        org_queries.access_unit(request.user, unit_id, manage=True)
        if form.is_valid():
            done = attempt(
                request,
                lambda: actions.do_propose_matter(unit=unit, acting_user=request.user, **form.cleaned_data),
                _("事项已提出，进入第一个议事环节。"),
            )
            if done:
                return redirect(done.value)
    return render(
        request,
        "deliberation/unit_matters.html",
        {
            "unit": unit,
            "crumbs": breadcrumbs(unit, request.user),
            "form": form,
            "finance_form": FinanceForm(prefix="finance"),
            "can_manage": org_queries.can_manage_path(request.user, unit.path),
            "matters": queries.matters_of(unit),
            "finances": queries.public_disclosures(unit, Disclosure.Kind.FINANCE),
        },
        status=422 if form.errors else 200,
    )


def _rules_shown(step: MatterStep) -> list[tuple[str, str, str]]:
    """Per body kind that may hold the step: its name, the quorum and the pass rule as the engine reads them."""
    from jiceng.rules import parse_condition

    rows = []
    for kind, rules in step.settings.get("bodies", {}).items():
        label = str(Body.Kind(kind).label) if kind in Body.Kind.values else kind
        rows.append((label, parse_condition(rules["quorum"]).text, parse_condition(rules["passes"]).text))
    return rows


def _step_rows(matter: Matter) -> list[dict[str, Any]]:
    return [
        {
            "step": step,
            "name": st.step_name(step),
            "voting": st.is_voting(step),
            "events": list(step.events.all()),
            "attachments": list(step.attachments.all()),
            "counts": st.result_counts(step.poll),
            "on_not_quorate": FAILURE_NAMES.get(step.settings.get("on_not_quorate", "")),
            "on_rejected": FAILURE_NAMES.get(step.settings.get("on_rejected", "")),
            "rules": _rules_shown(step),
        }
        for step in matter.steps.select_related("meeting", "poll").prefetch_related(
            "events__by", "events__poll", "attachments"
        )
    ]


@require_GET
@login_required
def matter_detail(request: HttpRequest, matter_id: int) -> HttpResponse:
    matter = queries.access_matter(request.user, matter_id)
    current = matter.current_step
    context: dict[str, Any] = {
        "matter": matter,
        "crumbs": breadcrumbs(matter.unit, request.user),
        "can_manage": org_queries.can_manage_path(request.user, matter.unit.path),
        "chain_name": _(CHAINS.get(matter.chain, {}).get("name", matter.chain)),
        "rows": _step_rows(matter),
        "current": current,
        "current_name": st.step_name(current) if current else "",
        "blockers": st.blockers(current) if current else [],
        "gates": [
            (key, text, matter.gates.filter(gate=key).select_related("by").first()) for key, text in GATES.items()
        ]
        if matter.kind == Matter.Kind.APPOINTMENT
        else [],
        "disclosures": matter.disclosures.all(),
        "hold_form": HoldForm(),
        "disclose_form": DiscloseForm(),
    }
    if current is not None and st.is_voting(current):
        context["bodies"] = st.bodies_for(current)
        context["joint_body"] = st.joint_body_for(current)
    if current is not None and current.kind == "decision_disclosure":
        from web.common import clock

        context["earliest_until"] = actions.earliest_until(clock.now(), int(current.settings.get("min_days", 0)))
    return render(request, "deliberation/matter.html", context)


def _hold(request: HttpRequest, step: MatterStep) -> Any:
    form = HoldForm(request.POST)
    if not form.is_valid():
        raise DeliberationError(_("请选择机构并填写召开时间。"), code="bad_form", status=422)
    body = Body.objects.filter(pk=form.cleaned_data["body"], unit=step.matter.unit).first()
    if body is None:
        raise DeliberationError(_("这个机构不能召开本环节的会议。"), code="bad_body", status=422)
    return actions.do_hold_step(
        step=step,
        body=body,
        starts_at=form.cleaned_data["starts_at"],
        place=form.cleaned_data["place"],
        acting_user=request.user,
    )


def _minutes(request: HttpRequest, step: MatterStep) -> Any:
    return actions.do_record_minutes(step=step, text=request.POST.get("minutes", ""), acting_user=request.user)


def _attachment(request: HttpRequest, step: MatterStep) -> Any:
    upload = request.FILES.get("file")
    if upload is None:
        raise DeliberationError(_("请选择要上传的文件。"), code="no_file", status=422)
    return actions.do_attach_minutes(step=step, upload=upload, acting_user=request.user)


def _conclude(request: HttpRequest, step: MatterStep) -> Any:
    return actions.do_conclude_step(step=step, acting_user=request.user)


def _defer(request: HttpRequest, step: MatterStep) -> Any:
    return actions.do_defer_vote(step=step, reason=request.POST.get("reason", "")[:300], acting_user=request.user)


def _disclose(request: HttpRequest, step: MatterStep) -> Any:
    form = DiscloseForm(request.POST)
    if not form.is_valid():
        raise DeliberationError(_("请填写公开的标题、内容和有效的截止日期。"), code="bad_form", status=422)
    return actions.do_disclose(step=step, acting_user=request.user, **form.cleaned_data)


STEPS: dict[str, tuple[Callable[[HttpRequest, MatterStep], Any], Any]] = {
    "hold": (_hold, gettext_lazy("会议和表决已建立，请到会议页面签到、投票、计票。")),
    "minutes": (_minutes, gettext_lazy("会议记录已保存。")),
    "attachment": (_attachment, gettext_lazy("会议记录附件已上传。")),
    "conclude": (_conclude, gettext_lazy("已按计票结果办结本环节。")),
    "defer": (_defer, gettext_lazy("已暂缓表决，理由已记录。")),
    "disclose": (_disclose, gettext_lazy("已在公开栏公开。")),
}


@require_POST
@login_required
def step_action(request: HttpRequest, matter_id: int, step_id: int, action: str) -> HttpResponse:
    matter = queries.access_matter(request.user, matter_id, manage=True)
    step = queries.step_of(matter, step_id)
    if action not in STEPS:
        raise Http404
    handler, done = STEPS[action]
    attempt(request, lambda: handler(request, step), done)
    return redirect(matter)


@require_POST
@login_required
def gate(request: HttpRequest, matter_id: int) -> HttpResponse:
    matter = queries.access_matter(request.user, matter_id, manage=True)
    attempt(
        request,
        lambda: actions.do_record_gate(
            matter=matter,
            gate=request.POST.get("gate", ""),
            note=request.POST.get("note", "")[:300],
            acting_user=request.user,
        ),
        _("检查项已记录。"),
    )
    return redirect(matter)


@require_POST
@login_required
def finance(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = org_queries.access_unit(request.user, unit_id, manage=True)
    form = FinanceForm(request.POST, prefix="finance")
    if not form.is_valid():
        messages.error(request, _("请填写公开的标题和内容。"))
    else:
        attempt(
            request,
            lambda: actions.do_post_finance(unit=unit, acting_user=request.user, **form.cleaned_data),
            _("财务公开已发布。"),
        )
    return redirect("deliberation:unit_matters", unit_id=unit.pk)


@require_GET
@login_required
def attachment(request: HttpRequest, matter_id: int, attachment_id: int) -> HttpResponse:
    matter = queries.access_matter(request.user, matter_id)
    item = queries.attachment_of(matter, attachment_id)
    return FileResponse(item.file.open("rb"), as_attachment=True, filename=item.original_name)
