"""The form that sets up a department evaluation (新建部门评议), for the staff who manage a
district, street or township; the session then lives on the session page like any other."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from web.accounts.actors import acting
from web.appraisals import departments, queries
from web.appraisals.models import Session
from web.cases.models import Office
from web.common import clock
from web.common.errors import RefusedStep
from web.org.models import Body, Unit


class DepartmentEvaluationForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("评议名称"), max_length=200)
    year = forms.IntegerField(label=gettext_lazy("年度"), min_value=2000, max_value=2100)
    offices: forms.ModelMultipleChoiceField[Office] = forms.ModelMultipleChoiceField(
        label=gettext_lazy("参加评议的部门"),
        queryset=Office.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("本单位的职能部门（诉求办理的承办单位）。"),
    )
    representatives = forms.IntegerField(
        label=gettext_lazy("发给代表的测评码（份）"),
        min_value=0,
        max_value=departments.MAX_CODES,
        help_text=gettext_lazy("人大代表、党代表等，每人一份。"),
    )
    residents = forms.IntegerField(
        label=gettext_lazy("发给居民的测评码（份）"),
        min_value=0,
        max_value=departments.MAX_CODES,
        help_text=gettext_lazy("随机抽取的居民样本，每人一份。测评码无记名，系统不记录发给了谁。"),
    )
    body: forms.ModelChoiceField[Body] = forms.ModelChoiceField(
        label=gettext_lazy("组织问卷的机构"),
        queryset=Body.objects.none(),
        help_text=gettext_lazy("问卷在这个机构名下开一次会议，填写期内测评码有效。"),
    )
    opens_at = forms.DateTimeField(
        label=gettext_lazy("开始填写时间"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    closes_at = forms.DateTimeField(
        label=gettext_lazy("截止时间"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    bottom = forms.IntegerField(
        label=gettext_lazy("末位名额"),
        min_value=1,
        max_value=departments.MAX_BOTTOM,
        initial=departments.BOTTOM,
        help_text=gettext_lazy(
            "按满意率（满意+基本满意）从低到高，末位的部门提请组织研究（问责）；得分相同的如实报告。"
        ),
    )
    visibility = forms.ChoiceField(
        label=gettext_lazy("公开范围"), choices=Session.Visibility.choices, widget=forms.RadioSelect
    )

    def __init__(self, *args: Any, offices: QuerySet[Office], bodies: QuerySet[Body], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["offices"].queryset = offices  # type: ignore[attr-defined]
        self.fields["body"].queryset = bodies  # type: ignore[attr-defined]


def _unit_for(request: HttpRequest) -> tuple[Unit, QuerySet[Unit]]:
    units = queries.units_to_organise(request.user).filter(kind__in=departments.ORGANISING_KINDS)
    raw = request.GET.get("unit", "")
    unit = units.filter(pk=int(raw)).first() if raw.isdigit() and raw.isascii() else None
    unit = unit or units.first()
    if unit is None:
        raise PermissionDenied
    return unit, units


def _initial(unit: Unit, offices: QuerySet[Office], bodies: QuerySet[Body]) -> dict[str, Any]:
    year = clock.now().year
    own = bodies.filter(unit=unit)
    body = own.filter(kind=Body.Kind.CONGRESS).first() or own.first() or bodies.first()
    return {
        "title": _("%(year)d年度%(unit)s部门公众评议") % {"year": year, "unit": unit.name},
        "year": year,
        "offices": list(offices),
        "body": body,
        "bottom": departments.BOTTOM,
        "visibility": Session.Visibility.PUBLIC,
    }


@require_http_methods(["GET", "POST"])
@login_required
def new(request: HttpRequest) -> HttpResponse:
    unit, units = _unit_for(request)
    offices, bodies = departments.departments_of(unit), queries.bodies_of(unit)
    form = DepartmentEvaluationForm(
        request.POST or None, offices=offices, bodies=bodies, initial=_initial(unit, offices, bodies)
    )
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            d = form.cleaned_data
            try:
                session = departments.do_create_department_evaluation(
                    unit=unit,
                    title=d["title"],
                    year=d["year"],
                    offices=list(d["offices"]),
                    body=d["body"],
                    representatives=d["representatives"],
                    residents=d["residents"],
                    opens_at=d["opens_at"],
                    closes_at=d["closes_at"],
                    bottom=d["bottom"],
                    visibility=d["visibility"],
                    acting_user=acting(request),
                )
            except RefusedStep as exc:
                form.add_error(None, str(exc.message))
                status = exc.status
            else:
                messages.success(request, _("部门评议已设立。"))
                return redirect("appraisals:session", session_id=session.pk)
    context = {"form": form, "unit": unit, "units": units, "has_departments": offices.exists()}
    return render(request, "appraisals/department_new.html", context, status=status)
