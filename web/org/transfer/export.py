"""Writing a unit's subtree in the import layout, so exporting then importing changes nothing.

The roster is streamed: each sheet's rows come from one query (read in chunks, the codes they
name joined in the same query) and go straight into the file (``sheetdata.fill``), so the time
grows linearly with the rows and the number of queries does not grow at all. ``export_roster``
needs no request, so a background job can run it and show its progress.
``bench/bench_export.py`` measures it against the export it replaced.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from os import PathLike
from typing import IO, Any

from django.db.models import QuerySet
from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from web.org import queries
from web.org.models import Household, PartyMembership, PartyOrg, Person, Unit
from web.org.transfer.layout import (
    GENDERS,
    HOUSEHOLDS,
    MEMBERS,
    ORG_KINDS,
    ORGS,
    PEOPLE,
    PERSON_KINDS,
    SHEETS,
    STATUSES,
    UNIT_KINDS,
    UNITS,
    Sheet,
)
from web.org.transfer.sheetdata import fill

CHOICES: dict[tuple[str, str], dict[str, Any]] = {
    ("单位", "类型"): UNIT_KINDS,
    ("党组织", "类型"): ORG_KINDS,
    ("人员", "性别"): GENDERS,
    ("人员", "类别"): PERSON_KINDS,
    ("党员", "党员状态"): STATUSES,
    ("党员", "流动党员"): {"是": 1, "否": 0},
}

#: ``progress(done, total)``: rows written so far out of all the rows of the export
Progress = Callable[[int, int], None]
#: how many rows pass between two progress reports
PROGRESS_EVERY = 1000
#: rows fetched from the database at a time
CHUNK = 2000


def _labels(mapping: dict[str, str]) -> dict[str, str]:
    """Stored value → Chinese label (the layout maps the other way, for reading)."""
    return {value: label for label, value in mapping.items()}


def _skeleton() -> io.BytesIO:
    """The workbook with its sheets, widths, pick lists and header rows, but no rows yet."""
    book = Workbook()
    book.remove(book.active)
    for sheet in SHEETS:
        ws = book.create_sheet(sheet.name)
        ws.append(list(sheet.headers))
        for column, header in enumerate(sheet.headers, start=1):
            letter = get_column_letter(column)
            ws.column_dimensions[letter].width = max(10, 3 * len(header))
            choices = CHOICES.get((sheet.name, header))
            if choices:
                rule = DataValidation(type="list", formula1='"' + ",".join(choices) + '"', allow_blank=True)
                ws.add_data_validation(rule)
                rule.add(f"{letter}2:{letter}100000")
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    return out


def template_xlsx() -> bytes:
    """The empty template with one example row per sheet."""
    examples = [
        [["C1G9", "第九网格", "网格", "C1"]],
        [["P-C1-G9", "第九网格党小组", "党小组", "C1G9", "P-C1"]],
        [["C1-0901", "C1G9", "和平路 9 号 1 栋 101"]],
        [["王芳", "女", "510104198001011236", "1980-01-01", "13800000001", "C1G9", "C1-0901", "户主", "居民"]],
        [["510104198001011236", "P-C1-G9", "正式党员", "否", "2005-07-01"]],
    ]
    out = io.BytesIO()
    fill(_skeleton(), out, examples)
    return out.getvalue()


@dataclass(frozen=True)
class _Part:
    """One sheet of the export: the query of its rows (plain tuples, whatever it names joined
    in), and how a tuple becomes the sheet's row."""

    sheet: Sheet
    rows: QuerySet[Any, tuple[Any, ...]]
    make: Callable[[tuple[Any, ...]], Sequence[str]]


def _parts(unit: Unit) -> list[_Part]:
    path = unit.path
    unit_kind, org_kind = _labels(UNIT_KINDS), _labels(ORG_KINDS)
    gender, person_kind, status = _labels(GENDERS), _labels(PERSON_KINDS), _labels(STATUSES)
    return [
        _Part(
            UNITS,
            Unit.objects.filter(path__startswith=path)
            .exclude(pk=unit.pk)
            .order_by("path")
            .values_list("code", "name", "kind", "parent__code"),
            lambda r: (r[0], r[1], unit_kind[r[2]], r[3] or ""),
        ),
        _Part(
            ORGS,
            PartyOrg.objects.filter(unit__path__startswith=path)
            .order_by("id")
            .values_list("code", "name", "kind", "unit__code", "parent__code"),
            lambda r: (r[0], r[1], org_kind[r[2]], r[3], r[4] or ""),
        ),
        _Part(
            HOUSEHOLDS,
            Household.objects.filter(unit__path__startswith=path)
            .order_by("number")
            .values_list("number", "unit__code", "address"),
            lambda r: r,
        ),
        _Part(
            PEOPLE,
            Person.objects.filter(unit_path__startswith=path)
            .order_by("id")
            .values_list(
                "name",
                "gender",
                "id_number",
                "birth_date",
                "phone",
                "unit__code",
                "household__number",
                "relation",
                "kind",
            ),
            lambda r: (
                r[0],
                gender[r[1]],
                r[2],
                r[3].isoformat(),
                r[4],
                r[5],
                r[6] or "",
                r[7],
                person_kind[r[8]],
            ),
        ),
        _Part(
            MEMBERS,
            PartyMembership.objects.filter(person__unit_path__startswith=path)
            .order_by("id")
            .values_list("person__id_number", "org__code", "status", "is_floating", "joined_on"),
            lambda r: (r[0], r[1], status[r[2]], "是" if r[3] else "否", r[4].isoformat() if r[4] else ""),
        ),
    ]


def export_roster(
    unit: Unit,
    user: Any,
    out: str | PathLike[str] | IO[bytes],
    *,
    progress: Progress | None = None,
    every: int = PROGRESS_EVERY,
) -> int:
    """Write the roster of ``unit``'s subtree (the unit itself not included) to ``out``, a path
    or a binary file, in the import layout, and return how many rows it holds (headers not
    counted). Refused as the pages refuse it (``Http404``, ``PermissionDenied``) unless ``user``
    manages the unit as it is now: a job may run long after it was asked for.

    ``progress(done, total)`` is called before the first row, every ``every`` rows, and once at
    the end with ``done == total``. The total is counted first; should rows be added or removed
    meanwhile, the reports never pass the total and the last one gives the rows written. What
    ``progress`` raises stops the export there (a job's way to cancel it), ``out`` left unfinished.
    """
    unit = queries.access_unit(user, unit.pk, manage=True)
    parts = _parts(unit)
    total = sum(part.rows.count() for part in parts) if progress else 0
    done = 0

    def rows(part: _Part) -> Iterator[Sequence[str]]:
        nonlocal done
        for row in part.rows.iterator(chunk_size=CHUNK):
            yield part.make(row)
            done += 1
            if progress and done % every == 0:
                progress(min(done, total), total)

    if progress:
        progress(0, total)
    by_sheet = {part.sheet: part for part in parts}
    fill(_skeleton(), out, [rows(by_sheet[sheet]) for sheet in SHEETS])
    if progress:
        progress(done, done)
    return done
