"""The API's own pages: the index of operations (instead of ninja's CDN-loaded Swagger page)
and the token page of the signed-in user."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from web.accounts.actors import acting
from web.accounts.models import ApiToken
from web.api.actions import do_create_api_token, do_revoke_api_token
from web.api.api import api
from web.api.forms import TokenForm
from web.common.http import no_store

METHODS = ("get", "post", "put", "patch", "delete")


def operations() -> list[dict[str, Any]]:
    """Each operation of the served document: method, path, summary, tag."""
    schema = api.get_openapi_schema()
    return [
        {"method": method.upper(), "path": path, "summary": op.get("summary", ""), "tag": (op.get("tags") or [""])[0]}
        for path, item in schema["paths"].items()
        for method, op in item.items()
        if method in METHODS
    ]


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "api/index.html",
        {
            "operations": operations(),
            "openapi_url": reverse("api:openapi-json"),
        },
    )


@no_store  # shows a new token's secret, once
@require_http_methods(["GET", "POST"])
@login_required
def tokens(request: HttpRequest) -> HttpResponse:
    user = acting(request)
    form = TokenForm(request.POST or None)
    secret = None
    if request.method == "POST" and form.is_valid():
        _token, secret = do_create_api_token(user=user, name=form.cleaned_data["name"], acting_user=user)
        form = TokenForm()
    return render(
        request,
        "api/tokens.html",
        {
            "form": form,
            "secret": secret,
            "tokens": ApiToken.objects.filter(user=user).order_by("-created_at"),
        },
    )


@require_POST
@login_required
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=token_id, user=request.user)
    do_revoke_api_token(token=token, acting_user=acting(request))
    messages.success(request, _("已撤销令牌 %(name)s。") % {"name": token.name})
    return redirect("api:tokens")
