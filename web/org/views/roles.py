"""Who holds which role in a unit: list, grant (to an account or a new one), revoke, and a new
one-time password setup link for an account (never a password: web.accounts.actions)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from web.accounts.actors import acting
from web.accounts.usernames import UsernameRefused
from web.common.http import no_store
from web.org import actions, queries
from web.org.accounts import do_create_account, do_issue_setup_link, may_issue_link
from web.org.forms import RoleGrantForm
from web.org.models import Role
from web.org.views.browse import breadcrumbs


@no_store  # the answer to a new account shows its one-time setup link
@require_http_methods(["GET", "POST"])
@login_required
def unit_roles(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = queries.access_unit(request.user, unit_id)
    form = RoleGrantForm(request.POST or None, unit=unit, user=request.user)
    if request.method == "POST":
        queries.access_unit(request.user, unit_id, manage=True)
        if form.is_valid():
            try:
                account, token = _grant(request, unit, form)
            except UsernameRefused as exc:
                form.add_error("username", str(exc.message))
            else:
                messages.success(request, _("已授予 %(u)s 角色。") % {"u": account})
                if token is None:
                    return redirect("org:roles", unit_id=unit.pk)
                return _page(request, unit, RoleGrantForm(unit=unit, user=request.user), link=(account, token))
    return _page(request, unit, form)


def _grant(request: HttpRequest, unit: Any, form: RoleGrantForm) -> tuple[Any, str | None]:
    with transaction.atomic():
        account, token = form.cleaned_data["account"], None
        if account is None:
            account, token = do_create_account(
                username=form.cleaned_data["username"], person=form.cleaned_data["person"], acting_user=acting(request)
            )
        actions.do_grant_role(
            user=account,
            unit=unit,
            kind=form.cleaned_data["kind"],
            body=form.cleaned_data["body"],
            acting_user=acting(request),
        )
    return account, token


def _page(request: HttpRequest, unit: Any, form: RoleGrantForm, *, link: tuple[Any, str] | None = None) -> HttpResponse:
    roles = list(unit.roles.select_related("user", "body").order_by("kind", "user__username"))
    can_manage = queries.can_manage_path(request.user, unit.path)
    for role in roles:
        role.may_issue_link = can_manage and may_issue_link(request.user, role.user)
    return render(
        request,
        "org/roles.html",
        {
            "unit": unit,
            "crumbs": breadcrumbs(unit, request.user),
            "roles": roles,
            "form": form,
            "can_manage": can_manage,
            "link_account": link[0] if link else None,
            "setup_url": request.build_absolute_uri(reverse("accounts:setup", args=[link[1]])) if link else None,
            "link_hours": settings.SETUP_LINK_HOURS,
        },
        status=422 if form.errors else 200,
    )


@no_store
@require_POST
@login_required
def role_setup_link(request: HttpRequest, unit_id: int, role_id: int) -> HttpResponse:
    """A new one-time setup link for the account holding this role, shown once."""
    unit = queries.access_unit(request.user, unit_id, manage=True)
    role = get_object_or_404(Role, pk=role_id, unit=unit)
    if not may_issue_link(request.user, role.user):
        messages.error(request, _("这个账号在您管理范围以外还有角色（或是您自己的账号），请由上级工作人员发设置链接。"))
        return redirect("org:roles", unit_id=unit.pk)
    token = do_issue_setup_link(user=role.user, acting_user=acting(request))
    return _page(request, unit, RoleGrantForm(unit=unit, user=request.user), link=(role.user, token))


@require_POST
@login_required
def role_revoke(request: HttpRequest, unit_id: int, role_id: int) -> HttpResponse:
    unit = queries.access_unit(request.user, unit_id, manage=True)
    role = get_object_or_404(Role, pk=role_id, unit=unit)
    if role.user_id == request.user.pk and role.kind in Role.MANAGING:
        messages.error(request, _("不能撤销自己的管理角色，请由上级或同级其他工作人员操作。"))
        return redirect("org:roles", unit_id=unit.pk)
    actions.do_revoke_role(role=role, acting_user=acting(request))
    messages.success(request, _("已撤销角色。"))
    return redirect("org:roles", unit_id=unit.pk)
