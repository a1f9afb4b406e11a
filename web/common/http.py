"""HTTP details pages share: a page that shows a secret is never kept by a cache; a form whose
typed input must survive a language switch."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
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


def language_chosen_in(request: HttpRequest) -> str:
    """The language a POST asks for with the page's own switch (``_language_button.html`` with
    ``posts_form``), or ``""``."""
    language = request.POST.get("language", "") if request.method == "POST" else ""
    return language if language in dict(settings.LANGUAGES) else ""


def switches_language_in_form(view: View) -> View:
    """For a page whose form holds what a person typed and must not travel in an address (the
    phone ballot's code): its language switch posts the form itself, with ``language``. This
    shows the answer in that language and remembers the choice in the language cookie, as
    Django's ``set_language`` does; the view, seeing ``language_chosen_in(request)``, shows its
    form again as it was posted instead of acting on it."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        language = language_chosen_in(request)
        if language:
            translation.activate(language)
            request.LANGUAGE_CODE = language
        response = view(request, *args, **kwargs)
        if language:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                language,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                path=settings.LANGUAGE_COOKIE_PATH,
                domain=settings.LANGUAGE_COOKIE_DOMAIN,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            )
        return response

    return wrapped
