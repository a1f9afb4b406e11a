"""The GeoReport v2 endpoints (``/open311/discovery.*``, ``/open311/v2/…``).

Every answer is a document of ``web.open311.shapes`` rendered as XML or JSON by the address's
suffix. Every refusal is GeoReport's error list with 400, 403 or 404, as the spec says: 404 for
what does not exist, 403 for a missing or wrong ``api_key``, 400 for anything else, including
a body that cannot be read and a method the address does not take. Nothing answers 500: an
unexpected failure is logged and answered as the spec's "general service error" (400), except
a lost database, which the middleware answers 503 like every page."""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.db import InterfaceError, OperationalError
from django.db.models import Max
from django.http import Http404, HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from web.cases.actions import do_take_case
from web.cases.errors import CaseError
from web.cases.models import Case, Catalogue
from web.common import clock
from web.open311 import queries, shapes
from web.open311.documents import Document, render
from web.open311.queries import Open311Error

logger = logging.getLogger("web.open311")

_PHONE = re.compile(r"^[0-9+\-() ]{3,20}$")

View = Callable[..., HttpResponse]


def answer(document: Document, fmt: str, status: int = 200) -> HttpResponse:
    body, content_type = render(document, fmt)
    return HttpResponse(body, content_type=content_type, status=status)


def refusal(status: int, description: str, fmt: str) -> HttpResponse:
    return answer(shapes.errors(status, description), fmt, status)


def _fmt(request: HttpRequest, kwargs: dict[str, Any]) -> str:
    fmt = kwargs.get("fmt") or ("json" if request.path.endswith(".json") else "xml")
    return fmt if fmt in ("xml", "json") else "xml"


def georeport(*methods: str) -> Callable[[View], View]:
    """An endpoint taking ``methods``, every refusal in GeoReport's shape."""

    def wrap(view: View) -> View:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            fmt = _fmt(request, kwargs)
            if request.method not in methods:
                response = refusal(
                    400, _("此地址不接受 %(method)s 请求。") % {"method": (request.method or "")[:10]}, fmt
                )
                response["Allow"] = ", ".join(methods)
                return response
            try:
                return view(request, *args, **kwargs)
            except Open311Error as exc:
                return refusal(exc.status, exc.description, fmt)
            except CaseError as exc:
                status = exc.status if exc.status in (403, 404) else 400
                return refusal(status, str(exc.message), fmt)
            except Http404:
                return refusal(404, _("找不到该资源。"), fmt)
            except PermissionDenied:
                return refusal(403, _("您没有执行此操作的权限。"), fmt)
            except (SuspiciousOperation, MultiPartParserError, UnicodeError):
                return refusal(400, _("请求格式有误，无法读取。"), fmt)
            except (OperationalError, InterfaceError):
                raise  # the database is away: the middleware answers 503
            except Exception:
                logger.exception("open311: unexpected failure on %s", request.path)
                return refusal(400, _("处理请求时出错，已记录，请稍后重试或联系我们。"), fmt)

        return wrapped

    return wrap


_text = queries.clean


# ---- discovery and services ---------------------------------------------------------------


@csrf_exempt
@georeport("GET")
def discovery(request: HttpRequest, fmt: str) -> HttpResponse:
    latest = Catalogue.objects.aggregate(at=Max("published_at"))["at"]
    document = shapes.discovery(
        url=request.build_absolute_uri("/open311/v2"),
        changeset=shapes.w3(latest) or "",
        production=not settings.DEBUG,
    )
    return answer(document, fmt)


@csrf_exempt
@georeport("GET")
def services(request: HttpRequest, fmt: str) -> HttpResponse:
    j = queries.jurisdiction(request.GET.get("jurisdiction_id"))
    return answer(shapes.services(queries.entries(j)), fmt)


@csrf_exempt
@georeport("GET")
def service_definition(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    j = queries.jurisdiction(request.GET.get("jurisdiction_id"))
    return answer(shapes.service_definition(queries.entry(j, code)), fmt)


# ---- requests -----------------------------------------------------------------------------


@csrf_exempt
@georeport("GET", "POST")
def requests(request: HttpRequest, fmt: str) -> HttpResponse:
    if request.method == "POST":
        return _create(request, fmt)
    j = queries.jurisdiction(request.GET.get("jurisdiction_id"))
    q = queries.query(request.GET)
    now = clock.now()
    return answer(shapes.requests(queries.requests(j, q), extensions=q.extensions, now=now), fmt)


@csrf_exempt
@georeport("GET")
def one_request(request: HttpRequest, request_id: str, fmt: str) -> HttpResponse:
    j = queries.jurisdiction(request.GET.get("jurisdiction_id"))
    case = queries.one_request(j, request_id)
    extensions = request.GET.get("extensions", "").strip().lower() == "true"
    return answer(shapes.requests([case], extensions=extensions, now=clock.now()), fmt)


@csrf_exempt
@georeport("GET")
def token(request: HttpRequest, token: str, fmt: str) -> HttpResponse:
    j = queries.jurisdiction(request.GET.get("jurisdiction_id"))
    return answer(shapes.token(queries.by_token(j, token)), fmt)


@csrf_exempt
@georeport("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")
def not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    return refusal(404, _("没有这个开放接口地址。"), _fmt(request, {}))


def _create(request: HttpRequest, fmt: str) -> HttpResponse:
    """POST Service Request: the key's holder takes the case, channel ``open311``."""
    data = request.POST
    key = queries.key_for(str(data.get("api_key", "")))
    j = key.jurisdiction
    asked = _text(data.get("jurisdiction_id"), 32)
    if asked and asked != j.code:
        queries.jurisdiction(asked)  # 404 when there is no such jurisdiction
        raise Open311Error(403, _("这个 api_key 不是为该辖区签发的。"))
    code = _text(data.get("service_code"), 64)
    if not code:
        raise Open311Error(400, _("缺少 service_code。"))
    queries.entry(j, code)
    place = _place(j, data)
    entry = queries.entry(place, code)
    lat, long = _coordinates(data)
    phone = _text(data.get("phone"), 40)
    if phone and not _PHONE.match(phone):
        raise Open311Error(400, _("phone 不是有效的电话号码。"))
    case, _code = do_take_case(
        channel=Case.Channel.OPEN311,
        entry=entry,
        unit=place,
        description=_text(data.get("description"), 100_000),
        acting_user=key.user,
        address=_text(data.get("address_string"), 200),
        lat=lat,
        long=long,
        requester_name=(_text(data.get("last_name"), 25) + _text(data.get("first_name"), 25)).strip(),
        requester_phone=phone,
    )
    queries.note_use(key)
    return answer(shapes.created(case, account_id=_text(data.get("account_id"), 64) or None), fmt)


def _coordinates(data: Any) -> tuple[Any, Any]:
    lat, long = _text(data.get("lat"), 40), _text(data.get("long"), 40)
    if not lat and not long:
        return None, None
    if not (lat and long):
        raise Open311Error(400, _("lat 和 long 要同时提供。"))
    return queries.coordinate("lat", lat, 90), queries.coordinate("long", long, 180)


def _place(j: Any, data: Any) -> Any:
    """Where: ``address_id`` (a community's, village's, grid's or building's code), else the
    place ``address_string`` names. Jiceng's units have no boundaries, so ``lat``/``long`` alone
    cannot place a request (they are kept with it)."""
    address_id = _text(data.get("address_id"), 64)
    if address_id:
        return queries.place_by_id(j, address_id)
    words = _text(data.get("address_string"), 200)
    if words:
        found = queries.place_by_words(j, words)
        if found is None:
            raise Open311Error(
                400,
                _(
                    "address_string 中没有本辖区社区、村、网格或楼栋的名称，无法确定地点；"
                    "请同时写明社区或网格，或改用 address_id。"
                ),
            )
        return found
    if _text(data.get("lat"), 40) or _text(data.get("long"), 40):
        raise Open311Error(
            400, _("仅凭 lat/long 无法确定诉求所在的社区或网格：请同时提供 address_id 或 address_string。")
        )
    raise Open311Error(400, _("缺少地点：请提供 address_id 或 address_string（可附 lat 和 long）。"))
