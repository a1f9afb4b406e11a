"""Error pages that tell a person what went wrong, in their language; JSON under /api/.

The pages are Jiceng's own (``templates/403.html``, ``404.html``, ``templates/errors/``), each
with the way back (the page one came from, the home page), rendered without the request: no session,
no user, no context processor, nothing that needs the database, so the 500 and 503 pages can
be shown when the database or the code behind the page is what failed."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.core.exceptions import DisallowedHost
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

_MESSAGES = {
    400: ("bad_request", "请求格式有误。", "The request is malformed."),
    403: ("forbidden", "您没有执行此操作的权限。", "You do not have permission to do this."),
    404: ("not_found", "找不到该页面或对象，或您无权查看。", "Not found, or not yours to see."),
    413: (
        "body_too_large",
        "提交的内容过大，没有接收。上传的文件请不要超过页面写明的大小。",
        "What was sent is too large and was not accepted. Keep an upload within the size the page states.",
    ),
    500: ("server_error", "服务器出错，已记录，请稍后重试。", "Server error; it has been logged. Try again later."),
}


def error_page(status: int, message: str, detail: str = "", back: str = "", *, hint: bool = True) -> str:
    """The HTML of an error page in the active language, without the request (see the module):
    ``<status>.html`` where Jiceng has one (403, 404: with a hint of what to do; ``hint=False``
    leaves it out), else ``errors/error.html``. ``back`` is the page the person came from
    (``back_to``), linked as the way back beside the home page."""
    context = {"status": status, "message": message, "detail": detail, "back": back}
    return render_to_string([f"{status}.html", "errors/error.html"] if hint else "errors/error.html", context)


def back_to(request: HttpRequest, *, this_page: bool = False) -> str:
    """The page the person came from, when it is a page of this site other than this one (the
    ``Referer`` header, read without the database); else "". ``this_page``: also when it is this
    one (a form that posts to its own page: going back loads it afresh)."""
    referer = request.headers.get("Referer", "")
    try:
        host = request.get_host()
    except DisallowedHost:
        return ""
    safe = url_has_allowed_host_and_scheme(referer, allowed_hosts={host}, require_https=request.is_secure())
    return referer if referer and safe and (this_page or urlsplit(referer).path != request.path) else ""


def message_for(status: int) -> str:
    """The error's sentence in the active language."""
    _code, zh, en = _MESSAGES[status]
    return en if (get_language() or "").startswith("en") else zh


def _error(request: HttpRequest, status: int, detail: str = "") -> HttpResponse:
    code, zh, en = _MESSAGES[status]
    if request.path.startswith("/api/v1/"):
        return JsonResponse({"error": {"code": code, "message_zh": zh, "message_en": en}}, status=status)
    return HttpResponse(error_page(status, message_for(status), detail, back_to(request)), status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 403, str(exception) if exception and str(exception) else "")


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 404)


def request_too_large(request: HttpRequest) -> HttpResponse:
    return _error(request, 413)


def server_error(request: HttpRequest) -> HttpResponse:
    return _error(request, 500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent from a page that expired (or from elsewhere): Jiceng's 403 page, with the way
    back to the form, which a reload gives a fresh token. JSON under /api/v1/ (tokens need none)."""
    message = _("页面已过期或来源无法验证，请刷新页面后重试。")
    if request.path.startswith("/api/v1/"):
        return _error(request, 403)
    return HttpResponse(error_page(403, message, back=back_to(request, this_page=True), hint=False), status=403)


@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    with connection.cursor() as cur:
        cur.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")
