"""The reads behind the Open311 endpoints: the jurisdiction asked for, its services, its
requests (one indexed range of ``received_at`` within the jurisdiction's subtree, never a count),
an API key, and the place a POST names."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db.models import F, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import StrIndex
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from web.cases.actions import PLACE_KINDS
from web.cases.catalogue import CATALOGUE_KINDS
from web.cases.models import Case, CaseEvent, Catalogue, Entry
from web.common import clock
from web.common.numbers import is_ascii_digits
from web.open311.models import ApiKey
from web.org.models import Unit
from web.org.queries import can_manage_path

#: GeoReport v2: "a span of 90 days or first 1000 requests returned, whichever is smallest"
WINDOW = dt.timedelta(days=90)
LIMIT = 1000
MAX_PAGE = 100_000
#: ``last_used_at`` of a key is written at most this often (a POST should not be two writes)
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)


_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


def clean(value: object, limit: int) -> str:
    """Text from a client, as Jiceng reads it: control characters (which neither XML nor
    PostgreSQL can carry) and lone surrogates dropped, cut at ``limit``, trimmed."""
    return _CONTROL.sub("", str(value or ""))[:limit].strip()


class Open311Error(Exception):
    """A refusal in GeoReport's shape: the HTTP status (400, 403 or 404) and a sentence."""

    def __init__(self, status: int, description: object) -> None:
        super().__init__(str(description))
        self.status = status
        self.description = str(description)


# ---- jurisdictions and services -----------------------------------------------------------


def jurisdiction(code: str | None) -> Unit:
    """The street, township or district named by ``jurisdiction_id`` (its unit code). Without one,
    the only unit keeping a catalogue, when there is one; otherwise the id is required (400)."""
    code = clean(code, 64)
    if not code:
        keeping = list(Catalogue.objects.order_by().values_list("unit_id", flat=True).distinct()[:2])
        if len(keeping) == 1:
            return Unit.objects.get(pk=keeping[0])
        raise Open311Error(400, _("请提供 jurisdiction_id（街道、乡镇或区的单位编码）：本接口服务多个辖区。"))
    unit = Unit.objects.filter(code=code[:32], kind__in=CATALOGUE_KINDS).first()
    if unit is None:
        raise Open311Error(404, _("找不到 jurisdiction_id 为“%(code)s”的辖区。") % {"code": code[:32]})
    return unit


def entries(unit: Unit) -> list[Entry]:
    from web.cases.access import current_entries

    return list(current_entries(unit).order_by("group", "service_code"))


def entry(unit: Unit, service_code: str) -> Entry:
    from web.cases.access import current_entries

    service_code = clean(service_code, 64)
    found = current_entries(unit).filter(service_code=service_code[:32]).first()
    if found is None:
        raise Open311Error(404, _("找不到服务编码为“%(code)s”的服务。") % {"code": service_code[:32]})
    return found


# ---- requests -----------------------------------------------------------------------------


#: the columns a read of a request needs (``web.open311.shapes``), from one query
REQUEST_COLUMNS = (
    "id", "state", "channel", "service_code", "description", "received_at", "finished_at", "reply_by",
    "lat", "long", "level", "escalated", "extended", "redos", "returns", "transfers", "satisfaction", "solved",
    "merged_into_id", "dispatched_at", "sign_by", "replied_at", "entry_id", "entry__name", "entry__level",
    "entry__sign_within", "entry__reply_within", "entry__urgent", "office__name", "lead__name",
    "unit__kind", "unit__name", "unit__code", "unit__parent__kind", "unit__parent__name", "unit__parent__code",
    "unit__parent__parent__kind", "unit__parent__parent__name", "unit__parent__parent__code",
)  # fmt: skip


def _requests(j: Unit) -> QuerySet[Case]:
    return Case.objects.filter(unit_path__startswith=j.path)


def _read(rows: QuerySet[Case]) -> list[dict[str, Any]]:
    """The rows as plain dicts of ``REQUEST_COLUMNS`` and ``updated_at`` (the last event's time)."""
    last_event = CaseEvent.objects.filter(case=OuterRef("pk")).order_by("-id").values("at")[:1]
    return list(rows.annotate(updated_at=Subquery(last_event)).values(*REQUEST_COLUMNS, "updated_at"))


def one_request(j: Unit, request_id: str) -> dict[str, Any]:
    request_id = clean(request_id, 64)
    if not is_ascii_digits(request_id) or len(request_id) > 18:
        raise Open311Error(404, _("找不到编号为“%(id)s”的诉求。") % {"id": request_id[:20]})
    found = _read(_requests(j).filter(pk=int(request_id)))
    if not found:
        raise Open311Error(404, _("找不到编号为“%(id)s”的诉求。") % {"id": request_id})
    return found[0]


def by_token(j: Unit, token: str) -> Case:
    case = Case.objects.filter(token=token[:32], unit_path__startswith=j.path).first() if token.isalnum() else None
    if case is None:
        raise Open311Error(404, _("找不到这个 token 对应的诉求。"))
    return case


def _moment(name: str, text: str, *, end: bool = False) -> dt.datetime:
    """A W3C date-time (a time without a zone is read as local time) or a date (its start, or
    its end for ``end_date``)."""
    text = text.strip()
    moment: dt.datetime | None
    try:
        day = parse_date(text) if len(text) == 10 else None
        moment = dt.datetime.combine(day, dt.time.max if end else dt.time.min) if day else parse_datetime(text)
    except ValueError:
        moment = None
    if moment is None or not 1900 <= moment.year <= 2999:
        raise Open311Error(
            400, _("%(name)s 不是有效的时间，请用 W3C 格式，例如 2026-01-01T00:00:00+08:00。") % {"name": name}
        )
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


def _codes(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


@dataclass(frozen=True)
class Query:
    """GET requests' parameters, checked."""

    ids: list[int] | None
    service_codes: list[str]
    start: dt.datetime
    end: dt.datetime
    statuses: list[str]
    page: int
    page_size: int
    extensions: bool


def _whole(name: str, text: str, default: int, low: int, high: int) -> int:
    if not text.strip():
        return default
    if not is_ascii_digits(text.strip()) or not low <= int(text.strip()[:9]) <= high:
        sentence = _("%(name)s 应是 %(low)s 到 %(high)s 之间的整数。")
        raise Open311Error(400, sentence % {"name": name, "low": low, "high": high})
    return int(text.strip())


def query(params: Any) -> Query:
    def get(name: str) -> str:
        return clean(params.get(name, ""), 20000)

    ids = None
    if get("service_request_id").strip():
        parts = _codes(get("service_request_id"))
        if len(parts) > LIMIT or not all(is_ascii_digits(p) and len(p) <= 18 for p in parts):
            raise Open311Error(400, _("service_request_id 应是以逗号分隔的诉求编号，最多 %(n)s 个。") % {"n": LIMIT})
        ids = [int(p) for p in parts]
    statuses = _codes(get("status").lower())
    if any(s not in ("open", "closed") for s in statuses):
        raise Open311Error(400, _("status 只能是 open 或 closed（可用逗号分隔）。"))
    now = clock.now()
    start = _moment("start_date", get("start_date")) if get("start_date").strip() else None
    end = _moment("end_date", get("end_date"), end=True) if get("end_date").strip() else None
    if start is None and end is None:
        end, start = now, now - WINDOW
    elif start is None:
        assert end is not None
        start = end - WINDOW
    elif end is None:
        end = start + WINDOW
    if start > end:
        raise Open311Error(400, _("start_date 不能晚于 end_date。"))
    if end - start > WINDOW:
        raise Open311Error(400, _("start_date 与 end_date 之间不能超过 90 天。"))
    return Query(
        ids=ids,
        service_codes=[c[:32] for c in _codes(get("service_code"))][:100],
        start=start,
        end=end,
        statuses=statuses,
        page=_whole("page", get("page"), 1, 1, MAX_PAGE),
        page_size=_whole("page_size", get("page_size"), LIMIT, 1, LIMIT),
        extensions=get("extensions").strip().lower() == "true",
    )


def requests(j: Unit, q: Query) -> list[dict[str, Any]]:
    """A page of the jurisdiction's requests, the latest first. ``service_request_id`` overrides
    every other filter (GeoReport v2)."""
    rows = _requests(j)
    if q.ids is not None:
        rows = rows.filter(pk__in=q.ids)
    else:
        rows = rows.filter(received_at__gte=q.start, received_at__lte=q.end)
        if q.service_codes:
            rows = rows.filter(service_code__in=q.service_codes)
        if q.statuses == ["open"]:
            rows = rows.filter(state__in=Case.OPEN)
        elif q.statuses == ["closed"]:
            rows = rows.exclude(state__in=Case.OPEN)
    offset = (q.page - 1) * q.page_size
    return _read(rows.order_by("-received_at", "-id")[offset : offset + q.page_size])


# ---- keys and places ----------------------------------------------------------------------


def key_for(secret: str) -> ApiKey:
    """The live key for ``secret``, whose holder is active and still manages its jurisdiction;
    otherwise a 403."""
    secret = clean(secret, 400)
    if not secret:
        raise Open311Error(403, _("缺少 api_key：提交诉求需要本辖区签发的 API 密钥。"))
    found = None
    if secret.isascii() and len(secret) <= 200:
        found = (
            ApiKey.objects.select_related("user", "jurisdiction")
            .filter(digest=ApiKey.digest_of(secret), revoked_at__isnull=True, user__is_active=True)
            .first()
        )
    if found is None or not can_manage_path(found.user, found.jurisdiction.path):
        raise Open311Error(403, _("api_key 无效或已撤销，不能提交诉求。"))
    return found


def note_use(key: ApiKey) -> None:
    """A request was posted with ``key``: its ``last_used_at``, at most once a minute."""
    now = clock.now()
    if key.last_used_at is None or now - key.last_used_at >= LAST_USED_RESOLUTION:
        ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)


def place_by_id(j: Unit, address_id: str) -> Unit:
    address_id = clean(address_id, 32)
    unit = Unit.objects.filter(code=address_id, path__startswith=j.path, kind__in=PLACE_KINDS).first()
    if unit is None:
        raise Open311Error(400, _("address_id “%(id)s”不是本辖区内的社区、村、网格或楼栋编码。") % {"id": address_id})
    return unit


def place_by_words(j: Unit, words: str) -> Unit | None:
    """The most specific community, village, grid or building of the jurisdiction whose name the
    address names, when that is not ambiguous (two buildings of one name in different grids give
    way to the grid or community both lie in, if the address names it)."""
    found = list(
        Unit.objects.filter(path__startswith=j.path, kind__in=PLACE_KINDS)
        .exclude(name="")
        .annotate(at=StrIndex(Value(words[:200]), F("name")))
        .filter(at__gt=0)
        .order_by("-depth", "path")
        .only("id", "path", "depth", "name", "kind", "parent_id")[:50]
    )
    for unit in found:
        same_depth = [u for u in found if u.depth == unit.depth]
        if len(same_depth) == 1 and all(unit.path.startswith(u.path) for u in found if u.depth < unit.depth):
            return unit
    return None


def coordinate(name: str, text: str, limit: int) -> Decimal:
    try:
        value = Decimal(text.strip())
    except (InvalidOperation, ValueError):
        value = None
    if value is None or not value.is_finite() or not -limit <= value <= limit:
        raise Open311Error(400, _("%(name)s 不是有效的 WGS84 坐标。") % {"name": name})
    return value.quantize(Decimal("0.000001"))
