"""HTTP details pages share: a page that shows a secret is never kept by a cache."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpResponse
from django.views.decorators.cache import never_cache

View = Callable[..., HttpResponse]


def no_store(view: View) -> View:
    """For a view that shows a secret (an API token, a voting code slip, a setup link): every
    answer carries ``Cache-Control: no-store`` (and no-cache, private, expired), so neither the
    browser's history and disk cache nor a proxy keeps a copy.

    The view is marked ``shows_secret`` (decorators that use ``functools.wraps`` carry the mark
    outwards); ``tests/test_url_access.py`` finds every marked view in the URL configuration that
    way and checks what it sends, so a new secret page is covered by using this decorator."""
    wrapped: Any = never_cache(view)
    wrapped.shows_secret = True
    return wrapped
