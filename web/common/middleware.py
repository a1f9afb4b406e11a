"""HEAD like GET, oversized bodies refused unread, security headers, HTMX request detection, and a
clear answer while the database is away."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse

logger = logging.getLogger("web")


class HeadAsGetMiddleware:
    """HEAD is answered wherever GET is: the request goes through every check and the view as a
    GET (views decorated ``require_GET`` would refuse a HEAD), and the body is dropped on the way
    out; the status and headers, ``Content-Length`` included, are those of the GET. Streamed
    bodies (files) are left to the server, which sends none for a HEAD."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method != "HEAD":
            return self.get_response(request)
        request.method = "GET"
        try:
            response = self.get_response(request)
        finally:
            request.method = "HEAD"
        if not response.streaming:
            response.headers.setdefault("Content-Length", str(len(response.content)))
            response.content = b""
        return response


def body_limit(request: HttpRequest) -> int:
    """The largest body this request may have: a form with files may carry the largest upload
    Jiceng takes; anything else, a form's fields or JSON, at most ``DATA_UPLOAD_MAX_MEMORY_SIZE``."""
    if request.content_type == "multipart/form-data":
        return int(settings.JICENG_MAX_UPLOAD_REQUEST_BYTES)
    return int(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)


class RequestSizeMiddleware:
    """A body larger than :func:`body_limit` is refused with 413 and Jiceng's page before any of
    it is read: ``Content-Length`` is checked here, before the session or the view touch
    ``request.body`` or ``request.FILES``. Nothing reads past ``Content-Length`` afterwards
    (Django reads the body through a stream limited to it, and a body sent without one, chunked,
    is read as empty), so the check caps what a request can make the server read or store."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0  # Django reads such a body as empty
        if length > body_limit(request):
            from web.common.views import request_too_large

            logger.warning("refused a %d-byte body at %s %s", length, request.method, request.path)
            return request_too_large(request)
        return self.get_response(request)


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
        from django.utils.translation import gettext as _

        from web.common.views import error_page

        logger.warning("database unavailable at %s %s: %s", request.method, request.path, exception)
        message = _(
            "暂时无法连接数据库，请稍后重试。再次提交时如果提示已经办理（例如投票码已经用过），说明刚才的操作已经生效。"
        )
        response = HttpResponse(error_page(503, message), status=503)
        response["Retry-After"] = "5"
        return response
