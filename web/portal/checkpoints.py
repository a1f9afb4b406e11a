"""The audit chain's checkpoints on the public board: a page (paged, one day at a time if asked)
and the whole list as JSON and CSV, for anyone to download and keep. A kept copy is what
``manage.py verify_audit --anchor FILE`` checks the chain against (``web.audit.anchors``)."""

from __future__ import annotations

import datetime as dt

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from web.audit import anchors
from web.audit.models import AuditCheckpoint, AuditEntry

PER_PAGE = 50


def at_publication(poll_id: int) -> AuditCheckpoint | None:
    """The checkpoint recorded when the poll's result was published (its ``poll.publish`` entry is
    the head it names), for the result page to show beside the record's SHA-256."""
    entry_id = (
        AuditEntry.objects.filter(object_type="meetings.poll", object_id=str(poll_id), action="poll.publish")
        .order_by("id")
        .values_list("id", flat=True)
        .first()
    )
    return AuditCheckpoint.objects.filter(entry_id=entry_id).order_by("id").first() if entry_id else None


def _on_day(day: dt.date) -> QuerySet[AuditCheckpoint]:
    start = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
    return AuditCheckpoint.objects.filter(at__gte=start, at__lt=start + dt.timedelta(days=1))


def _day(raw: str) -> tuple[dt.date | None, str]:
    """The day asked for (``?date=YYYY-MM-DD``), or a sentence saying why it cannot be read."""
    if not raw.strip():
        return None, ""
    try:
        return dt.date.fromisoformat(raw.strip()), ""
    except ValueError:
        return None, _("日期格式应为 年-月-日，例如 2026-12-01。")


@require_GET
def checkpoint_list(request: HttpRequest) -> HttpResponse:
    day, error = _day(request.GET.get("date", ""))
    checkpoints = (_on_day(day) if day else AuditCheckpoint.objects.all()).order_by("-id")
    page = Paginator(checkpoints, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "portal/checkpoints.html", {"page": page, "day": day, "error": error})


def _download(body: str, content_type: str, extension: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="jiceng-checkpoints.{extension}"'
    return response


@require_GET
def checkpoints_json(request: HttpRequest) -> HttpResponse:
    return _download(anchors.to_json(AuditCheckpoint.objects.order_by("id")), "application/json", "json")


@require_GET
def checkpoints_csv(request: HttpRequest) -> HttpResponse:
    return _download(anchors.to_csv(AuditCheckpoint.objects.order_by("id")), "text/csv; charset=utf-8", "csv")
