"""The unread badge in every page's header (templates/base.html)."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from web.notify.queries import unread_count


def unread(request: HttpRequest) -> dict[str, object]:
    """``unread_notices``: counted (one query) only when a page shows it, and only for a signed-in
    person; pages for the public never ask."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notices": SimpleLazyObject(lambda: unread_count(user))}
