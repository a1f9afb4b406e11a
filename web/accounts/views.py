"""Setting one's own password: through a one-time setup link, or by changing it signed in."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm, SetPasswordForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from web.accounts import actions
from web.accounts.actors import acting
from web.common.http import no_store


@no_store  # the page is reached through a secret link: no cache may keep it
@require_http_methods(["GET", "POST"])
def setup(request: HttpRequest, token: str) -> HttpResponse:
    try:
        link = actions.valid_link(token)
    except actions.SetupLinkRefused as exc:
        return render(request, "accounts/setup.html", {"refused": exc.message}, status=exc.status)
    form = SetPasswordForm(link.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_use_setup_link(token=token, password=form.cleaned_data["new_password1"])
        except actions.SetupLinkRefused as exc:
            return render(request, "accounts/setup.html", {"refused": exc.message}, status=exc.status)
        messages.success(request, _("密码已设置。请用新密码登录。"))
        return redirect("accounts:login")
    return render(
        request, "accounts/setup.html", {"form": form, "account": link.user}, status=422 if form.errors else 200
    )


@never_cache
@require_http_methods(["GET", "POST"])
@login_required
def change_password(request: HttpRequest) -> HttpResponse:
    user = acting(request)
    form = PasswordChangeForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        actions.do_change_password(user=user, password=form.cleaned_data["new_password1"])
        update_session_auth_hash(request, user)
        messages.success(request, _("密码已修改。"))
        return redirect("org:home")
    return render(request, "accounts/password.html", {"form": form}, status=422 if form.errors else 200)
