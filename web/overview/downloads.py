"""The overview as an Excel file made in the background (web.downloads.kinds.OVERVIEW): every
row the page's choice keeps (all pages), in its order, then the unit's totals."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from web.common import clock
from web.downloads.models import Download
from web.org import queries as org_queries
from web.overview import queries, table
from web.overview.queries import Row


def overview(download: Download, out: Path, progress: Callable[[int, int], None]) -> None:
    """The overview of the unit ``parameters["unit"]``, if the requester may still see it."""
    unit = org_queries.access_unit(download.requester, download.id_parameter("unit"))
    choice = table.read_choice(download.parameters)
    data = queries.overview(unit, download.requester, today=timezone.localdate(clock.now()), year=choice.year)
    rows = table.rows_for(data, choice)
    queries.add_blockers(rows)
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("概览"))
    sheet.append(_headers(data))
    for n, row in enumerate(rows, start=1):
        sheet.append(_cells(row))
        progress(n, len(rows) + 1)
    sheet.append(_cells(data.total, total=True))
    book.save(out)
    progress(len(rows) + 1, len(rows) + 1)


def _headers(data: queries.Overview) -> list[str]:
    return [
        _("单位"),
        _("编码"),
        _("类型"),
        _("选举"),
        _("选举阶段"),
        _("阻碍进入下一阶段的事项"),
        _("议事中的事项"),
        *(name for _key, name in data.step_kinds),
        _("%(year)s 年承诺") % {"year": data.year},
        _("承诺已完成"),
        _("承诺推进中"),
        _("承诺已逾期"),
        _("%(year)s 年会议") % {"year": data.year},
        _("%(year)s 年会议已召开") % {"year": data.year},
        _("满意度测评年度"),
        _("最近满意率"),
        _("满意率低于 60%"),
        _("挂点党代表"),
    ]


def _cells(row: Row, *, total: bool = False) -> list[Any]:
    election = row.election
    sat = row.satisfaction
    if total:
        name, flag = _("%(unit)s合计") % {"unit": row.name}, f"{row.flagged_surveys}/{row.surveyed}"
    else:
        name, flag = row.name, (_("是") if sat.below_60 else _("否")) if sat else ""
    return [
        name,
        row.code,
        row.kind_label,
        _("%(title)s（%(state)s）") % {"title": election.title, "state": election.state_label} if election else "",
        election.stage_name if election else "",
        _("；").join(election.blockers) if election else "",
        row.matters,
        *row.step_cells,
        row.commitments,
        str(row.done_rate),
        str(row.on_track_rate),
        str(row.overdue_rate),
        row.meetings,
        str(row.held_rate),
        sat.year if sat else "",
        str(sat) if sat else "",
        flag,
        "" if row.reps is None else row.reps,
    ]
