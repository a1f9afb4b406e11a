"""Roster import: dry run, all-or-nothing, row reports, encodings, access; export round trip."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from openpyxl import Workbook, load_workbook

from web.audit.models import AuditEntry
from web.audit.verify import verify_chain
from web.downloads.testing import made
from web.org.idnumbers import check_digit
from web.org.models import Household, PartyMembership, Person, Unit
from web.org.transfer.layout import SHEETS


def _id(seq: int, born: str = "19900101") -> str:
    first17 = f"510104{born}{seq:03d}"
    return first17 + check_digit(first17)


def _xlsx(rows: dict[str, list[list[str]]]) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for sheet in SHEETS:
        if sheet.name in rows:
            ws = book.create_sheet(sheet.name)
            ws.append(list(sheet.headers))
            for row in rows[sheet.name]:
                ws.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _good() -> dict[str, list[list[str]]]:
    return {
        "单位": [["C1G3", "和平社区第三网格", "网格", "C1"], ["C1G3B1", "3栋", "楼栋", "C1G3"]],
        "户": [["C1-0300", "C1G3B1", "和平路3号"]],
        "人员": [
            ["赵敏", "女", _id(1), "1990-01-01", "13700000001", "C1G3B1", "C1-0300", "户主", "居民"],
            ["钱多", "男", _id(2), "1990-01-01", "", "C1G3", "", "", "居民"],
        ],
        "党员": [[_id(1), "P-C1", "预备党员", "否", "2025-07-01"]],
    }


def _upload(client, unit, data: bytes, name: str = "roster.xlsx"):
    return client.post(f"/staff/units/{unit.pk}/import/", {"file": io.BytesIO(data) | _named(name)})


class _named:  # gives the BytesIO a file name the way Django's test client expects
    def __init__(self, name: str) -> None:
        self.name = name

    def __ror__(self, other: io.BytesIO) -> io.BytesIO:
        other.name = self.name
        return other


def _state():
    return (
        Unit.objects.count(),
        Person.objects.count(),
        Household.objects.count(),
        PartyMembership.objects.count(),
        AuditEntry.objects.count(),
    )


def test_dry_run_writes_nothing_then_apply_writes_exactly_the_plan(world, client_for):
    c = client_for(world.organiser)
    before = _state()
    report = _upload(c, world.community_a, _xlsx(_good()))
    assert report.status_code == 200
    page = report.content.decode()
    assert "确认导入" in page
    assert _state() == before
    token = report.context["token"]
    assert c.post(f"/staff/units/{world.community_a.pk}/import/", {"token": token}).status_code == 302
    grid = Unit.objects.get(code="C1G3")
    building = Unit.objects.get(code="C1G3B1")
    assert building.parent == grid and building.path.startswith(grid.path) and grid.parent == world.community_a
    zhao = Person.objects.get(id_number=_id(1))
    assert zhao.unit == building and zhao.unit_path == building.path and zhao.household.number == "C1-0300"
    assert PartyMembership.objects.get(person=zhao).status == "probationary"
    sheets = {e.changes["sheet"][1] for e in AuditEntry.objects.filter(action="roster.import")}
    assert len(sheets) == 4 and verify_chain().ok
    # the same file again changes nothing
    again = _upload(c, world.community_a, _xlsx(_good()))
    assert "没有需要导入的变化" in again.content.decode()


def test_a_file_with_bad_rows_is_refused_whole_with_a_row_report(world, client_for):
    rows = _good()
    rows["人员"].append(["孙三", "男", "510104199001010001", "1990-01-01", "", "C1G3", "", "", "居民"])  # bad check
    rows["人员"].append(["李四", "男", _id(4), "1991-01-01", "12345", "C1G3", "", "", "居民"])  # date, phone
    rows["单位"].append(["X9", "错误", "社区", "C1G3"])  # a community under a grid
    rows["党员"].append([_id(9), "P-C1", "正式党员", "否", ""])  # unknown person
    before = _state()
    response = _upload(client_for(world.organiser), world.community_a, _xlsx(rows))
    assert response.status_code == 422
    problems = response.context["plan"].problems
    found = {(p.sheet, p.row, p.column) for p in problems}
    assert ("人员", 4, "公民身份号码") in found
    assert ("人员", 5, "出生日期") in found
    assert ("单位", 4, "类型") in found
    assert ("党员", 3, "公民身份号码") in found
    page = response.content.decode()
    assert "整个文件未导入" in page and "校验位错误" in page
    assert _state() == before


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gb18030", "utf-8"])
def test_csv_in_the_encodings_offices_use(world, client_for, encoding):
    text = "姓名,性别,公民身份号码,出生日期,联系电话,所在单位编码,户号,与户主关系,类别\n"
    text += f"周五,男,{_id(5)},1990-01-01,,C1G2,,,居民\n"
    c = client_for(world.organiser)
    response = _upload(c, world.community_a, text.encode(encoding), "people.csv")
    assert response.status_code == 200, response.content.decode()[-2000:]
    c.post(f"/staff/units/{world.community_a.pk}/import/", {"token": response.context["token"]})
    assert Person.objects.get(id_number=_id(5)).name == "周五"


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("roster.xlsx", b"not a zip file at all", "无法读取"),
        ("roster.xlsx", b"", "空的"),
        ("roster.pdf", b"%PDF-1.4", "只接受"),
        ("x.csv", "甲,乙\n1,2\n".encode(), "无法识别"),
    ],
)
def test_broken_files_get_a_clear_error(world, client_for, name, data, message):
    before = _state()
    response = _upload(client_for(world.organiser), world.community_a, data, name)
    assert response.status_code in (400, 422) and message in response.content.decode()
    assert _state() == before


def test_rows_outside_what_one_manages_are_errors(world, client_for):
    rows = {"人员": [["吴六", "男", _id(6), "1990-01-01", "", "C2G1", "", "", "居民"]]}
    response = _upload(client_for(world.organiser), world.community_a, _xlsx(rows))
    assert response.status_code == 422 and "您不管理" in response.content.decode()


@pytest.mark.parametrize(("persona", "status"), [("member", 403), ("observer", 404), ("outsider", 404)])
def test_who_may_import_and_export(world, client_for, persona, status):
    c = client_for(getattr(world, persona))
    assert c.get(f"/staff/units/{world.community_a.pk}/import/").status_code == status
    assert _upload(c, world.community_a, _xlsx(_good())).status_code == status
    assert c.get(f"/staff/units/{world.community_a.pk}/export.xlsx").status_code == status


def test_a_stale_or_foreign_token_is_refused(world, client_for):
    c = client_for(world.organiser)
    token = _upload(c, world.community_a, _xlsx(_good())).context["token"]
    other = client_for(world.street_staff)
    response = other.post(f"/staff/units/{world.community_a.pk}/import/", {"token": token}, follow=True)
    assert "已失效" in response.content.decode()
    assert not Unit.objects.filter(code="C1G3").exists()


def test_export_then_import_changes_nothing(world, client_for):
    c = client_for(world.street_staff)
    exported = made(c, f"/staff/units/{world.street.pk}/export.xlsx")
    assert exported.status_code == 200
    book = load_workbook(io.BytesIO(exported.content))
    assert [ws.title for ws in book.worksheets] == [s.name for s in SHEETS]
    assert book["人员"].max_row == Person.objects.count() + 1
    response = _upload(c, world.street, exported.content)
    assert response.status_code == 200
    assert response.context["plan"].changes == 0


def test_template_download_has_every_sheet(world, client_for):
    response = client_for(world.organiser).get("/staff/roster-template.xlsx")
    book = load_workbook(io.BytesIO(response.content))
    assert [ws.title for ws in book.worksheets] == [s.name for s in SHEETS]


def test_management_command_dry_run_and_apply(world, tmp_path, capsys):
    path = tmp_path / "roster.xlsx"
    path.write_bytes(_xlsx(_good()))
    call_command("import_roster", str(path), "--unit", "C1", "--as", "organiser", "--dry-run")
    assert not Unit.objects.filter(code="C1G3").exists()
    call_command("import_roster", str(path), "--unit", "C1", "--as", "organiser")
    assert Unit.objects.filter(code="C1G3").exists()
    assert "人员" in capsys.readouterr().out
