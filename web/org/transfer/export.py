"""Writing a unit's subtree in the import layout, so exporting then importing changes nothing."""

from __future__ import annotations

import io
from typing import Any

from django.utils import translation
from openpyxl import Workbook
from openpyxl.worksheet.datavalidation import DataValidation

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
)

CHOICES: dict[tuple[str, str], dict[str, Any]] = {
    ("单位", "类型"): UNIT_KINDS,
    ("党组织", "类型"): ORG_KINDS,
    ("人员", "性别"): GENDERS,
    ("人员", "类别"): PERSON_KINDS,
    ("党员", "党员状态"): STATUSES,
    ("党员", "流动党员"): {"是": 1, "否": 0},
}


def _label(mapping: dict[str, str], value: str) -> str:
    return next(k for k, v in mapping.items() if v == value)


def _book() -> tuple[Workbook, dict[str, Any]]:
    book = Workbook()
    book.remove(book.active)
    sheets = {}
    for sheet in SHEETS:
        ws = book.create_sheet(sheet.name)
        ws.append(list(sheet.headers))
        for column, header in enumerate(sheet.headers, start=1):
            ws.column_dimensions[ws.cell(1, column).column_letter].width = max(10, 3 * len(header))
            choices = CHOICES.get((sheet.name, header))
            if choices:
                rule = DataValidation(type="list", formula1='"' + ",".join(choices) + '"', allow_blank=True)
                ws.add_data_validation(rule)
                letter = ws.cell(1, column).column_letter
                rule.add(f"{letter}2:{letter}100000")
        sheets[sheet.name] = ws
    return book, sheets


def _save(book: Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def template_xlsx() -> bytes:
    """The empty template with one example row per sheet."""
    book, ws = _book()
    ws[UNITS.name].append(["C1G9", "第九网格", "网格", "C1"])
    ws[ORGS.name].append(["P-C1-G9", "第九网格党小组", "党小组", "C1G9", "P-C1"])
    ws[HOUSEHOLDS.name].append(["C1-0901", "C1G9", "和平路 9 号 1 栋 101"])
    ws[PEOPLE.name].append(
        [
            "王芳",
            "女",
            "510104198001011236",
            "1980-01-01",
            "13800000001",
            "C1G9",
            "C1-0901",
            "户主",
            "居民",
        ]
    )
    ws[MEMBERS.name].append(["510104198001011236", "P-C1-G9", "正式党员", "否", "2005-07-01"])
    return _save(book)


def _append(sheet: Any, values: list[Any]) -> None:
    """Append a row whose text stays text: openpyxl would store a value typed as ``=…`` (a
    name, an address) as a live formula, which the office's spreadsheet would then run."""
    sheet.append(values)
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"


def export_xlsx(unit: Unit) -> bytes:
    with translation.override("zh-hans"):
        book, ws = _book()
        path = unit.path
        for u in (
            Unit.objects.filter(path__startswith=path).exclude(pk=unit.pk).select_related("parent").order_by("path")
        ):
            _append(ws[UNITS.name], [u.code, u.name, _label(UNIT_KINDS, u.kind), u.parent.code if u.parent else ""])
        for o in PartyOrg.objects.filter(unit__path__startswith=path).select_related("unit", "parent").order_by("id"):
            _append(
                ws[ORGS.name],
                [
                    o.code,
                    o.name,
                    _label(ORG_KINDS, o.kind),
                    o.unit.code,
                    o.parent.code if o.parent else "",
                ],
            )
        for h in Household.objects.filter(unit__path__startswith=path).select_related("unit").order_by("number"):
            _append(ws[HOUSEHOLDS.name], [h.number, h.unit.code, h.address])
        people = Person.objects.filter(unit_path__startswith=path).select_related("unit", "household").order_by("id")
        for p in people.iterator(chunk_size=2000):
            _append(
                ws[PEOPLE.name],
                [
                    p.name,
                    _label(GENDERS, p.gender),
                    p.id_number,
                    p.birth_date.isoformat(),
                    p.phone,
                    p.unit.code,
                    p.household.number if p.household else "",
                    p.relation,
                    _label(PERSON_KINDS, p.kind),
                ],
            )
        members = PartyMembership.objects.filter(person__unit_path__startswith=path).select_related("person", "org")
        for m in members.order_by("id").iterator(chunk_size=2000):
            _append(
                ws[MEMBERS.name],
                [
                    m.person.id_number,
                    m.org.code,
                    _label(STATUSES, m.status),
                    "是" if m.is_floating else "否",
                    m.joined_on.isoformat() if m.joined_on else "",
                ],
            )
        return _save(book)
