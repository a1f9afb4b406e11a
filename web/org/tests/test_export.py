"""The roster export as a function a job can run: its queries do not grow with the rows, it
reports its progress, it is refused to who does not manage the unit, and it imports again unchanged."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from web.org.idnumbers import check_digit
from web.org.models import Household, PartyMembership, Person
from web.org.transfer.export import export_roster, template_xlsx
from web.org.transfer.layout import SHEETS
from web.org.transfer.planner import make_plan
from web.org.transfer.reader import read_upload
from web.org.transfer.sheetdata import fill


def _add_people(world, count: int, *, start: int = 0) -> None:
    """``count`` people in households of two in community A's building, every third a member."""
    born = dt.date(1990, 1, 1)
    households = Household.objects.bulk_create(
        Household(unit=world.building_a1, number=f"T-{start + i:04d}", address=f"测试路{start + i}号")
        for i in range(0, count, 2)
    )
    people = Person.objects.bulk_create(
        Person(
            name=f"测试{start + i}",
            gender="M" if i % 2 else "F",
            id_number=(first17 := f"510104{born:%Y%m%d}{start + i:03d}") + check_digit(first17),
            birth_date=born,
            unit=world.building_a1,
            unit_path=world.building_a1.path,
            household=households[i // 2],
            relation="户主" if i % 2 == 0 else "家庭成员",
        )
        for i in range(count)
    )
    PartyMembership.objects.bulk_create(
        PartyMembership(person=p, org=world.branch_a, joined_on=born) for p in people[::3]
    )


def _export(world, **kwargs) -> tuple[int, bytes]:
    out = io.BytesIO()
    rows = export_roster(world.street, world.street_staff, out, **kwargs)
    return rows, out.getvalue()


def _data_rows(data: bytes) -> int:
    return sum(ws.max_row - 1 for ws in load_workbook(io.BytesIO(data)).worksheets)


def test_the_number_of_queries_does_not_grow_with_the_rows(world):
    reports: list[tuple[int, int]] = []
    _export(world)  # the user's roles are read once, then kept on the user
    with CaptureQueriesContext(connection) as small:
        small_rows, _ = _export(world, progress=lambda *r: reports.append(r))
    _add_people(world, 300)
    with CaptureQueriesContext(connection) as large:
        large_rows, data = _export(world, progress=lambda *r: reports.append(r))
    assert large_rows == small_rows + 300 + 150 + 100 == _data_rows(data)
    assert len(large) == len(small), [q["sql"] for q in large.captured_queries]


def test_progress_is_reported_in_order_and_ends_at_the_total(world):
    _add_people(world, 40)
    reports: list[tuple[int, int]] = []
    rows, data = _export(world, progress=lambda done, total: reports.append((done, total)), every=7)
    assert rows == _data_rows(data)
    assert reports[0] == (0, rows) and reports[-1] == (rows, rows)
    assert len(reports) == 2 + rows // 7
    assert [done for done, _ in reports] == sorted(done for done, _ in reports)
    assert {total for _, total in reports} == {rows}


def test_an_export_to_a_path_imports_again_unchanged(world, tmp_path):
    _add_people(world, 20)
    path = tmp_path / "roster.xlsx"
    rows = export_roster(world.street, world.street_staff, path)
    book = load_workbook(path)
    assert [ws.title for ws in book.worksheets] == [s.name for s in SHEETS]
    assert [c.value for c in book["人员"][1]] == list(SHEETS[3].headers)
    assert book["人员"].max_row == Person.objects.count() + 1 and rows == _data_rows(path.read_bytes())
    assert ("王芳", "女", world.person_a.id_number, "1980-01-01", "13800000001", "C1G1B1", "C1-0001", None, "居民") in [
        r for r in book["人员"].iter_rows(values_only=True)
    ]
    plan = make_plan(user=world.street_staff, found=read_upload("roster.xlsx", path.read_bytes()))
    assert plan.ok and plan.changes == 0, [p.message for p in plan.problems]


@pytest.mark.parametrize(("persona", "refusal"), [("member", PermissionDenied), ("outsider", Http404)])
def test_only_who_manages_the_unit_may_export_it(world, persona, refusal):
    out = io.BytesIO()
    with pytest.raises(refusal):
        export_roster(world.community_a, getattr(world, persona), out)
    assert out.getvalue() == b""


def test_typed_text_comes_back_as_the_same_text_never_a_formula(world):
    typed = ["=1+1", "#N/A", "a & <b>", " 前后有空格 ", "两行\r\n文字", "响\x07铃", "", '=HYPERLINK("x")']
    out = io.BytesIO()
    template = io.BytesIO(template_xlsx())
    fill(template, out, [[typed[:4]], [typed[4:8]], [], [], []])
    book = load_workbook(io.BytesIO(out.getvalue()))
    first, second = book["单位"][3], book["党组织"][3]
    assert [c.value for c in first] == typed[:4]
    assert [c.value for c in second][:4] == ["两行\r\n文字", "响铃", None, '=HYPERLINK("x")']
    assert {c.data_type for c in (*first, *second) if c.value is not None} == {"s"}
    assert [c.value for c in book["单位"][2]] == ["C1G9", "第九网格", "网格", "C1"]  # the example row kept
