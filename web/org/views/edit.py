"""Staff pages that change the roster: each checks access with ``manage=True``, parses a
form, and calls one action (which writes the audit entry)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from web.accounts.actors import acting
from web.org import actions, queries
from web.org.forms import HouseholdForm, MembershipForm, PersonForm, ReasonForm, SeatForm, UnitForm
from web.org.models import BodySeat, Unit
from web.org.views.browse import breadcrumbs


def _form_page(
    request: HttpRequest, *, title: str, form: object, crumbs_of: Unit, cancel: str, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "org/form.html",
        {
            "title": title,
            "form": form,
            "crumbs": breadcrumbs(crumbs_of, request.user),
            "cancel": cancel,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@login_required
def person_edit(request: HttpRequest, person_id: int) -> HttpResponse:
    person = queries.access_person(request.user, person_id, manage=True)
    form = PersonForm(request.POST or None, instance=person, user=request.user)
    if request.method == "POST" and form.is_valid():
        actions.do_update_person(person=person, acting_user=acting(request), **form.changed_values())
        messages.success(request, _("已保存。"))
        return redirect("org:person", person_id=person.pk)
    return _form_page(
        request,
        title=_("修改 %(name)s 的信息") % {"name": person.name},
        form=form,
        crumbs_of=person.unit,
        cancel=person.get_absolute_url(),
    )


@require_http_methods(["GET", "POST"])
@login_required
def person_create(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = queries.access_unit(request.user, unit_id, manage=True)
    form = PersonForm(request.POST or None, user=request.user, initial={"unit": unit.pk})
    if request.method == "POST" and form.is_valid():
        person = actions.do_create_person(acting_user=acting(request), **form.cleaned_data)
        messages.success(request, _("已新增人员 %(name)s。") % {"name": person.name})
        return redirect("org:person", person_id=person.pk)
    return _form_page(
        request,
        title=_("在 %(unit)s 新增人员") % {"unit": unit.name},
        form=form,
        crumbs_of=unit,
        cancel=unit.get_absolute_url(),
    )


@require_http_methods(["GET", "POST"])
@login_required
def unit_create(request: HttpRequest, unit_id: int) -> HttpResponse:
    parent = queries.access_unit(request.user, unit_id, manage=True)
    form = UnitForm(request.POST or None, parent=parent)
    if request.method == "POST" and form.is_valid():
        unit = actions.do_create_unit(parent=parent, acting_user=acting(request), **form.cleaned_data)
        messages.success(request, _("已新增下级单位 %(name)s。") % {"name": unit.name})
        return redirect("org:unit", unit_id=unit.pk)
    return _form_page(
        request,
        title=_("在 %(unit)s 下新增单位") % {"unit": parent.name},
        form=form,
        crumbs_of=parent,
        cancel=parent.get_absolute_url(),
    )


@require_http_methods(["GET", "POST"])
@login_required
def household_create(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = queries.access_unit(request.user, unit_id, manage=True)
    form = HouseholdForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        household = actions.do_create_household(unit=unit, acting_user=acting(request), **form.cleaned_data)
        messages.success(request, _("已新增户 %(n)s。") % {"n": household.number})
        return redirect("org:household", household_id=household.pk)
    return _form_page(
        request,
        title=_("在 %(unit)s 新增户") % {"unit": unit.name},
        form=form,
        crumbs_of=unit,
        cancel=unit.get_absolute_url(),
    )


@require_http_methods(["GET", "POST"])
@login_required
def membership_set(request: HttpRequest, person_id: int) -> HttpResponse:
    person = queries.access_person(request.user, person_id, manage=True)
    current = getattr(person, "membership", None)
    initial = (
        {
            "org": current.org_id,
            "status": current.status,
            "is_floating": current.is_floating,
            "joined_on": current.joined_on,
        }
        if current
        else {}
    )
    form = MembershipForm(request.POST or None, user=request.user, initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_set_membership(person=person, acting_user=acting(request), **form.cleaned_data)
        except (PermissionDenied, Http404):  # the membership is held by an organisation of another unit
            form.add_error(None, _("此人的党籍属于您不管理的党组织，请由该组织所在单位办理。"))
            status = 403
        else:
            messages.success(request, _("已更新党籍信息。"))
            return redirect("org:person", person_id=person.pk)
    return _form_page(
        request,
        title=_("%(name)s 的党籍") % {"name": person.name},
        form=form,
        crumbs_of=person.unit,
        cancel=person.get_absolute_url(),
        status=status,
    )


@require_http_methods(["GET", "POST"])
@login_required
def seat_add(request: HttpRequest, body_id: int) -> HttpResponse:
    body = queries.access_body(request.user, body_id, manage=True)
    form = SeatForm(request.POST or None, body=body, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_seat_person(
                body=body,
                person=form.cleaned_data["person"],
                post=form.cleaned_data["post"],
                since=form.cleaned_data["since"],
                acting_user=acting(request),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("已加入名册。"))
            return redirect("org:body", body_id=body.pk)
    return _form_page(
        request,
        title=_("向 %(body)s 名册添加成员") % {"body": body.name},
        form=form,
        crumbs_of=body.unit,
        cancel=body.get_absolute_url(),
    )


@require_POST
@login_required
def seat_remove(request: HttpRequest, body_id: int, seat_id: int) -> HttpResponse:
    body = queries.access_body(request.user, body_id, manage=True)
    seat = get_object_or_404(BodySeat, pk=seat_id, body=body)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("移出名册需要填写理由。"))
        return redirect("org:body", body_id=body.pk)
    actions.do_unseat_person(seat=seat, acting_user=acting(request), reason=form.cleaned_data["reason"])
    messages.success(request, _("已将 %(name)s 移出名册。") % {"name": seat.person.name})
    return redirect("org:body", body_id=body.pk)
