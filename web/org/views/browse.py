"""Staff pages of the organisation model: check access, read, render. Writes go to actions."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from web.audit.queries import actions_in, trail_for
from web.common import attention, clock
from web.common.listing import Filter, listing
from web.org import queries
from web.org.models import BodySeat, Unit


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
    roles = queries.held_roles(request.user)  # the same read every source's access checks use
    sections = attention.gather(request.user, now=clock.now())
    context = {
        "sections": sections,
        "task_count": attention.tasks(sections),
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
    context = {
        "unit": unit,
        "crumbs": breadcrumbs(unit, request.user),
        "people": listing(
            request,
            queries.search_people(request.user, within=unit),
            search=lambda rows, q: queries.matching_people(rows, user=request.user, q=q),
            filters=people_filters(unit, user=request.user),
            placeholder=_("姓名、身份证号或手机号"),
        ),
        "can_manage": queries.can_manage_path(request.user, unit.path),
    }
    template = "org/_people_results.html" if request.htmx else "org/people.html"  # type: ignore[attr-defined]
    return render(request, template, context)


def people_filters(unit: Unit, *, user: Any) -> list[Filter]:
    """Unit, age, party status and household: the ways the people list narrows."""
    units = list(queries.units_to_filter_by(unit))
    paths = {str(u.pk): u.path for u in units}
    today = clock.now().date()
    return [
        Filter(
            "unit",
            _("单位"),
            lambda rows, pk: rows.filter(unit_path__startswith=paths[pk]),
            choices=[(str(u.pk), u.name) for u in units],
        ),
        Filter(
            "age",
            _("年龄"),
            lambda rows, band: queries.aged(rows, band, today=today),
            choices=[(key, AGE_LABELS[key]) for key, _lo, _hi in queries.AGE_BANDS],
        ),
        Filter(
            "party",
            _("党员"),
            queries.in_party_status,
            choices=queries.PARTY_STATUS_CHOICES,
        ),
        Filter(
            "household",
            _("户"),
            lambda rows, text: queries.in_household(rows, text, user=user),
            placeholder=_("户号或住址"),
        ),
    ]


#: how the age bands of ``queries.AGE_BANDS`` read
AGE_LABELS = {
    "0-17": gettext_lazy("17 岁及以下"),
    "18-35": gettext_lazy("18–35 岁"),
    "36-59": gettext_lazy("36–59 岁"),
    "60-": gettext_lazy("60 岁及以上"),
}


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
    members = listing(
        request,
        queries.members_of(org, user=request.user),
        search=lambda rows, q: queries.matching_people(rows, user=request.user, q=q, prefix="person__"),
        filters=[
            Filter("status", _("党员状态"), queries.members_by_status, choices=queries.MEMBER_STATUS_CHOICES),
        ],
        placeholder=_("姓名、身份证号或手机号"),
    )
    return render(
        request,
        "org/party_org.html",
        {"org": org, "crumbs": breadcrumbs(org.unit, request.user), "members": members, "children": org.children.all()},
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
            "seat_count": body.seats.count(),
            "seats": listing(
                request,
                queries.roster_of(body),
                search=lambda rows, q: queries.matching_people(rows, user=request.user, q=q, prefix="person__"),
                filters=[
                    Filter("post", _("职务"), lambda rows, post: rows.filter(post=post), choices=BodySeat.Post.choices),
                    Filter(
                        "party",
                        _("党员"),
                        lambda rows, status: queries.in_party_status(rows, status, prefix="person__"),
                        choices=queries.PARTY_STATUS_CHOICES,
                    ),
                ],
                placeholder=_("姓名、身份证号或手机号"),
            ),
            "can_manage": queries.can_manage_path(request.user, body.unit.path),
        },
    )


@require_GET
@login_required
def audit_trail(request: HttpRequest, object_type: str, object_id: int) -> HttpResponse:
    if object_type not in queries.AUDITABLE:
        raise Http404
    obj = queries.AUDITABLE[object_type](request.user, object_id)
    trail = trail_for(obj)
    actions = actions_in(trail)
    entries = listing(
        request,
        trail,
        search=lambda rows, q: rows.filter(Q(actor_label__contains=q) | Q(reason__contains=q)),
        filters=[Filter("action", _("操作"), lambda rows, name: rows.filter(action=name), choices=actions)]
        if actions
        else [],
        placeholder=_("操作人或理由"),
    )
    return render(request, "org/audit.html", {"obj": obj, "object_type": object_type, "entries": entries})
