"""The staff page of Open311 API keys: a jurisdiction's staff issue a key for a program that
posts residents' requests, see its prefix and last use, and revoke it."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from web.accounts.actors import acting
from web.common.attempt import attempt
from web.common.http import no_store
from web.common.listing import listing
from web.open311.actions import do_issue_open311_key, do_revoke_open311_key
from web.open311.forms import KeyForm
from web.open311.models import ApiKey
from web.org.queries import managed_paths, under_paths


def _keys(user: Any) -> QuerySet[ApiKey]:
    """The keys a person sees: their own, and every key of a jurisdiction they manage."""
    paths = managed_paths(user)
    mine = Q(user=user) | under_paths("jurisdiction__path", paths) if paths else Q(user=user)
    return ApiKey.objects.filter(mine).select_related("user", "jurisdiction").order_by("-created_at", "-id")


def _search(rows: QuerySet[ApiKey], q: str) -> QuerySet[ApiKey]:
    return rows.filter(Q(name__icontains=q) | Q(prefix__icontains=q) | Q(jurisdiction__name__icontains=q))


@no_store  # shows a new key once
@require_http_methods(["GET", "POST"])
@login_required
def keys(request: HttpRequest) -> HttpResponse:
    user = acting(request)
    form = KeyForm(request.POST or None, user=user)
    secret = None
    if request.method == "POST":
        done = attempt(
            request,
            lambda data: do_issue_open311_key(jurisdiction=data["jurisdiction"], name=data["name"], acting_user=user),
            None,
            form=form,
        )
        if done and done.value is not None:
            secret = done.value[1]
            form = KeyForm(user=user)
    shown = listing(request, _keys(user), search=_search, placeholder=gettext_lazy("名称、前缀或辖区"))
    return render(
        request,
        "open311/keys.html",
        {"form": form, "secret": secret, "listing": shown, "may_issue": form.fields["jurisdiction"].queryset.exists()},  # type: ignore[attr-defined]
    )


@require_POST
@login_required
def revoke(request: HttpRequest, key_id: int) -> HttpResponse:
    user = acting(request)
    key = get_object_or_404(_keys(user), pk=key_id)
    attempt(
        request,
        lambda: do_revoke_open311_key(key=key, acting_user=user),
        _("已撤销密钥 %(name)s。") % {"name": key.name},
    )
    return redirect("open311_keys:keys")
