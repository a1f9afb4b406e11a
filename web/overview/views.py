"""The street and district overview (issue 12): per village or community under a unit, its
election stage and blockers, its matters by step, its commitments and its last satisfaction
rate, sortable, filterable and exported to Excel in the background.

Why an app of its own, placed just below ``web.portal`` in the layers contract: the page reads
elections, deliberation, commitments and meetings together, so it must sit above all four;
``web.portal`` is the public board, and this page is for staff only (it names blockers and
unpublished figures), so it does not belong there; and nothing below it needs it.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from web.accounts.actors import acting
from web.common import clock
from web.downloads.actions import do_request_download
from web.downloads.kinds import OVERVIEW
from web.org import queries as org_queries
from web.org.views.browse import breadcrumbs
from web.overview import queries, table

PER_PAGE = 25


@require_GET
@login_required
def unit_overview(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = org_queries.access_unit(request.user, unit_id)
    today = timezone.localdate(clock.now())
    choice = table.read_choice(request.GET)
    data = queries.overview(unit, request.user, today=today, year=choice.year)
    page = Paginator(table.rows_for(data, choice), PER_PAGE).get_page(request.GET.get("page"))
    queries.add_blockers(page.object_list)
    context = {
        "unit": unit,
        "crumbs": breadcrumbs(unit, request.user),
        "data": data,
        "choice": choice,
        "headers": table.headers(data, choice),
        "page": page,
        "pager_query": choice.query,
        "kinds": table.kind_choices(),
        "sorts": table.sort_choices(data),
        "years": sorted({data.year, *queries.years(unit, today=today)}, reverse=True),
    }
    return render(request, "overview/unit.html", context)


@require_GET
@login_required
def export(request: HttpRequest, unit_id: int) -> HttpResponse:
    """The table as it is sorted and filtered now, made in the background (web.downloads)."""
    unit = org_queries.access_unit(request.user, unit_id)
    choice = table.read_choice(request.GET)
    download = do_request_download(
        kind=OVERVIEW.key,
        parameters={"unit": unit.pk, **choice.as_parameters()},
        subject=unit.name,
        unit_id=unit.pk,
        acting_user=acting(request),
    )
    return redirect(download)
