"""A signed-in person's own things, whatever role they hold (a resident holds none)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from web.org import queries


@require_GET
@login_required
def my_household(request: HttpRequest) -> HttpResponse:
    """我的家庭: the names and relations of one's own household, read-only (changes go through
    the community's staff)."""
    return render(request, "org/my_household.html", {"members": queries.own_household(request.user)})
