"""The working-day calendar page: the overrides, searched by year and name; street staff enter a
run of days and remove one. Anyone signed in reads it (the calendar is national and public)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from web.accounts.actors import acting
from web.common import clock
from web.common.attempt import attempt
from web.org.queries import is_street_staff
from web.workdays import actions, days, queries
from web.workdays.forms import OverrideForm, SearchForm
from web.workdays.models import Override


def _list_url(year: int | None = None) -> str:
    url = reverse("workdays:overrides")
    return f"{url}?{urlencode({'year': year})}" if year else url


@require_http_methods(["GET", "POST"])
@login_required
def overrides(request: HttpRequest) -> HttpResponse:
    form = OverrideForm(request.POST or None)
    if request.method == "POST":
        actions.check_may_change(acting(request))
        done = attempt(
            request,
            lambda d: actions.do_add_overrides(
                first=d["first"], last=d["last"], kind=d["kind"], name=d["name"], acting_user=acting(request)
            ),
            _("已保存。到期日按新的日历计算。"),
            form=form,
        )
        if done and done.value:
            return redirect(_list_url(done.value[0].day.year))
    search = SearchForm(request.GET)
    year, q = (search.cleaned_data["year"], search.cleaned_data["q"]) if search.is_valid() else (None, "")
    page = queries.page_of(queries.overrides(year=year, q=q), request.GET.get("page"))
    shown_year = year or timezone.localdate(clock.now()).year
    return render(
        request,
        "workdays/overrides.html",
        {
            "form": form,
            "search": search,
            "page": page,
            "pager_query": urlencode({k: v for k, v in {"year": year or "", "q": q}.items() if v}),
            "can_change": is_street_staff(request.user),
            "last_year": days.LAST_YEAR,
            "shown_year": shown_year,
            "official": days.official_runs(shown_year),
        },
        status=422 if form.errors else 200,
    )


@require_POST
@login_required
def remove(request: HttpRequest, override_id: int) -> HttpResponse:
    actions.check_may_change(acting(request))
    override = get_object_or_404(Override, pk=override_id)
    attempt(
        request,
        lambda: actions.do_remove_override(override=override, acting_user=acting(request)),
        _("已删除 %(day)s 的调整。") % {"day": override.day.isoformat()},
    )
    return redirect(_list_url(override.day.year))
