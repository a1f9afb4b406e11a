"""Staff pages of the year's commitments. Each view checks access, parses a form, calls one
action, and redirects; a refused step comes back to the form with the reason."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from web.accounts.actors import acting
from web.audit.models import AuditEntry
from web.audit.queries import trail_for
from web.commitments import actions, queries
from web.commitments.forms import (
    CadreFormSet,
    CommitmentForm,
    DropForm,
    MeetingChoiceForm,
    OpinionForm,
    ProgressForm,
    SurveyTotalsForm,
    YearForm,
)
from web.commitments.models import Commitment, CommitmentYear, Opinion
from web.common.attempt import attempt, say_form_errors
from web.org import queries as org_queries
from web.org.views.browse import breadcrumbs


def _submit(request: HttpRequest, form: django_forms.Form, run: Callable[[dict[str, Any]], Any], success: str) -> Any:
    """Run the action on a valid POST (``web.common.attempt``); a refusal becomes the form's
    error. What the action made, or None when not done."""
    if request.method != "POST":
        return None
    return attempt(request, run, success, form=form).value


def _form_page(
    request: HttpRequest, form: django_forms.Form, *, title: str, back: Any, unit: Any, **extra: Any
) -> HttpResponse:
    return render(
        request,
        "org/form.html",
        {
            "form": form,
            "title": title,
            "cancel": back.get_absolute_url(),
            "crumbs": breadcrumbs(unit, request.user),
            **extra,
        },
        status=422 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@login_required
def unit_years(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = org_queries.access_unit(request.user, unit_id)
    form = YearForm(request.POST or None, initial={"year": queries.today().year})
    if request.method == "POST":
        org_queries.access_unit(request.user, unit_id, manage=True)
        year = _submit(
            request,
            form,
            lambda d: actions.do_create_year(unit=unit, year=d["year"], acting_user=acting(request)),
            _("已建立年度承诺，可以开始征集意见。"),
        )
        if year is not None:
            return redirect(year)
    return render(
        request,
        "commitments/unit_years.html",
        {
            "unit": unit,
            "crumbs": breadcrumbs(unit, request.user),
            "form": form,
            "can_manage": org_queries.can_manage_path(request.user, unit.path),
            "years": unit.commitment_years.all(),
            "committing": unit.kind in queries.COMMITTING_KINDS,
        },
        status=422 if form.errors else 200,
    )


@require_GET
@login_required
def year_detail(request: HttpRequest, year_id: int) -> HttpResponse:
    year = queries.access_year(request.user, year_id)
    opinions = year.opinions.select_related("grid", "member")
    survey = getattr(year, "survey", None)
    return render(
        request,
        "commitments/year.html",
        {
            "year": year,
            "crumbs": breadcrumbs(year.unit, request.user),
            "can_manage": org_queries.can_manage_path(request.user, year.unit.path),
            "may_post_progress": year.state == CommitmentYear.State.ADOPTED
            and org_queries.can_manage_path(request.user, year.unit.path),
            "opinion_groups": [
                (label, [o for o in opinions if o.category == value]) for value, label in Opinion.Category.choices
            ],
            "rows": queries.commitment_rows(year, queries.today()),
            "meeting_form": MeetingChoiceForm(unit=year.unit),
            "survey": survey,
            "survey_rows": queries.survey_rows(survey) if survey else [],
            "barred": queries.barred_people(survey) if survey else [],
            "reminders": queries.open_reminders_for(request.user).filter(commitment__year=year)[:20],
            "trail": _trail(year),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def opinion_add(request: HttpRequest, year_id: int) -> HttpResponse:
    year = queries.access_year(request.user, year_id, manage=True)
    form = OpinionForm(request.POST or None, unit=year.unit)
    if _submit(
        request,
        form,
        lambda d: actions.do_record_opinion(year=year, acting_user=acting(request), **d),
        _("意见已登记。"),
    ):
        return redirect(year)
    return _form_page(request, form, title=_("登记群众意见"), back=year, unit=year.unit)


@require_http_methods(["GET", "POST"])
@login_required
def commitment_add(request: HttpRequest, year_id: int) -> HttpResponse:
    year = queries.access_year(request.user, year_id, manage=True)
    form = CommitmentForm(request.POST or None, unit=year.unit)
    if _submit(
        request,
        form,
        lambda d: actions.do_add_commitment(year=year, acting_user=acting(request), **d),
        _("承诺事项已加入，待联席会议通过。"),
    ):
        return redirect(year)
    return _form_page(request, form, title=_("增加承诺事项"), back=year, unit=year.unit)


def _meeting_step(request: HttpRequest, year: CommitmentYear, step: Callable[..., Any], success: str) -> None:
    form = MeetingChoiceForm(request.POST, unit=year.unit)
    if not form.is_valid():
        messages.error(request, _("请从列表中选择本单位的会议。"))
        return
    data = form.cleaned_data
    attempt(
        request,
        lambda: step(year=year, meeting=data["meeting"], note=data["note"], acting_user=acting(request)),
        success,
    )


@require_POST
@login_required
def adopt(request: HttpRequest, year_id: int) -> HttpResponse:
    year = queries.access_year(request.user, year_id, manage=True)
    _meeting_step(request, year, actions.do_adopt_year, _("本年度承诺已通过，在公开栏公布。"))
    return redirect(year)


@require_POST
@login_required
def review(request: HttpRequest, year_id: int) -> HttpResponse:
    year = queries.access_year(request.user, year_id, manage=True)
    _meeting_step(request, year, actions.do_review_year, _("年终评议已记录，可以录入满意度测评。"))
    return redirect(year)


@require_http_methods(["GET", "POST"])
@login_required
def survey_enter(request: HttpRequest, year_id: int) -> HttpResponse:
    year = queries.access_year(request.user, year_id, manage=True)
    data = request.POST or None
    totals = SurveyTotalsForm(data)
    cadres = CadreFormSet(data, form_kwargs={"unit": year.unit}, prefix="cadre")
    if request.method == "POST" and totals.is_valid() and cadres.is_valid():
        rows = [f.cleaned_data for f in cadres.forms if f.cleaned_data.get("person")]
        if attempt(
            request,
            lambda d: actions.do_enter_survey(
                year=year, forms=d, committees=d, cadres=rows, acting_user=acting(request)
            ),
            _("满意度测评已由计票引擎计算并保存。"),
            form=totals,
        ):
            return redirect(year)
    failed = bool(totals.errors or cadres.total_error_count())
    return render(
        request,
        "commitments/survey_form.html",
        {
            "year": year,
            "crumbs": breadcrumbs(year.unit, request.user),
            "totals": totals,
            "cadres": cadres,
        },
        status=422 if failed else 200,
    )


def record_response(survey: Any) -> HttpResponse:
    """The survey's open record as a download (for anyone to recompute with ``jiceng tally``)."""
    response = JsonResponse(survey.record, json_dumps_params={"ensure_ascii": False, "indent": 1})
    response["Content-Disposition"] = (
        f'attachment; filename="jiceng-survey-{survey.year.unit.code}-{survey.year.year}.json"'
    )
    return response


@require_GET
@login_required
def survey_record(request: HttpRequest, year_id: int) -> HttpResponse:
    year = queries.access_year(request.user, year_id)
    survey = getattr(year, "survey", None)
    if survey is None:
        raise Http404
    return record_response(survey)


@require_GET
@login_required
def item_detail(request: HttpRequest, commitment_id: int) -> HttpResponse:
    return _item_page(request, queries.access_commitment(request.user, commitment_id))


def _item_page(
    request: HttpRequest, commitment: Commitment, *, drop_form: DropForm | None = None, status: int = 200
) -> HttpResponse:
    """The item's page; a refused drop comes back in it (422) with the reason as typed."""
    if drop_form is not None:
        say_form_errors(request, drop_form)
    year = commitment.year
    today = queries.today()
    row = next(r for r in queries.commitment_rows(year, today) if r["c"].pk == commitment.pk)
    may_post = queries.is_owner(request.user, commitment) or org_queries.can_manage_path(request.user, year.unit.path)
    return render(
        request,
        "commitments/item.html",
        {
            "c": commitment,
            "row": row,
            "year": year,
            "crumbs": breadcrumbs(year.unit, request.user),
            "may_post": may_post,
            "can_manage": org_queries.can_manage_path(request.user, year.unit.path),
            "reminders": commitment.reminders.all()[:20],
            "trail": _trail(commitment),
            "drop_form": drop_form or DropForm(),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@login_required
def progress_add(request: HttpRequest, commitment_id: int) -> HttpResponse:
    commitment = queries.access_commitment(request.user, commitment_id, manage=True)
    form = ProgressForm(request.POST or None, commitment=commitment, today=queries.today())
    if _submit(
        request,
        form,
        lambda d: actions.do_post_progress(commitment=commitment, acting_user=acting(request), **d),
        _("本季度进展已报送，并在公开栏公布。"),
    ):
        return redirect(commitment)
    return _form_page(
        request,
        form,
        title=_("报送季度进展：%(item)s") % {"item": commitment.item},
        back=commitment,
        unit=commitment.year.unit,
    )


@require_POST
@login_required
def drop(request: HttpRequest, commitment_id: int) -> HttpResponse:
    commitment = queries.access_commitment(request.user, commitment_id)
    org_queries.check_path(request.user, commitment.year.unit.path, manage=True)
    form = DropForm(request.POST)
    if attempt(
        request,
        lambda data: actions.do_drop_commitment(
            commitment=commitment, reason=data["reason"], acting_user=acting(request)
        ),
        _("承诺事项已撤销，理由在公开栏公布。"),
        form=form,
    ):
        return redirect(commitment)
    return _item_page(request, commitment, drop_form=form, status=422)


@require_GET
@login_required
def my_reminders(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "commitments/reminders.html",
        {
            "open_reminders": queries.open_reminders_for(request.user)[:100],
            "resolved_reminders": queries.reminders_for(request.user).filter(resolved_at__isnull=False)[:20],
            "linked": getattr(request.user, "person_id", None) is not None,
        },
    )


@require_GET
def public_survey_record(request: HttpRequest, code: str, year: int) -> HttpResponse:
    """The open record of a reviewed year's survey, for anyone, without an account."""
    survey = queries.public_survey(code, year)
    if survey is None:
        raise Http404
    return record_response(survey)


def _trail(obj: Any) -> list[AuditEntry]:
    """The object's latest 50 audit entries; each says what it did through ``AuditEntry.label``."""
    return list(trail_for(obj)[:50])
