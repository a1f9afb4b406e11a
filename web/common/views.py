"""Error pages that tell a person what went wrong, in their language; JSON under /api/."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

_MESSAGES = {
    400: ("bad_request", "请求格式有误。", "The request is malformed."),
    403: ("forbidden", "您没有执行此操作的权限。", "You do not have permission to do this."),
    404: ("not_found", "找不到该页面或对象，或您无权查看。", "Not found, or not yours to see."),
    500: ("server_error", "服务器出错，已记录，请稍后重试。", "Server error; it has been logged. Try again later."),
}


def _error(request: HttpRequest, status: int, detail: str = "") -> HttpResponse:
    code, zh, en = _MESSAGES[status]
    if request.path.startswith("/api/v1/"):
        return JsonResponse({"error": {"code": code, "message_zh": zh, "message_en": en}}, status=status)
    context: dict[str, Any] = {"status": status, "message": _(zh), "detail": detail}
    return render(request, "errors/error.html", context, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 403, str(exception) if exception and str(exception) else "")


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 404)


def server_error(request: HttpRequest) -> HttpResponse:
    return _error(request, 500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(
        request,
        "errors/error.html",
        {"status": 403, "message": _("页面已过期或来源无法验证，请刷新页面后重试。")},
        status=403,
    )


@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    with connection.cursor() as cur:
        cur.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")
