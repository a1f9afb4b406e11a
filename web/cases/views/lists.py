"""The lists people work from: a handler's queue, a dispatcher's desk, a representative's cases,
a grid worker's grid, and street staff's list of every case of their area. Each is paged and
searchable (``web.common.listing``), counts at most ``queries.COUNT_AT_MOST`` + 1 rows, and reads
only the indexed columns it filters on (``web.cases.queries``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from web.cases import access, queries
from web.cases.models import Case, Entry
from web.common import clock
from web.common.listing import Filter, listing
from web.org.models import Unit
from web.org.queries import viewable_paths

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

SEARCH_HINT = _("诉求编号、手机号或内容")


def _tabs(
    request: HttpRequest, tabs: Sequence[tuple[str, StrOrPromise]], counts: dict[str, int]
) -> tuple[str, list[dict[str, Any]]]:
    """The chosen tab (the first when none or an unknown one is asked), and each tab with its
    exact count (``counts``, read in one grouped query)."""
    chosen = request.GET.get("tab", "")
    if chosen not in counts:
        chosen = tabs[0][0]
    return chosen, [{"key": key, "label": label, "n": counts[key], "on": key == chosen} for key, label in tabs]


def _list_page(
    request: HttpRequest,
    rows: Any,
    *,
    title: StrOrPromise,
    intro: StrOrPromise = "",
    tabs: list[dict[str, Any]] | None = None,
    tab: str = "",
    filters: Sequence[Filter] = (),
    empty: StrOrPromise = "",
    none_here: StrOrPromise = "",
) -> HttpResponse:
    now = clock.now()
    cases = listing(
        request,
        rows,
        search=queries.search,
        filters=filters,
        placeholder=SEARCH_HINT,
        count_at_most=queries.COUNT_AT_MOST,
    )
    queries.dress(cases.page.object_list, now=now)
    return render(
        request,
        "cases/list.html",
        {
            "title": title,
            "intro": intro,
            "tabs": tabs,
            "tab": tab,
            "keep": [("tab", tab)] if tab else [],
            "cases": cases,
            "empty": empty or _("没有诉求。"),
            "none_here": none_here,
        },
    )


@require_GET
@login_required
def queue(request: HttpRequest) -> HttpResponse:
    """A handler's queue at the offices where they sit."""
    now = clock.now()
    if not access.office_ids(request.user):
        return _list_page(
            request, Case.objects.none(), title=_("我的办理队列"), none_here=_("您不在任何承办单位任职。")
        )
    tab, tabs = _tabs(request, queries.QUEUE_TABS, queries.queue_counts(request.user, now=now))
    return _list_page(
        request,
        queries.queue(request.user, tab, now=now),
        title=_("我的办理队列"),
        intro=_("派到您所在单位的诉求：先签收，再办理答复；快到期的排在前面。"),
        tabs=tabs,
        tab=tab,
        empty=_("这一栏没有诉求。"),
    )


@require_GET
@login_required
def desk(request: HttpRequest) -> HttpResponse:
    """A dispatcher's desk: what waits for their decision in the area they dispatch for."""
    if not access.dispatch_paths(request.user):
        return _list_page(request, Case.objects.none(), title=_("派单台"), none_here=_("您不是派单员。"))
    tab, tabs = _tabs(request, queries.DESK_TABS, queries.desk_counts(request.user))
    return _list_page(
        request,
        queries.desk(request.user, tab),
        title=_("派单台"),
        intro=_("新受理的诉求待派单；退单待审核（改派或退回原单位）；答复之后回访，回访之后办结。"),
        tabs=tabs,
        tab=tab,
        empty=_("这一栏没有诉求。"),
    )


def _state_filter() -> Filter:
    return Filter("state", _("状态"), queries.in_state, choices=Case.State.choices)


@require_GET
@login_required
def represented(request: HttpRequest) -> HttpResponse:
    """A representative's cases: those they took, and those referred to them."""
    return _list_page(
        request,
        queries.represented(request.user),
        title=_("我联系的诉求"),
        intro=_("您代为登记、转交给您或您转交出去的诉求。答复之后请评价承办单位的态度、速度和作风。"),
        filters=[_state_filter()],
        empty=_("您还没有联系的诉求。"),
    )


@require_GET
@login_required
def grid(request: HttpRequest) -> HttpResponse:
    """A grid worker's grid: every case located in it."""
    if not queries.grid_paths(request.user):
        return _list_page(request, Case.objects.none(), title=_("网格里的诉求"), none_here=_("您不是网格员。"))
    return _list_page(
        request,
        queries.in_grid(request.user),
        title=_("网格里的诉求"),
        intro=_("位于您负责网格的诉求，新受理的在前。"),
        filters=[_state_filter(), _open_filter()],
        empty=_("网格里还没有诉求。"),
    )


def _open_filter() -> Filter:
    def apply(rows: Any, value: str) -> Any:
        return rows.filter(state__in=Case.OPEN) if value == "open" else rows.exclude(state__in=Case.OPEN)

    return Filter("open", _("办理情况"), apply, choices=[("open", _("未办结")), ("done", _("已办结或合并"))])


def _categories(user: Any) -> list[tuple[str, str]]:
    """The categories of the catalogues in force where the person reads cases."""
    paths = viewable_paths(user) + access.dispatch_paths(user)
    seen: dict[str, str] = {}
    for unit in Unit.objects.filter(path__in=paths):
        catalogue = access.catalogue_for(unit)
        if catalogue is not None:
            for code, name in Entry.objects.filter(catalogue=catalogue).values_list("service_code", "name"):
                seen.setdefault(code, name)
    return sorted(seen.items(), key=lambda item: item[1])


@require_GET
@login_required
def area(request: HttpRequest) -> HttpResponse:
    """Every case of the person's area (street staff: their street), with filters."""
    user = request.user
    if not (viewable_paths(user) or access.dispatch_paths(user)):
        return _list_page(request, Case.objects.none(), title=_("辖区诉求"), none_here=_("您没有可以查看的辖区。"))
    now = clock.now()
    offices = [(str(pk), name) for pk, name in queries.offices_for(user).values_list("pk", "name")[:300]]
    return _list_page(
        request,
        queries.subtree(user),
        title=_("辖区诉求"),
        intro=_("您所管辖地方的全部诉求，新受理的在前。"),
        filters=[
            _state_filter(),
            Filter("category", _("类别"), lambda rows, v: rows.filter(service_code=v), choices=_categories(user)),
            Filter("office", _("主办单位"), lambda rows, v: rows.filter(office_id=int(v)), choices=offices),
            Filter(
                "overdue",
                _("逾期"),
                lambda rows, v: queries.overdue_rows(rows, v, now=now),
                choices=[("yes", _("已逾期"))],
            ),
        ],
        empty=_("辖区里还没有诉求。"),
    )
