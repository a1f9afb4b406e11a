"""Who holds which role in a unit: list, grant (to an account or a new one), revoke."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from web.accounts.actions import do_create_account
from web.org import actions, queries
from web.org.forms import RoleGrantForm
from web.org.models import Role
from web.org.views.browse import breadcrumbs


@require_http_methods(["GET", "POST"])
@login_required
def unit_roles(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = queries.access_unit(request.user, unit_id)
    can_manage = queries.can_manage_path(request.user, unit.path)
    form = RoleGrantForm(request.POST or None, unit=unit, user=request.user)
    new_password = None
    if request.method == "POST":
        queries.access_unit(request.user, unit_id, manage=True)
        if form.is_valid():
            with transaction.atomic():
                account = form.cleaned_data["account"]
                if account is None:
                    account, new_password = do_create_account(
                        username=form.cleaned_data["username"].strip(), person=form.cleaned_data["person"],
                        acting_user=request.user,
                    )
                actions.do_grant_role(user=account, unit=unit, kind=form.cleaned_data["kind"],
                                      body=form.cleaned_data["body"], acting_user=request.user)
            messages.success(request, _("已授予 %(u)s 角色。") % {"u": account})
            if new_password is None:
                return redirect("org:roles", unit_id=unit.pk)
            form = RoleGrantForm(unit=unit, user=request.user)
    roles = unit.roles.select_related("user", "body").order_by("kind", "user__username")
    return render(request, "org/roles.html", {
        "unit": unit, "crumbs": breadcrumbs(unit, request.user), "roles": roles, "form": form,
        "can_manage": can_manage, "new_password": new_password,
    })


@require_POST
@login_required
def role_revoke(request: HttpRequest, unit_id: int, role_id: int) -> HttpResponse:
    unit = queries.access_unit(request.user, unit_id, manage=True)
    role = get_object_or_404(Role, pk=role_id, unit=unit)
    if role.user_id == request.user.pk and role.kind in Role.MANAGING:
        messages.error(request, _("不能撤销自己的管理角色，请由上级或同级其他工作人员操作。"))
        return redirect("org:roles", unit_id=unit.pk)
    actions.do_revoke_role(role=role, acting_user=request.user)
    messages.success(request, _("已撤销角色。"))
    return redirect("org:roles", unit_id=unit.pk)
