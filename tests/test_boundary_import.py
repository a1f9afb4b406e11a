"""The roster import respects the unit boundary, generated over every sheet and column.

For every sheet of ``web.org.transfer.layout.SHEETS``, a row that is accepted as it stands
(checked first), then the same row with one object of community B put in:
- as the *target*: each column naming a unit (``refers`` to 单位) set to one of B's units;
- as the *referent*: each column naming a household, organisation or person set to B's;
- as the *current owner*: the row's key set to an object that lives in B now, with every
  other column in A (so only where the object is now, not where it goes, can refuse it).
Each is refused by the dry run, on that row and column; nothing is written (every table
compared); and the answer shows nothing of B (no name, address or "old → new").

A new sheet or column fails ``test_every_column_has_a_case`` until it has its cases.
"""

from __future__ import annotations

import io
from typing import Any

import pytest
from openpyxl import Workbook

from tests.boundary import add_b_objects, discloses_b, tables, tie_a2_to_b
from web.audit.models import AuditEntry
from web.audit.verify import verify_chain
from web.downloads.testing import made
from web.org.idnumbers import check_digit
from web.org.models import Household, PartyOrg, Person
from web.org.transfer.layout import SHEETS
from web.org.transfer.testing import confirm, problems, upload


def _id(seq: int) -> str:
    first17 = f"51010419900101{seq:03d}"
    return first17 + check_digit(first17)


#: per sheet, a row of community A that the organiser may import (new keys, A's references)
def _good_row(sheet: str, w: Any) -> dict[str, str]:
    return {
        "单位": {"编码": "C1G7", "名称": "和平社区第七网格", "类型": "网格", "上级编码": "C1"},
        "党组织": {
            "编码": "P-C1-7",
            "名称": "和平社区第七支部",
            "类型": "党支部",
            "所在单位编码": "C1",
            "上级组织编码": "P-C1",
        },
        "户": {"户号": "C1-0700", "所在单位编码": "C1G2", "住址": "和平路7号"},
        "人员": {
            "姓名": "赵敏",
            "性别": "女",
            "公民身份号码": _id(7),
            "出生日期": "1990-01-01",
            "联系电话": "",
            "所在单位编码": "C1G2",
            "户号": "C1-0001",
            "与户主关系": "户主",
            "类别": "居民",
        },
        "党员": {
            "公民身份号码": w.person_a2.id_number,
            "所属党组织编码": "P-C1",
            "党员状态": "正式党员",
            "流动党员": "否",
            "入党日期": "",
        },
    }[sheet]


#: what each referred sheet's column holds when it names B's object
def _b_key(referred: str, column: str, w: Any) -> str:
    if referred == "单位":
        return "C2" if column == "上级编码" else "C2G1"  # a grid goes under a community; the rest in a grid
    return {"党组织": "P-C2", "户": w.household_b.number, "人员": w.person_b.id_number}[referred]


#: per sheet, the row's key set to an object of B, every other column left in A
def _b_owned_row(sheet: str, w: Any) -> dict[str, str]:
    row = _good_row(sheet, w)
    row[next(s for s in SHEETS if s.name == sheet).key] = {
        "单位": "C2G1",
        "党组织": "P-C2",
        "户": w.household_b.number,
        "人员": w.person_b.id_number,
        "党员": w.person_b.id_number,
    }[sheet]
    if sheet == "单位":
        row.update({"名称": "改了名的网格", "上级编码": "C2"})  # a unit is never moved by an import
    if sheet == "党组织":
        row["名称"] = "改了名的党支部"
    if sheet == "人员":
        row.update({"姓名": "张伟", "出生日期": "1980-01-01"})
    if sheet == "党员":
        row["党员状态"] = "停止党员权利"
    return row


def _xlsx(sheet: str, row: dict[str, str]) -> bytes:
    layout = next(s for s in SHEETS if s.name == sheet)
    book = Workbook()
    book.remove(book.active)
    ws = book.create_sheet(sheet)
    ws.append(list(layout.headers))
    ws.append([row.get(h, "") for h in layout.headers])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _dry_run(client: Any, w: Any, sheet: str, row: dict[str, str]) -> Any:
    return upload(client, w.community_a, _xlsx(sheet, row))


CASES = [
    ("target" if referred == "单位" else "referent", s.name, column, referred)
    for s in SHEETS
    for column, referred in s.refers
]
CASES += [("owner", s.name, s.key, s.name) for s in SHEETS]


@pytest.fixture
def b_world(world):  # type: ignore[no-untyped-def]
    return add_b_objects(world)


def test_every_column_has_a_case(b_world):
    for s in SHEETS:
        assert set(_good_row(s.name, b_world)) == set(s.headers), s.name
        assert {c for c, _r in s.refers} <= set(s.headers), s.name
        # every column either names an object (a case above) or is a plain value of the row
        plain = set(s.headers) - {c for c, _r in s.refers} - {s.key}
        assert all(not c.endswith(("编码", "户号", "身份号码")) for c in plain), (s.name, plain)


@pytest.mark.parametrize("sheet", [s.name for s in SHEETS])
def test_the_row_of_a_is_accepted_as_it_stands(b_world, client_for, sheet):
    response = _dry_run(client_for(b_world.organiser), b_world, sheet, _good_row(sheet, b_world))
    assert response.context["run"].state == "ready", response.context["report"]
    assert response.context["run"].changes == 1


@pytest.mark.parametrize(("role", "sheet", "column", "referred"), CASES, ids=lambda v: str(v))
def test_an_object_of_b_is_refused_and_nothing_is_written_or_shown(b_world, client_for, role, sheet, column, referred):
    w = b_world
    row = _good_row(sheet, w)
    if role == "owner":
        row = _b_owned_row(sheet, w)
    else:
        row[column] = _b_key(referred, column, w)
    before = tables()
    response = _dry_run(client_for(w.organiser), w, sheet, row)
    assert response.context["run"].state == "refused", response.content.decode()[-1500:]
    assert (sheet, 2, column) in problems(response), response.context["report"]
    assert "确认导入" not in response.content.decode()
    assert discloses_b(response.content) == [] and "→" not in response.content.decode()
    assert tables() == before


@pytest.mark.parametrize(
    ("sheet", "row"),
    [
        # A's person, but the membership belongs to B's branch now: it may not be suspended or moved
        ("党员", lambda w: {**_good_row("党员", w), "党员状态": "停止党员权利"}),
        # A's person, but living in B's household: taking him out of it changes B's household
        (
            "人员",
            lambda w: {
                **_good_row("人员", w),
                "公民身份号码": w.person_a2.id_number,
                "姓名": "李强",
                "出生日期": "1980-01-01",
                "户号": "C1-0001",
            },
        ),
    ],
    ids=["membership-in-b-org", "person-in-b-household"],
)
def test_an_object_of_a_still_tied_to_b_is_refused(b_world, client_for, sheet, row):
    w = b_world
    tie_a2_to_b(w)
    before = tables()
    response = _dry_run(client_for(w.organiser), w, sheet, row(w))
    assert response.context["run"].state == "refused"
    assert (sheet, 2, "公民身份号码") in problems(response)
    assert discloses_b(response.content) == [] and tables() == before


def test_every_change_is_audited_under_the_object_and_its_units(b_world, client_for):
    """Street staff (manages A and B) moves B's household into A and renames A's person:
    each object has its own entry, the move is written under both units."""
    w = b_world
    c = client_for(w.street_staff)
    page = upload(c, w.street, _xlsx("户", {"户号": w.household_b.number, "所在单位编码": "C1G2", "住址": "和平路8号"}))
    assert confirm(c, page).context["run"].state == "applied"
    entries = AuditEntry.objects.filter(object_type="org.household", object_id=str(w.household_b.pk))
    assert sorted(e.unit_id for e in entries) == sorted([w.grid_b1.pk, w.grid_a2.pk])
    assert {e.action for e in entries} == {"household.update"} and {e.actor for e in entries} == {w.street_staff}
    assert Household.objects.get(pk=w.household_b.pk).unit == w.grid_a2
    assert verify_chain().ok


def test_a_created_object_is_audited_under_its_own_unit(b_world, client_for):
    w = b_world
    c = client_for(w.organiser)
    confirm(c, _dry_run(c, w, "人员", _good_row("人员", w)))
    person = Person.objects.get(id_number=_id(7))
    entry = AuditEntry.objects.get(action="roster.import.create", object_type="org.person")
    assert (entry.unit_id, entry.actor, entry.reason) == (w.grid_a2.pk, w.organiser, "roster.xlsx @ C1")
    assert entry.changes["created"] == [None, [person.pk]]
    assert verify_chain().ok


def test_ones_own_roster_tied_to_b_exports_and_imports_again_unchanged(b_world, client_for):
    """A's person in B's household and branch, A's branch under B's: the export of A names
    them, and importing it again writes nothing and is not refused (nothing crosses)."""
    w = b_world
    tie_a2_to_b(w)
    PartyOrg.objects.filter(pk=w.branch_a.pk).update(parent=w.branch_b)
    c = client_for(w.organiser)
    exported = made(c, f"/staff/units/{w.community_a.pk}/export.xlsx").content
    before = tables()
    response = upload(c, w.community_a, exported)
    assert response.context["run"].state == "unchanged", response.context["report"]
    assert response.context["run"].changes == 0 and tables() == before
