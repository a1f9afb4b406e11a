"""Every error the API returns, and the handlers that make ninja and Django speak it.

One shape everywhere: ``{"error": {"code", "message_zh", "message_en", "details"}}``. The
code is stable (clients branch on it); the messages are for people and carry both languages
themselves, so this table is exempt from the gettext scan. ``docs/api.md`` lists the codes.
"""

from __future__ import annotations

import functools
import json
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import PermissionDenied, RequestDataTooBig, SuspiciousOperation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from ninja import Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.parser import Parser

if TYPE_CHECKING:
    from ninja import NinjaAPI

_E = TypeVar("_E", bound=Exception)
logger = logging.getLogger("web.api")

#: largest request body the API reads (a roster write is a few hundred bytes)
MAX_BODY_BYTES = 256 * 1024

#: code → (status, Chinese, English)
ERRORS: dict[str, tuple[int, str, str]] = {
    "malformed_json": (400, "请求体不是有效的 JSON。", "The request body is not valid JSON."),
    "invalid_encoding": (400, "请求体不是 UTF-8 编码。", "The request body is not UTF-8."),
    "bad_request": (400, "请求格式有误。", "The request is malformed."),
    "not_authenticated": (401, "需要登录或提供 API 令牌。", "Sign in or send an API token."),
    "invalid_token": (401, "API 令牌无效、已撤销或格式有误。", "The API token is invalid, revoked or malformed."),
    "forbidden": (403, "您没有执行此操作的权限。", "You do not have permission to do this."),
    "csrf_failed": (
        403,
        "CSRF 校验失败：会话方式的写请求需要 X-CSRFToken 头。",
        "CSRF check failed: a write with a session needs the X-CSRFToken header.",
    ),
    "not_found": (404, "找不到该对象，或您无权查看。", "Not found, or not yours to see."),
    "method_not_allowed": (405, "此地址不支持该请求方法。", "This method is not allowed here."),
    "duplicate_id_number": (409, "该身份证号已登记。", "This ID number is already registered."),
    "duplicate_unit_code": (409, "该单位编码已被使用。", "This unit code is already in use."),
    "duplicate_household_number": (409, "该户号已存在。", "This household number already exists."),
    "already_seated": (409, "此人已在该机构的名册中。", "This person is already on the body's roster."),
    "conflict": (409, "与现有数据冲突。", "Conflicts with existing data."),
    "body_too_large": (413, "请求体过大。", "The request body is too large."),
    "validation_failed": (422, "输入有误，请查看 details。", "The input is invalid; see details."),
    "server_error": (500, "服务器出错，已记录，请稍后重试。", "Server error; it has been logged. Try again later."),
    "unavailable": (503, "暂时无法连接数据库，请稍后重试。", "The database cannot be reached; try again shortly."),
}

#: a unique field whose clash is a 409 with its own code
UNIQUE_FIELD_CODES = {
    "id_number": "duplicate_id_number",
    "code": "duplicate_unit_code",
    "number": "duplicate_household_number",
}


class ErrorDetail(Schema):
    loc: list[str | int]
    code: str
    message: str


class ErrorBody(Schema):
    code: str
    message_zh: str
    message_en: str
    details: list[ErrorDetail]


class ErrorOut(Schema):
    error: ErrorBody


class ApiError(Exception):
    """Raise anywhere under the API to answer with one of ``ERRORS``."""

    def __init__(self, code: str, details: list[dict[str, Any]] | None = None) -> None:
        self.code, self.details = code, details or []
        super().__init__(code)

    @property
    def status(self) -> int:
        return ERRORS[self.code][0]


def error_payload(code: str, details: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    _status, zh, en = ERRORS[code]
    return {"error": {"code": code, "message_zh": zh, "message_en": en, "details": details or []}}


def error_response(code: str, details: list[dict[str, Any]] | None = None) -> JsonResponse:
    response = JsonResponse(
        error_payload(code, details), status=ERRORS[code][0], json_dumps_params={"ensure_ascii": False}
    )
    if response.status_code == 401:
        response["WWW-Authenticate"] = 'Bearer realm="jiceng"'
    return response


def responses(*statuses: int) -> dict[int, type[ErrorOut]]:
    """The error part of an operation's ``response=`` declaration (401/404/422/500 always)."""
    return dict.fromkeys(sorted({400, 401, 404, 422, 500, *statuses}), ErrorOut)


def detail(loc: list[str | int], code: str, message: str) -> dict[str, Any]:
    return {"loc": loc, "code": code, "message": str(message)}


def details_from_django(
    exc: DjangoValidationError, *, loc_prefix: str = "body", rename: dict[str, str] | None = None
) -> list[dict[str, Any]]:
    rename = rename or {}
    out: list[dict[str, Any]] = []
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            name = rename.get(field, field)
            loc: list[str | int] = [loc_prefix] if field == "__all__" else [loc_prefix, name]
            for err in errors:
                out.extend(detail(loc, err.code or "invalid", m) for m in err.messages)
    else:
        out.extend(detail([loc_prefix], e.code or "invalid", m) for e in exc.error_list for m in e.messages)
    return out


def conflict_code(exc: DjangoValidationError) -> str | None:
    """The 409 code when ``exc`` is a uniqueness clash, else None."""
    for field, errors in getattr(exc, "error_dict", {}).items():
        if any(e.code == "unique" for e in errors):
            return UNIQUE_FIELD_CODES.get(field, "conflict")
    return None


# ---- the request body ---------------------------------------------------------------


def _not_json(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


class StrictJsonParser(Parser):
    """JSON only, UTF-8 only; says which of the two is wrong."""

    def parse_body(self, request: HttpRequest) -> Any:
        try:
            text = request.body.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ApiError("invalid_encoding") from exc
        try:
            return json.loads(text, parse_constant=_not_json)
        except (ValueError, RecursionError) as exc:  # RecursionError: nesting thousands deep
            raise ApiError("malformed_json", [detail(["body"], "json_invalid", f"{exc}")]) from exc


# ---- handlers ------------------------------------------------------------------------


def _pydantic_details(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        detail(
            [p if isinstance(p, int) else str(p) for p in e.get("loc", [])],
            str(e.get("type", "invalid")),
            str(e.get("msg", "")),
        )
        for e in errors
    ]


def _on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    cause = exc.__cause__
    if isinstance(cause, ApiError):
        return error_response(cause.code, cause.details)
    if isinstance(cause, RequestDataTooBig):
        return error_response("body_too_large")
    if isinstance(exc, AuthenticationError):
        return error_response("not_authenticated")
    by_status = {
        400: "bad_request",
        401: "not_authenticated",
        403: "forbidden",
        404: "not_found",
        405: "method_not_allowed",
        409: "conflict",
        413: "body_too_large",
        422: "validation_failed",
    }
    return error_response(by_status.get(exc.status_code, "bad_request"))


def _on_exception(request: HttpRequest, exc: Exception) -> HttpResponse:
    from web.common.middleware import database_unavailable

    if database_unavailable(exc):
        response = error_response("unavailable")
        response["Retry-After"] = "5"
        return response
    logger.exception("API error at %s %s", request.method, request.path, exc_info=exc)
    return error_response("server_error")


def install_handlers(api: NinjaAPI) -> None:
    """Replace every ninja default, so its ``{"detail": …}`` never reaches a client."""
    _answer(api, ApiError, lambda request, exc: error_response(exc.code, exc.details))
    _answer(api, HttpError, _on_http_error)
    _answer(
        api,
        NinjaValidationError,
        lambda request, exc: error_response("validation_failed", _pydantic_details(exc.errors)),
    )
    _answer(
        api, DjangoValidationError, lambda request, exc: error_response("validation_failed", details_from_django(exc))
    )
    _answer(api, Http404, lambda request, exc: error_response("not_found"))
    _answer(api, PermissionDenied, lambda request, exc: error_response("forbidden"))
    _answer(api, RequestDataTooBig, lambda request, exc: error_response("body_too_large"))
    # e.g. more query parameters than DATA_UPLOAD_MAX_NUMBER_FIELDS
    _answer(api, SuspiciousOperation, lambda request, exc: error_response("bad_request"))
    _answer(api, Exception, _on_exception)


def _answer(api: NinjaAPI, kind: type[_E], handler: Callable[[HttpRequest, _E], HttpResponse]) -> None:
    """``api.add_exception_handler(kind, handler)``. ninja annotates the exception a handler
    receives as ``_E | type[_E]``, but it hands over what its ``except`` caught: an instance."""
    api.add_exception_handler(kind, handler)  # type: ignore[arg-type]  # ninja's annotation, see above


# ---- what happens before ninja sees the request ----------------------------------------


def json_errors(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Wrap an API URL's view: refuse oversized bodies early, and turn the plain-text
    405 ninja answers for a wrong method into our JSON error."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return error_response("bad_request")
        if length > MAX_BODY_BYTES:
            return error_response("body_too_large")
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and not response.get("Content-Type", "").startswith("application/json"):
            allow = response.get("Allow", "")
            response = error_response("method_not_allowed")
            response["Allow"] = allow
        return response

    return wrapper


def not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Any other address under ``/api/v1/``."""
    return error_response("not_found")
