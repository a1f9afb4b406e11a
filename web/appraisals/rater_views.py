"""The page that makes an ad-hoc list of raters (``web.appraisals.raters``) and its meeting, then
hands over to the session form with that meeting chosen."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from web.accounts.actors import acting
from web.appraisals import queries, raters
from web.appraisals.views import _unit_for
from web.common.errors import RefusedStep


class RaterListForm(forms.Form):
    title = forms.CharField(
        label=gettext_lazy("名单名称"),
        max_length=100,
        help_text=gettext_lazy("如：2026年度区直部门负责人民主测评测评人。会议用同一名称。"),
    )
    people = forms.CharField(
        label=gettext_lazy("测评人（每行一个：姓名或身份证号）"),
        max_length=raters.MAX_RATERS * 20,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=gettext_lazy("只能是本单位及下级单位的人员；同名的人请写身份证号。"),
    )


@require_http_methods(["GET", "POST"])
@login_required
def new_list(request: HttpRequest) -> HttpResponse:
    unit = _unit_for(request)
    form = RaterListForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                meeting = raters.do_make_rater_list(
                    unit=unit,
                    title=form.cleaned_data["title"],
                    lines=form.cleaned_data["people"].splitlines(),
                    acting_user=acting(request),
                )
            except RefusedStep as refused:
                field = "people" if refused.code == "bad_raters" else "title"
                for sentence in str(refused.message).splitlines():
                    form.add_error(field, sentence)
            else:
                n = meeting.attendees.count()
                messages.success(
                    request,
                    _("名单已建立，共 %(n)d 人，会议“%(title)s”已建立。请接着设立测评，会议已选好。")
                    % {"n": n, "title": meeting.title},
                )
                back = "appraisals:two_way_new" if request.GET.get("then") == "two_way" else "appraisals:new"
                return redirect(f"{reverse(back)}?unit={unit.pk}&meeting={meeting.pk}")
    context = {"form": form, "unit": unit, "units": list(queries.units_to_organise(request.user))}
    return render(request, "appraisals/raters_new.html", context, status=status)
