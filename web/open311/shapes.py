"""What each GeoReport v2 resource holds in Jiceng, as documents (``web.open311.documents``).

A request read by anyone (GET) is anonymised: never the requester's name or phone, never the
exact address or building; ``address`` is the grid and community (or the community alone),
``lat``/``long`` are rounded to two decimals (about a kilometre), and runs of digits that could
be a phone or ID number are masked in the description. See docs/open311.md."""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

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


def _place(unit: Unit) -> Unit:
    """The grid (or community, village) a case's place lies in: never the building."""
    while unit.kind not in _GRID_KINDS and unit.parent is not None:
        unit = unit.parent
    return unit


def address(unit: Unit) -> tuple[str, str]:
    """The anonymised address (grid, community) and its address id (the grid's or community's
    code)."""
    place = _place(unit)
    names = [place.name]
    if place.kind == Unit.Kind.GRID and place.parent is not None:
        names.append(place.parent.name)
    return ", ".join(names), place.code


def status(case: Case) -> str:
    return "open" if case.state in Case.OPEN else "closed"


def status_notes(case: Case) -> str:
    """The finer state, in words (the status itself is only open or closed)."""
    office = case.office.name if case.office is not None else case.lead.name
    S = Case.State
    notes = {
        S.RECEIVED: _("已受理，等待%(office)s派单。"),
        S.DISPATCHED: _("已派给%(office)s，等待签收。"),
        S.RETURNED: _("%(office)s已退单，等待派单员审核后重新派单。"),
        S.SIGNED: _("%(office)s正在办理。"),
        S.REPLIED: _("%(office)s已答复，等待回访。"),
        S.VISITED: _("已回访，等待办结。"),
        S.CLOSED: _("已办结。"),
        S.MERGED: _("与诉求 %(number)s 重复，已并入该诉求一并办理。"),
    }
    parts = [notes[S(case.state)] % {"office": office, "number": case.merged_into_id or ""}]
    if case.escalated and case.is_open:
        parts.append(_("已提级至%(level)s督办。") % {"level": Office.Level(case.level).label})
    if case.extended and case.is_open:
        parts.append(_("已延期办理。"))
    if case.redos and case.is_open:
        redone = ngettext("回访不满意，已重办 %(n)s 次。", "回访不满意，已重办 %(n)s 次。", case.redos)
        parts.append(redone % {"n": case.redos})
    if case.state == S.CLOSED and case.satisfaction is None:
        parts.append(_("未能回访。"))
    return " ".join(parts)


def extended_attributes(case: Case, *, now: dt.datetime) -> dict[str, Any]:
    """GeoReport's ``extensions=true``: the escalation level, the deadlines, the returns and the
    verified return visit's satisfaction."""
    satisfaction = case.satisfaction
    return {
        "channel": case.channel,
        "level": case.level,
        "level_name": str(Office.Level(case.level).label),
        "escalations": case.escalated,
        "dispatched_datetime": w3(case.dispatched_at),
        "sign_by_datetime": w3(case.sign_by),
        "reply_by_datetime": w3(case.reply_by),
        "extended": case.extended,
        "overdue": case.state in Case.HANDLING and case.reply_by is not None and case.reply_by < now,
        "replied_datetime": w3(case.replied_at),
        "returns": case.returns,
        "transfers": case.transfers,
        "redos": case.redos,
        "satisfaction": satisfaction,
        "satisfaction_name": str(Visit.Satisfaction(satisfaction).label) if satisfaction else None,
        "solved": case.solved,
    }


def request_row(case: Case, *, extensions: bool = False, now: dt.datetime | None = None) -> dict[str, Any]:
    """One request as GET answers it. ``case`` carries ``updated_at`` (its last event's time)."""
    place, place_code = address(case.unit)
    row: dict[str, Any] = {
        "service_request_id": case.number,
        "status": status(case),
        "status_notes": status_notes(case),
        "service_name": case.entry.name,
        "service_code": case.service_code,
        "description": masked(case.description),
        "agency_responsible": case.office.name if case.office is not None else case.lead.name,
        "service_notice": service_notice(case.entry),
        "requested_datetime": w3(case.received_at),
        "updated_datetime": w3(case.finished_at if case.finished_at else getattr(case, "updated_at", None))
        or w3(case.received_at),
        "expected_datetime": w3(case.reply_by),
        "address": place,
        "address_id": place_code,
        "zipcode": None,
        "lat": rough(case.lat),
        "long": rough(case.long),
        "media_url": None,
    }
    if extensions:
        row["extended_attributes"] = extended_attributes(case, now=now or timezone.now())
    return row


def requests(cases: list[Case], *, extensions: bool = False, now: dt.datetime | None = None) -> Document:
    return Document(
        "service_requests", Items("request", [request_row(c, extensions=extensions, now=now) for c in cases])
    )


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
