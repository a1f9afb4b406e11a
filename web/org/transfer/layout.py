"""The roster workbook as Chinese offices keep it: one sheet per kind, Chinese headers.

Every sheet has a key column (existing rows are updated, new ones created; nothing is ever
deleted by an import). The same layout is written by the export, so export → import changes
nothing. ``docs/import-format.md`` describes it for people.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils import translation

from web.org.models import PartyMembership, PartyOrg, Person, Unit


@dataclass(frozen=True)
class Sheet:
    name: str  # the sheet's title in the workbook (and the kind a CSV file is recognised as)
    key: str  # the header of the key column
    headers: tuple[str, ...]
    required: tuple[str, ...]
    #: (column, sheet) for each column that names an object of that sheet by its key: the
    #: importer checks the user manages it (tests/test_boundary_import.py covers each one)
    refers: tuple[tuple[str, str], ...] = ()


UNITS = Sheet(
    "单位", "编码", ("编码", "名称", "类型", "上级编码"), ("编码", "名称", "类型"), refers=(("上级编码", "单位"),)
)
ORGS = Sheet(
    "党组织",
    "编码",
    ("编码", "名称", "类型", "所在单位编码", "上级组织编码"),
    ("编码", "名称", "类型", "所在单位编码"),
    refers=(("所在单位编码", "单位"), ("上级组织编码", "党组织")),
)
HOUSEHOLDS = Sheet(
    "户", "户号", ("户号", "所在单位编码", "住址"), ("户号", "所在单位编码"), refers=(("所在单位编码", "单位"),)
)
PEOPLE = Sheet(
    "人员",
    "公民身份号码",
    ("姓名", "性别", "公民身份号码", "出生日期", "联系电话", "所在单位编码", "户号", "与户主关系", "类别"),
    ("姓名", "性别", "公民身份号码", "出生日期", "所在单位编码"),
    refers=(("所在单位编码", "单位"), ("户号", "户")),
)
MEMBERS = Sheet(
    "党员",
    "公民身份号码",
    ("公民身份号码", "所属党组织编码", "党员状态", "流动党员", "入党日期"),
    ("公民身份号码", "所属党组织编码", "党员状态"),
    refers=(("公民身份号码", "人员"), ("所属党组织编码", "党组织")),
)

#: in the order they are applied: each may refer to the ones before it
SHEETS = (UNITS, ORGS, HOUSEHOLDS, PEOPLE, MEMBERS)


def _chinese(choices: Sequence[tuple[str, object]]) -> dict[str, str]:
    """Chinese label → stored value, whatever language the request is in: the file is Chinese."""
    with translation.override("zh-hans"):
        return {str(label): value for value, label in choices}


UNIT_KINDS = _chinese(Unit.Kind.choices)
ORG_KINDS = _chinese(PartyOrg.Kind.choices)
GENDERS = _chinese(Person.Gender.choices)
PERSON_KINDS = _chinese(Person.Kind.choices)
STATUSES = _chinese(PartyMembership.Status.choices)
YES_NO = {"是": True, "否": False, "": False}
MAX_ROWS = 100_000
