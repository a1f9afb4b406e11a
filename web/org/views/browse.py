"""Staff pages of the organisation model: check access, read, render. Writes go to actions."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from web.audit.queries import trail_for
from web.common import attention, clock
from web.org import queries
from web.org.models import Unit

PAGE_SIZE = 50


def breadcrumbs(unit: Unit, user: object) -> list[Unit]:
    """The unit's ancestors the user can see, top first, ending with the unit."""
    ids = unit.ancestor_ids()
    by_id = {u.pk: u for u in queries.visible_units(user).filter(pk__in=ids)}
    return [by_id[i] for i in ids if i in by_id]


@require_GET
@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The person's 工作台: what needs them now, one section per registered source
    (``web.common.attention``), then the units they look after and their roles."""
    roots = list(queries.root_units(request.user))
    roles = request.user.roles.select_related("unit", "body")  # type: ignore[union-attr]
    context = {
        "sections": attention.gather(request.user, now=clock.now()),
        "roots": roots,
        "roles": roles,
        "street_staff": queries.is_street_staff(request.user),
    }
    return render(request, "org/home.html", context)


@require_GET
@login_required
def tree_children(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = queries.access_unit(request.user, unit_id)
    return render(request, "org/_tree_children.html", {"children": queries.children_of(unit)})


@require_GET
@login_required
def unit_detail(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = queries.access_unit(request.user, unit_id)
    context = {
        "unit": unit,
        "crumbs": breadcrumbs(unit, request.user),
        "children": queries.children_of(unit),
        "people_count": queries.search_people(request.user, within=unit).count(),
        "household_count": unit_households(unit),
        "membership": queries.membership_counts(within=unit),
        "bodies": queries.bodies_in(request.user, within=unit).filter(unit=unit),
        "party_orgs": queries.party_orgs_in(request.user, within=unit).filter(unit=unit),
        "can_manage": queries.can_manage_path(request.user, unit.path),
    }
    return render(request, "org/unit.html", context)


def unit_households(unit: Unit) -> int:
    from web.org.models import Household

    return Household.objects.filter(unit__path__startswith=unit.path).count()


@require_GET
@login_required
def people(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = queries.access_unit(request.user, unit_id)
    q = request.GET.get("q", "")[:50]
    results = queries.search_people(request.user, within=unit, q=q)
    page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "unit": unit,
        "crumbs": breadcrumbs(unit, request.user),
        "q": q,
        "page": page,
        "can_manage": queries.can_manage_path(request.user, unit.path),
    }
    template = "org/_people_results.html" if request.htmx else "org/people.html"  # type: ignore[attr-defined]
    return render(request, template, context)


@require_GET
@login_required
def person_detail(request: HttpRequest, person_id: int) -> HttpResponse:
    person = queries.access_person(request.user, person_id)
    context = {
        "person": person,
        "crumbs": breadcrumbs(person.unit, request.user),
        "seats": person.seats.select_related("body", "body__unit"),
        "can_manage": queries.can_manage_path(request.user, person.unit_path),
        "housemates": (
            queries.members_of_household(person.household, user=request.user).exclude(pk=person.pk)
            if person.household
            else []
        ),
    }
    return render(request, "org/person.html", context)


@require_GET
@login_required
def household_detail(request: HttpRequest, household_id: int) -> HttpResponse:
    household = queries.access_household(request.user, household_id)
    return render(
        request,
        "org/household.html",
        {
            "household": household,
            "crumbs": breadcrumbs(household.unit, request.user),
            "members": queries.members_of_household(household, user=request.user),
        },
    )


@require_GET
@login_required
def party_orgs(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = queries.access_unit(request.user, unit_id)
    return render(
        request,
        "org/party_orgs.html",
        {
            "unit": unit,
            "crumbs": breadcrumbs(unit, request.user),
            "orgs": queries.party_orgs_in(request.user, within=unit),
            "membership": queries.membership_counts(within=unit),
        },
    )


@require_GET
@login_required
def party_org_detail(request: HttpRequest, org_id: int) -> HttpResponse:
    org = queries.access_party_org(request.user, org_id)
    page = Paginator(queries.members_of(org, user=request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "org/party_org.html",
        {
            "org": org,
            "crumbs": breadcrumbs(org.unit, request.user),
            "page": page,
            "children": org.children.all(),
        },
    )


@require_GET
@login_required
def bodies(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = queries.access_unit(request.user, unit_id)
    return render(
        request,
        "org/bodies.html",
        {
            "unit": unit,
            "crumbs": breadcrumbs(unit, request.user),
            "bodies": queries.bodies_in(request.user, within=unit),
        },
    )


@require_GET
@login_required
def body_detail(request: HttpRequest, body_id: int) -> HttpResponse:
    body = queries.access_body(request.user, body_id)
    return render(
        request,
        "org/body.html",
        {
            "body": body,
            "crumbs": breadcrumbs(body.unit, request.user),
            "seats": queries.roster_of(body),
            "can_manage": queries.can_manage_path(request.user, body.unit.path),
        },
    )


@require_GET
@login_required
def audit_trail(request: HttpRequest, object_type: str, object_id: int) -> HttpResponse:
    if object_type not in queries.AUDITABLE:
        raise Http404
    obj = queries.AUDITABLE[object_type](request.user, object_id)
    page = Paginator(trail_for(obj), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "org/audit.html", {"obj": obj, "object_type": object_type, "page": page})
