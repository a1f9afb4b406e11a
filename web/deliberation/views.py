"""Staff pages of matters: propose, see where a matter stands, hold and conclude its steps,
record minutes, gates and disclosures. Each view checks access, parses, calls one action."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from jiceng.presets import JOINT
from web.accounts.actors import acting
from web.common.attempt import attempt
from web.common.listing import Filter, Listing, by_state, listing
from web.common.presetfield import rule_with_basis
from web.deliberation import actions, queries
from web.deliberation import steps as st
from web.deliberation.chains import CHAINS, FAILURE_NAMES
from web.deliberation.forms import FinanceForm, GateForm, MatterForm
from web.deliberation.kinds import KINDS
from web.deliberation.kinds.committee_decision import GATES
from web.deliberation.models import Disclosure, Matter, MatterStep, step_kind_choices
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
                lambda: actions.do_propose_matter(unit=unit, acting_user=acting(request), **form.cleaned_data),
                _("事项已提出，进入第一个议事环节。"),
            )
            if done.value is not None:  # proposed (a refused matter has no value)
                return redirect(done.value)
    return _unit_page(request, unit, form=form)


def _unit_page(
    request: HttpRequest, unit: Any, *, form: MatterForm | None = None, finance_form: FinanceForm | None = None
) -> HttpResponse:
    form = form or MatterForm()
    return render(
        request,
        "deliberation/unit_matters.html",
        {
            "unit": unit,
            "crumbs": breadcrumbs(unit, request.user),
            "form": form,
            "finance_form": finance_form or FinanceForm(prefix="finance"),
            "sent": finance_form,
            "can_manage": org_queries.can_manage_path(request.user, unit.path),
            "matters": _matters(request, unit),
            "finances": queries.public_disclosures(unit, Disclosure.Kind.FINANCE),
        },
        status=422 if form.errors or finance_form else 200,
    )


def _matters(request: HttpRequest, unit: Any) -> Listing:
    """The unit's matters by title, state and the step in progress, each on the page with its
    step's name (``current_step_name``)."""
    steps = dict(step_kind_choices())
    matters = listing(
        request,
        queries.matters_of(unit),
        search=lambda rows, q: rows.filter(title__contains=q),
        filters=[
            Filter(
                "step",
                _("当前环节"),
                lambda rows, kind: rows.filter(current_kind=kind),
                choices=[(k, str(name)) for k, name in steps.items()],
            ),
            Filter("state", _("状态"), by_state, choices=Matter.State.choices),
        ],
        placeholder=_("事项名称"),
    )
    for matter in matters.page.object_list:
        matter.current_step_name = steps.get(matter.current_kind, "")
    return matters


def _rules_shown(step: MatterStep) -> list[tuple[str, str, str]]:
    """Per body kind that may hold the step: its name, the quorum and the pass rule in words,
    each with its basis where it is a statutory preset (``jiceng.presets``)."""
    rows = []
    for kind, rules in step.settings.get("bodies", {}).items():
        label = str(Body.Kind(kind).label) if kind in Body.Kind.values else kind
        holder = JOINT if step.settings.get("joint") else kind
        quorum, passes = (rule_with_basis(rules[slot], slot=slot, body_kind=holder) for slot in ("quorum", "passes"))
        rows.append((label, quorum, passes))
    return rows


def _step_rows(matter: Matter, sent: _Sent | None) -> list[dict[str, Any]]:
    rows = []
    for step in matter.steps.select_related("meeting", "poll").prefetch_related(
        "events__by", "events__poll", "attachments"
    ):
        row: dict[str, Any] = {
            "step": step,
            "name": st.step_name(step),
            "voting": step.spec.voting,
            "events": list(step.events.all()),
            "attachments": list(step.attachments.all()),
            "counts": st.result_counts(step.poll),
            "on_not_quorate": FAILURE_NAMES.get(step.settings.get("on_not_quorate", "")),
            "on_rejected": FAILURE_NAMES.get(step.settings.get("on_rejected", "")),
            "rules": _rules_shown(step),
            "offered": step.spec.offered(step),
        }
        if step.spec.voting:
            row["minutes_form"] = _form_for(step, "minutes", sent, initial={"minutes": step.minutes})
            row["attachment_form"] = _form_for(step, "attachment", sent)
        rows.append(row)
    return rows


@dataclass(frozen=True)
class _Sent:
    """A form of the matter page that was sent and not done: shown again with what was typed.
    ``step`` is the step whose work it is (none for a gate)."""

    step: MatterStep | None
    action: str
    form: forms.Form


def _form_for(step: MatterStep, action: str, sent: _Sent | None, **kwargs: Any) -> forms.Form:
    if sent is not None and sent.step is not None and sent.step.pk == step.pk and sent.action == action:
        return sent.form
    return step.spec.forms[action].form(**kwargs)


def _shown(sent: _Sent, matter: Matter, rows: list[dict[str, Any]], gates: list[tuple[Any, ...]]) -> bool:
    """Is the form that was sent on the page as the matter stands now?"""
    if sent.step is None:
        open_gates = [g for g in gates if g[2] is None and g[3] is sent.form]
        return bool(open_gates) and matter.state == Matter.State.IN_PROGRESS
    return any(r["step"].pk == sent.step.pk and sent.action in r["offered"] for r in rows)


def _matter_page(request: HttpRequest, matter: Matter, sent: _Sent | None = None) -> HttpResponse:
    current = matter.current_step
    rows = _step_rows(matter, sent)
    gates = []
    recommendations: list[Any] = []
    if matter.kind == Matter.Kind.APPOINTMENT:
        from web.recommendations.queries import published_for_unit

        recommendations = list(published_for_unit(matter.unit.path).only("pk", "title", "post")[:50])
        for key, text in GATES.items():
            check = matter.gates.filter(gate=key).select_related("by", "recommendation").first()
            typed = sent is not None and sent.action == "gate" and sent.form.data.get("gate") == key
            gates.append((key, text, check, sent.form if typed and sent else GateForm()))
    context: dict[str, Any] = {
        "matter": matter,
        "crumbs": breadcrumbs(matter.unit, request.user),
        "can_manage": org_queries.can_manage_path(request.user, matter.unit.path),
        "chain_name": _(CHAINS.get(matter.chain, {}).get("name", matter.chain)),
        "rows": rows,
        "current": current,
        "current_name": st.step_name(current) if current else "",
        "blockers": current.spec.blockers(current) if current else [],
        "gates": gates,
        "recommendations": recommendations,
        "disclosures": matter.disclosures.all(),
        "sent": sent.form if sent else None,
    }
    if sent is not None and not _shown(sent, matter, rows, gates):
        context["unseen"] = sent.form  # its form is not on the page as the step stands now: say why at the top
    if current is not None:
        kind = current.spec
        context["panel"] = kind.panel
        context["offered"] = kind.offered(current)
        context["step_forms"] = {action: _form_for(current, action, sent) for action in kind.forms}
        if kind.context is not None:
            context.update(kind.context(current))
    return render(request, "deliberation/matter.html", context, status=422 if sent else 200)


@require_GET
@login_required
def matter_detail(request: HttpRequest, matter_id: int) -> HttpResponse:
    return _matter_page(request, queries.access_matter(request.user, matter_id))


@require_POST
@login_required
def step_action(request: HttpRequest, matter_id: int, step_id: int, action: str) -> HttpResponse:
    """One piece of a step's work, as the kinds list it (the action refuses it on a step of
    another kind); refused or mistyped, the page again."""
    matter = queries.access_matter(request.user, matter_id, manage=True)
    step = queries.step_of(matter, step_id)
    work = KINDS.step_form(action)
    if work is None:
        raise Http404
    form = work.form(request.POST, request.FILES)
    if attempt(request, lambda data: work.run(actions, data, step, request.user), work.done, form=form):
        return redirect(matter)
    return _matter_page(request, matter, _Sent(step, action, form))


@require_POST
@login_required
def gate(request: HttpRequest, matter_id: int) -> HttpResponse:
    """Record one of the five gates; refused, the page again with the note typed."""
    matter = queries.access_matter(request.user, matter_id, manage=True)
    form = GateForm(request.POST)
    done = attempt(
        request,
        lambda data: actions.do_record_gate(matter=matter, acting_user=acting(request), **data),
        _("检查项已记录。"),
        form=form,
    )
    if done:
        return redirect(matter)
    return _matter_page(request, matter, _Sent(None, "gate", form))


@require_POST
@login_required
def finance(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = org_queries.access_unit(request.user, unit_id, manage=True)
    form = FinanceForm(request.POST, prefix="finance")
    done = attempt(
        request,
        lambda data: actions.do_post_finance(unit=unit, acting_user=acting(request), **data),
        _("财务公开已发布。"),
        form=form,
    )
    if done:
        return redirect("deliberation:unit_matters", unit_id=unit.pk)
    return _unit_page(request, unit, finance_form=form)


@require_GET
@login_required
def attachment(request: HttpRequest, matter_id: int, attachment_id: int) -> FileResponse:
    matter = queries.access_matter(request.user, matter_id)
    item = queries.attachment_of(matter, attachment_id)
    return FileResponse(item.file.open("rb"), as_attachment=True, filename=item.original_name)
