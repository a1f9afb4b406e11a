"""Staff pages of elections: create from a template, adjust, and walk the stages. Each view
checks access, parses, calls one action, and redirects to the election page."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from web.accounts.actors import acting
from web.common.attempt import attempt
from web.common.listing import Filter, Listing, listing, titled
from web.elections import actions, queries, stages
from web.elections.forms import ElectionForm, ReopenForm
from web.elections.kinds import KINDS, blockers_before_advance
from web.elections.models import Election, Nomination, Stage
from web.elections.procedures import POST_NAMES
from web.elections.report import nomination_report
from web.org import queries as org_queries
from web.org.views.browse import breadcrumbs


@require_http_methods(["GET", "POST"])
@login_required
def body_elections(request: HttpRequest, body_id: int) -> HttpResponse:
    body = org_queries.access_body(request.user, body_id)
    form = ElectionForm(request.POST or None)
    if request.method == "POST":
        org_queries.access_body(request.user, body_id, manage=True)
        if form.is_valid():
            election = actions.do_create_election(body=body, acting_user=acting(request), **form.cleaned_data)
            messages.success(request, _("选举已按模板建立，开始前可以调整各阶段的设置。"))
            return redirect(election)
    return render(
        request,
        "elections/body_elections.html",
        {
            "body": body,
            "crumbs": breadcrumbs(body.unit, request.user),
            "form": form,
            "can_manage": org_queries.can_manage_path(request.user, body.unit.path),
            "elections": titled(
                request,
                body.elections.order_by("-created_at", "-id"),
                states=Election.State.choices,
                placeholder=_("选举名称"),
            ),
        },
        status=422 if form.errors else 200,
    )


def _nominations(election: Election, noms: Iterable[Nomination]) -> list[Nomination]:
    """``noms`` of ``election`` with each checked condition's published text beside the check."""
    review = election.stages.filter(kind="review").first()
    texts = {c["key"]: _(c["text"]) for c in (review.settings.get("conditions", []) if review else [])}
    noms = list(noms)
    for nom in noms:
        nom.check_rows = [(texts.get(c.condition, c.condition), c) for c in nom.checks.all()]  # type: ignore[attr-defined]
    return noms


def _nomination_rows(election: Election) -> QuerySet[Nomination]:
    return election.nominations.select_related("person").prefetch_related("checks__reviewer", "cosigners__person")


def _nomination_list(request: HttpRequest, election: Election) -> Listing:
    """The table of nominations, paged (a village's open nomination can draw hundreds): a search
    by name, ID number or phone, and filters by how they were put forward and where they stand."""
    found = listing(
        request,
        _nomination_rows(election).order_by("id"),
        search=lambda rows, q: org_queries.matching_people(rows, user=request.user, q=q, prefix="person__"),
        filters=[
            Filter("status", _("状态"), lambda rows, v: rows.filter(status=v), choices=Nomination.Status.choices),
            Filter(
                "channel", _("推荐方式"), lambda rows, v: rows.filter(channel=v), choices=Nomination.Channel.choices
            ),
        ],
        prefix="nom_",
        placeholder=_("姓名、身份证号或手机号"),
    )
    found.page.object_list = _nominations(election, found.page.object_list)
    return found


def _stage_rows(election: Election, bound: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for stage in election.stages.prefetch_related("events__by"):
        settings_form = KINDS[stage.kind].settings_form
        form = None
        if settings_form is not None:
            kept = bound.get("settings") if bound.get("settings_stage") == stage.pk else None
            form = kept or settings_form(settings=stage.settings, step=stage, prefix=f"s{stage.pk}")
        rows.append(
            {
                "stage": stage,
                "name": KINDS.name(stage.kind),
                "summary": settings_form(settings=stage.settings, step=stage).summary() if settings_form else [],
                # a refused form is shown with its sentence even where nothing may change now
                "settings_form": form if kept or (form is not None and actions.may_adjust(stage)) else None,
                "events": list(stage.events.all()),
                "elected": [
                    (POST_NAMES.get(post, post), names) for post, names in stage.data.get("elected", {}).items()
                ],
            }
        )
    return rows


@require_GET
@login_required
def election_detail(request: HttpRequest, election_id: int) -> HttpResponse:
    return _election_page(request, queries.access_election(request.user, election_id))


def _election_page(
    request: HttpRequest, election: Election, *, bound: dict[str, Any] | None = None, status: int = 200
) -> HttpResponse:
    """The election's page; ``bound`` holds a refused piece of work's form, so the panel shows
    what the person typed."""
    current = election.current_stage
    context: dict[str, Any] = {
        "election": election,
        "crumbs": breadcrumbs(election.body.unit, request.user),
        "can_manage": org_queries.can_manage_path(request.user, election.body.unit.path),
        "rows": _stage_rows(election, bound or {}),
        "current": current,
        "current_name": KINDS.name(current.kind) if current else "",
        "blockers": blockers_before_advance(election) if current else [],
        "nomination_list": _nomination_list(request, election),
        "nomination_report": nomination_report(election),
        # the review panel checks every nomination on one form
        "nominations": _nominations(election, _nomination_rows(election))
        if current and current.kind == "review"
        else [],
        "post_names": POST_NAMES,
        "bound": bound or {},
    }
    if current is not None:
        context.update(_stage_context(current))
    return render(request, "elections/election.html", context, status=status)


def _stage_context(stage: Stage) -> dict[str, Any]:
    """What the panel of the current stage shows: the pool and objections, and what its kind adds."""
    kind = KINDS[stage.kind]
    ctx: dict[str, Any] = {"pool": stages.pool(stage), "objections": stages.objections_of(stage), "panel": kind.panel}
    if kind.context is not None:
        ctx.update(kind.context(stage))
    return ctx


@require_POST
@login_required
def start(request: HttpRequest, election_id: int) -> HttpResponse:
    election = queries.access_election(request.user, election_id, manage=True)
    attempt(
        request,
        lambda: actions.do_start_election(election=election, acting_user=acting(request)),
        _("选举开始，进入第一阶段。"),
    )
    return redirect(election)


@require_POST
@login_required
def adjust(request: HttpRequest, election_id: int, stage_id: int) -> HttpResponse:
    election = queries.access_election(request.user, election_id, manage=True)
    stage = queries.stage_of(election, stage_id)
    settings_form = KINDS[stage.kind].settings_form
    if settings_form is None:
        messages.error(request, _("这一阶段没有可调整的设置。"))
        return redirect(election)
    form = settings_form(request.POST, settings=stage.settings, step=stage, prefix=f"s{stage.pk}")
    done = attempt(
        request,
        lambda data: actions.do_adjust_stage(stage=stage, settings=form.new_settings(), acting_user=acting(request)),
        _("设置已调整。"),
        form=form,
    )
    if not done:
        return _election_page(request, election, bound={"settings_stage": stage.pk, "settings": form}, status=422)
    return redirect(election)


@require_POST
@login_required
def advance(request: HttpRequest, election_id: int, stage_id: int) -> HttpResponse:
    election = queries.access_election(request.user, election_id, manage=True)
    stage = queries.stage_of(election, stage_id)
    attempt(request, lambda: actions.do_advance_stage(stage=stage, acting_user=acting(request)), _("本阶段已完成。"))
    return redirect(election)


@require_POST
@login_required
def reopen(request: HttpRequest, election_id: int, stage_id: int) -> HttpResponse:
    election = queries.access_election(request.user, election_id, manage=True)
    stage = queries.stage_of(election, stage_id)
    form = ReopenForm(request.POST)
    if attempt(
        request,
        lambda data: actions.do_reopen_stage(stage=stage, reason=data["reason"], acting_user=acting(request)),
        _("阶段已重新打开，其后各阶段回到未开始。"),
        form=form,
    ):
        return redirect(election)
    for sentence in form.non_field_errors():
        messages.error(request, str(sentence))
    return _election_page(request, election, bound={"reopen": form, "reopen_stage": stage.pk}, status=422)


@require_POST
@login_required
def stage_step(request: HttpRequest, election_id: int, stage_id: int, step: str) -> HttpResponse:
    """The work inside a stage (nominate, check a condition, answer an objection…): the stage
    kind's form and action (``web.elections.kinds``). Refused, the page is shown again with
    the sentence and what was typed."""
    election = queries.access_election(request.user, election_id, manage=True)
    stage = queries.stage_of(election, stage_id)
    work = KINDS.step_form(step)
    if work is None:
        raise Http404
    form = work.form(request.POST, request.FILES, stage=stage)
    if attempt(request, lambda data: work.run(actions, data, stage, request.user), work.done, form=form):
        return redirect(election)
    for sentence in form.non_field_errors():
        messages.error(request, str(sentence))
    return _election_page(request, election, bound={step: form}, status=422)


@require_GET
@login_required
def report(request: HttpRequest, election_id: int, nomination_id: int) -> FileResponse:
    election = queries.access_election(request.user, election_id)
    nom = queries.nomination_of(election, nomination_id)
    if not hasattr(nom, "report"):
        raise Http404
    return FileResponse(nom.report.file.open("rb"), as_attachment=True, filename=nom.report.original_name)
