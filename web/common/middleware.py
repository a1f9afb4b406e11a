"""Security headers, HTMX request detection, and a clear answer while the database is away."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse

logger = logging.getLogger("web")


class SecurityHeadersMiddleware:
    """Adds the Content Security Policy and a few headers Django does not set itself."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", "camera=(self), microphone=(), geolocation=()")
        return response


class HtmxMiddleware:
    """Sets ``request.htmx`` so a view renders its partial for HTMX requests."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.htmx = request.headers.get("HX-Request") == "true"  # type: ignore[attr-defined]
        response = self.get_response(request)
        if request.htmx:  # type: ignore[attr-defined]
            response.headers["Vary"] = ", ".join(filter(None, [response.headers.get("Vary"), "HX-Request"]))
        return response


def database_unavailable(exc: BaseException) -> bool:
    """The database cannot be reached or is busy (restarting, connection lost, SQLite locked):
    nothing was done, and the same request may simply be sent again."""
    return isinstance(exc, (OperationalError, InterfaceError))


class DatabaseUnavailableMiddleware:
    """While the database cannot be reached, answer 503 with ``Retry-After`` and a page that
    says so in the person's language, instead of a 500. The page is rendered without the
    request (no session, no user), since reading those would need the database too."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not database_unavailable(exception):
            return None
        from django.template.loader import render_to_string
        from django.utils.translation import gettext as _

        logger.warning("database unavailable at %s %s: %s", request.method, request.path, exception)
        message = _(
            "暂时无法连接数据库，请稍后重试。再次提交时如果提示已经办理（例如投票码已经用过），说明刚才的操作已经生效。"
        )
        html = render_to_string("errors/error.html", {"status": 503, "message": message})
        response = HttpResponse(html, status=503)
        response["Retry-After"] = "5"
        return response
