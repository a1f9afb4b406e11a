"""What each GeoReport v2 resource holds in Jiceng, as documents (``web.open311.documents``).

A request read by anyone (GET) is anonymised: never the requester's name or phone, never the
exact address or building; ``address`` is the grid and community (or the community alone),
``lat``/``long`` are rounded to two decimals (about a kilometre), and runs of digits that could
be a phone or ID number are masked in the description. See docs/open311.md."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from web.cases.models import Case, Entry, Office, Visit
from web.open311.documents import Document, Items
from web.org.models import Unit

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
MIME_TYPES = ("text/xml", "application/json")

#: a run of seven or more digits, spaces and dashes allowed between them (a phone, an ID number)
_NUMBER = re.compile(r"\d(?:[\s-]?\d){6,}[\dXx]?")
_ROUGH = Decimal("0.01")
_GRID_KINDS = frozenset({Unit.Kind.GRID, Unit.Kind.COMMUNITY, Unit.Kind.VILLAGE})


def w3(moment: dt.datetime | None) -> str | None:
    """A moment in W3C's ISO 8601 profile, with the local offset (``2026-03-02T09:00:00+08:00``)."""
    if moment is None:
        return None
    return timezone.localtime(moment).replace(microsecond=0).isoformat()


def masked(text: str) -> str:
    return _NUMBER.sub(lambda m: "*" * len(m.group()), text)


def rough(value: Decimal | None) -> float | None:
    return None if value is None else float(Decimal(value).quantize(_ROUGH, rounding=ROUND_HALF_UP))


# ---- discovery and services ---------------------------------------------------------------


def discovery(*, url: str, changeset: str, production: bool) -> Document:
    return Document(
        "discovery",
        {
            "changeset": changeset,
            "contact": _("开放接口由各街道、乡镇或区的诉求办理中心维护，请联系当地的网格化服务中心。"),
            "key_service": _("API 密钥由本辖区的工作人员在“开放接口密钥”页面签发（/staff/open311/keys/）。"),
            "endpoints": Items(
                "endpoint",
                [
                    {
                        "specification": SPECIFICATION,
                        "url": url,
                        "changeset": changeset,
                        "type": "production" if production else "test",
                        "formats": Items("format", list(MIME_TYPES)),
                    }
                ],
            ),
        },
    )


def _duration(amount: int, *, urgent: bool) -> str:
    if urgent:
        return ngettext("%(n)s 小时", "%(n)s 小时", amount) % {"n": amount}
    return ngettext("%(n)s 个工作日", "%(n)s 个工作日", amount) % {"n": amount}


def service_notice(entry: Entry) -> str:
    return _("按派单目录，这类诉求由%(level)s负责：%(sign)s内签收，%(reply)s内办理并答复。") % {
        "level": Office.Level(entry.level).label,
        "sign": _duration(entry.sign_within, urgent=entry.urgent),
        "reply": _duration(entry.reply_within, urgent=entry.urgent),
    }


def service(entry: Entry) -> dict[str, Any]:
    return {
        "service_code": entry.service_code,
        "service_name": entry.name,
        "description": entry.description or service_notice(entry),
        # no service of the catalogue asks for more than the request itself
        "metadata": False,
        # a case has its number as soon as it is taken
        "type": "realtime",
        "keywords": ", ".join(entry.keywords.split()),
        "group": str(Entry.Group(entry.group).label) if entry.group in Entry.Group.values else entry.group,
    }


def services(entries: list[Entry]) -> Document:
    return Document("services", Items("service", [service(e) for e in entries]))


def service_definition(entry: Entry) -> Document:
    return Document("service_definition", {"service_code": entry.service_code, "attributes": Items("attribute", [])})


# ---- requests -----------------------------------------------------------------------------
#
# A read is one row of ``queries.REQUEST_COLUMNS`` (a dict: the case's columns, its entry's, its
# offices' names and its place up two levels), not model instances: a page of 1,000 requests is
# rendered from one query's tuples.

_S = Case.State
_NOTES = {
    _S.RECEIVED: gettext_lazy("已受理，等待%(office)s派单。"),
    _S.DISPATCHED: gettext_lazy("已派给%(office)s，等待签收。"),
    _S.RETURNED: gettext_lazy("%(office)s已退单，等待派单员审核后重新派单。"),
    _S.SIGNED: gettext_lazy("%(office)s正在办理。"),
    _S.REPLIED: gettext_lazy("%(office)s已答复，等待回访。"),
    _S.VISITED: gettext_lazy("已回访，等待办结。"),
    _S.CLOSED: gettext_lazy("已办结。"),
    _S.MERGED: gettext_lazy("与诉求 %(number)s 重复，已并入该诉求一并办理。"),
}


def address(r: Mapping[str, Any]) -> tuple[str, str]:
    """The anonymised address (the grid and its community, or the community alone: never the
    building) and its address id (that grid's or community's code)."""
    for at in ("unit", "unit__parent", "unit__parent__parent"):
        if r[f"{at}__kind"] in _GRID_KINDS:
            names = [r[f"{at}__name"]]
            above = f"{at}__parent"
            if r[f"{at}__kind"] == Unit.Kind.GRID and r.get(f"{above}__name"):
                names.append(r[f"{above}__name"])
            return ", ".join(names), r[f"{at}__code"]
    return "", ""


def is_open(r: Mapping[str, Any]) -> bool:
    return r["state"] in Case.OPEN


def status_notes(r: Mapping[str, Any]) -> str:
    """The finer state, in words (the status itself is only open or closed)."""
    office = r["office__name"] or r["lead__name"]
    parts = [str(_NOTES[_S(r["state"])]) % {"office": office, "number": r["merged_into_id"] or ""}]
    if is_open(r):
        if r["escalated"]:
            parts.append(_("已提级至%(level)s督办。") % {"level": Office.Level(r["level"]).label})
        if r["extended"]:
            parts.append(_("已延期办理。"))
        if r["redos"]:
            redone = ngettext("回访不满意，已重办 %(n)s 次。", "回访不满意，已重办 %(n)s 次。", r["redos"])
            parts.append(redone % {"n": r["redos"]})
    elif r["state"] == _S.CLOSED and r["satisfaction"] is None:
        parts.append(_("未能回访。"))
    return " ".join(parts)


def extended_attributes(r: Mapping[str, Any], *, now: dt.datetime) -> dict[str, Any]:
    """GeoReport's ``extensions=true``: the escalation level, the deadlines, the returns and the
    verified return visit's satisfaction."""
    satisfaction = r["satisfaction"]
    return {
        "channel": r["channel"],
        "level": r["level"],
        "level_name": str(Office.Level(r["level"]).label),
        "escalations": r["escalated"],
        "dispatched_datetime": w3(r["dispatched_at"]),
        "sign_by_datetime": w3(r["sign_by"]),
        "reply_by_datetime": w3(r["reply_by"]),
        "extended": r["extended"],
        "overdue": r["state"] in Case.HANDLING and r["reply_by"] is not None and r["reply_by"] < now,
        "replied_datetime": w3(r["replied_at"]),
        "returns": r["returns"],
        "transfers": r["transfers"],
        "redos": r["redos"],
        "satisfaction": satisfaction,
        "satisfaction_name": str(Visit.Satisfaction(satisfaction).label) if satisfaction else None,
        "solved": r["solved"],
    }


def _notice(r: Mapping[str, Any], known: dict[int, str]) -> str:
    entry = r["entry_id"]
    if entry not in known:
        known[entry] = service_notice(
            Entry(
                level=r["entry__level"],
                sign_within=r["entry__sign_within"],
                reply_within=r["entry__reply_within"],
                urgent=r["entry__urgent"],
            )
        )
    return known[entry]


def request_row(
    r: Mapping[str, Any],
    *,
    extensions: bool = False,
    now: dt.datetime | None = None,
    known: dict[int, str] | None = None,
) -> dict[str, Any]:
    """One request as GET answers it, anonymised. ``known``: the service notices already worded,
    by entry."""
    place, place_code = address(r)
    row: dict[str, Any] = {
        "service_request_id": str(r["id"]),
        "status": "open" if is_open(r) else "closed",
        "status_notes": status_notes(r),
        "service_name": r["entry__name"],
        "service_code": r["service_code"],
        "description": masked(r["description"]),
        "agency_responsible": r["office__name"] or r["lead__name"],
        "service_notice": _notice(r, {} if known is None else known),
        "requested_datetime": w3(r["received_at"]),
        "updated_datetime": w3(r["finished_at"] or r["updated_at"] or r["received_at"]),
        "expected_datetime": w3(r["reply_by"]),
        "address": place,
        "address_id": place_code,
        "zipcode": None,
        "lat": rough(r["lat"]),
        "long": rough(r["long"]),
        "media_url": None,
    }
    if extensions:
        row["extended_attributes"] = extended_attributes(r, now=now or timezone.now())
    return row


def requests(reads: list[dict[str, Any]], *, extensions: bool = False, now: dt.datetime | None = None) -> Document:
    known: dict[int, str] = {}
    rows = [request_row(r, extensions=extensions, now=now, known=known) for r in reads]
    return Document("service_requests", Items("request", rows))


def created(case: Case, *, account_id: str | None) -> Document:
    """The answer to a POST: a realtime service gives the request's id (so no token, as the spec
    says), what to expect, and the account id the client sent."""
    return Document(
        "service_requests",
        Items(
            "request",
            [
                {
                    "service_request_id": case.number,
                    "service_notice": service_notice(case.entry),
                    "account_id": account_id or None,
                }
            ],
        ),
    )


def token(case: Case) -> Document:
    return Document("service_requests", Items("request", [{"service_request_id": case.number, "token": case.token}]))


def errors(code: int, description: str) -> Document:
    return Document("errors", Items("error", [{"code": code, "description": description}]))
