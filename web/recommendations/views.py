"""The staff pages of democratic recommendation (/staff/recommendations/): the list, setting one
up, its page (the classes and their polls, the count, the result in the engine's words, the
publication, the second round) and its open record."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from web.accounts.actors import acting
from web.common.attempt import attempt
from web.common.errors import RefusedStep
from web.common.listing import Filter, by_state, listing
from web.org import queries as org_queries
from web.recommendations import actions, queries
from web.recommendations.errors import RecommendationError
from web.recommendations.forms import RecommendationForm, SecondRoundForm
from web.recommendations.models import Recommendation


@require_GET
@login_required
def index(request: HttpRequest) -> HttpResponse:
    if not org_queries.is_staff_user(request.user):
        raise PermissionDenied
    rows = queries.visible(request.user).select_related("unit").order_by("-created_at", "-id")
    shown = listing(
        request,
        rows,
        search=queries.search,
        filters=[
            Filter("state", gettext_lazy("状态"), by_state, choices=Recommendation.State.choices),
        ],
        placeholder=gettext_lazy("名称、职位或单位"),
        per_page=20,
    )
    can_create = org_queries.managed_units(request.user).exists()
    return render(request, "recommendations/index.html", {"listing": shown, "can_create": can_create})


@require_http_methods(["GET", "POST"])
@login_required
def new(request: HttpRequest) -> HttpResponse:
    units = org_queries.managed_units(request.user)
    if not units.exists():
        raise PermissionDenied
    form = RecommendationForm(request.POST or None, units=units, meetings=queries.meetings_for(request.user))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            rec = actions.do_create_recommendation(
                unit=d["unit"],
                title=d["title"],
                post=d["post"],
                places=d["places"],
                names=form.name_list(),
                classes=form.classes(),
                meeting=d["meeting"],
                is_open=d["is_open"],
                acting_user=acting(request),
            )
        except RefusedStep as refused:  # the recommendation's, or the meetings' for a class poll
            _say_refusal(form, refused)
        else:
            messages.success(request, _("民主推荐已发起：每类推荐人的推荐表已在会议中建好。"))
            return redirect(rec)
    status = 422 if request.method == "POST" else 200
    return render(request, "recommendations/new.html", {"form": form}, status=status)


def _say_refusal(form: RecommendationForm, refused: RefusedStep) -> None:
    """The refusal on the form: a list's sentences under that class's list (with one line on top
    saying where to look), any other sentence on top."""
    by_class = refused.by_class if isinstance(refused, RecommendationError) else None
    if not by_class:
        for sentence in str(refused.message).splitlines():
            form.add_error(None, sentence)
        return
    n = sum(len(sentences) for sentences in by_class.values())
    said = ngettext(
        "推荐人名单有 %(n)d 处问题（%(keys)s 类），见下面各类的名单。",
        "推荐人名单有 %(n)d 处问题（%(keys)s 类），见下面各类的名单。",
        n,
    )
    form.add_error(None, said % {"n": n, "keys": _("、").join(by_class)})
    for key, sentences in by_class.items():
        for sentence in sentences:
            form.add_error(f"people_{key}", sentence)


def _page(request: HttpRequest, rec: Recommendation, *, second_form: SecondRoundForm | None = None) -> HttpResponse:
    can_manage = org_queries.can_manage_path(request.user, rec.unit_path)
    classes = list(rec.classes.select_related("poll").annotate(listed=Count("poll__electors")))
    context: dict[str, Any] = {
        "rec": rec,
        "classes": classes,
        "can_manage": can_manage,
        "waiting": [c for c in classes if c.poll.state != "closed"],
        "second_rounds": list(rec.second_rounds.all()),
        "second_names": actions.second_round_names(rec),
        "events": rec.events.select_related("by"),
    }
    if can_manage:
        context["second_form"] = second_form or SecondRoundForm(meetings=queries.meetings_for(request.user))
    return render(request, "recommendations/recommendation.html", context, status=422 if second_form else 200)


@require_GET
@login_required
def recommendation(request: HttpRequest, recommendation_id: int) -> HttpResponse:
    return _page(request, queries.access_recommendation(request.user, recommendation_id))


@require_POST
@login_required
def count(request: HttpRequest, recommendation_id: int) -> HttpResponse:
    rec = queries.access_recommendation(request.user, recommendation_id, manage=True)
    attempt(
        request,
        lambda: actions.do_count_recommendation(recommendation=rec, acting_user=acting(request)),
        _("已汇总各类推荐表，由计票引擎计票。"),
    )
    return redirect(rec)


@require_POST
@login_required
def publish(request: HttpRequest, recommendation_id: int) -> HttpResponse:
    rec = queries.access_recommendation(request.user, recommendation_id, manage=True)
    attempt(
        request,
        lambda: actions.do_publish_recommendation(recommendation=rec, acting_user=acting(request)),
        _("推荐结果和公开记录已在公开栏公布。"),
    )
    return redirect(rec)


@require_POST
@login_required
def second_round(request: HttpRequest, recommendation_id: int) -> HttpResponse:
    rec = queries.access_recommendation(request.user, recommendation_id, manage=True)
    form = SecondRoundForm(request.POST, meetings=queries.meetings_for(request.user))
    done = attempt(
        request,
        lambda d: actions.do_start_second_round(recommendation=rec, meeting=d["meeting"], acting_user=acting(request)),
        _("第二次推荐已发起：在原范围内对得票靠前的人选再次推荐。"),
        form=form,
    )
    if done.value is not None:
        return redirect(done.value)
    return _page(request, rec, second_form=form)


def record_response(rec: Recommendation) -> HttpResponse:
    response = JsonResponse(rec.record, json_dumps_params={"ensure_ascii": False, "indent": 1})
    response["Content-Disposition"] = f'attachment; filename="recommendation-{rec.pk}-record.json"'
    return response


@require_GET
@login_required
def record(request: HttpRequest, recommendation_id: int) -> HttpResponse:
    rec = queries.access_recommendation(request.user, recommendation_id)
    if rec.record is None:
        raise Http404
    return record_response(rec)
