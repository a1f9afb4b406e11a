"""Roster import: checked then applied in the background, all-or-nothing, row reports, encodings,
access, who may see and confirm an import, a worker killed in the middle; export round trip."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from openpyxl import Workbook, load_workbook

from web.audit.models import AuditEntry
from web.audit.verify import verify_chain
from web.common import clock
from web.downloads.testing import made
from web.org.idnumbers import check_digit
from web.org.models import Household, PartyMembership, Person, RosterImport, Unit
from web.org.transfer import jobs, stash
from web.org.transfer.layout import SHEETS
from web.org.transfer.testing import confirm, problems
from web.org.transfer.testing import upload as _upload


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
    assert report.status_code == 200 and report.context["run"].state == "ready"
    page = report.content.decode()
    assert "确认导入" in page and "检查结果" in page
    assert _state() == before
    kept = report.context["run"].token
    assert stash.get(world.organiser.pk, kept, now=clock.now()) is not None
    done = confirm(c, report)
    assert done.context["run"].state == "applied" and "导入完成" in done.content.decode()
    assert done.context["run"].token == "" and stash.get(world.organiser.pk, kept, now=clock.now()) is None
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
    assert response.context["run"].state == "refused" and not response.context["run"].token
    found = problems(response)
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
    assert response.context["run"].state == "ready", response.content.decode()[-2000:]
    confirm(c, response)
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
    assert response.context["run"].state == "refused" and message in response.content.decode()
    assert "重新上传" in response.content.decode()
    assert _state() == before


def test_rows_outside_what_one_manages_are_errors(world, client_for):
    rows = {"人员": [["吴六", "男", _id(6), "1990-01-01", "", "C2G1", "", "", "居民"]]}
    response = _upload(client_for(world.organiser), world.community_a, _xlsx(rows))
    assert response.context["run"].state == "refused" and "您不管理" in response.content.decode()


@pytest.mark.parametrize(("persona", "status"), [("member", 403), ("observer", 404), ("outsider", 404)])
def test_who_may_import_and_export(world, client_for, persona, status):
    c = client_for(getattr(world, persona))
    assert c.get(f"/staff/units/{world.community_a.pk}/import/").status_code == status
    assert _upload(c, world.community_a, _xlsx(_good())).status_code == status
    assert c.get(f"/staff/units/{world.community_a.pk}/export.xlsx").status_code == status


def test_only_the_uploader_sees_and_confirms_an_import(world, client_for):
    c = client_for(world.organiser)
    page = _upload(c, world.community_a, _xlsx(_good()))
    url = page.context["run"].get_absolute_url()
    other = client_for(world.street_staff)  # manages the unit too, but did not upload the file
    assert other.get(url).status_code == 404 and other.post(url).status_code == 404
    assert "我最近的导入" not in other.get(f"/staff/units/{world.community_a.pk}/import/").content.decode()
    assert page.context["run"].file_name in c.get(f"/staff/units/{world.community_a.pk}/import/").content.decode()
    assert not Unit.objects.filter(code="C1G3").exists()


def test_a_file_deleted_before_it_is_applied_ends_with_a_sentence(world, client_for):
    c = client_for(world.organiser)
    page = _upload(c, world.community_a, _xlsx(_good()))
    run = page.context["run"]
    stash.drop(run.requester_id, run.token)
    done = confirm(c, page)
    assert done.context["run"].state == "expired" and "已失效" in done.content.decode()
    assert not Unit.objects.filter(code="C1G3").exists()


def test_confirming_twice_or_after_giving_up_changes_nothing(world, client_for):
    c = client_for(world.organiser)
    page = _upload(c, world.community_a, _xlsx(_good()))
    done = confirm(c, page)
    entries = AuditEntry.objects.count()
    again = confirm(c, page)  # a second click, or the page sent again
    assert again.context["run"].state == "applied" and AuditEntry.objects.count() == entries
    given_up = _upload(c, world.community_a, _xlsx({"户": [["C1-0301", "C1G3B1", "和平路5号"]]}))
    run = given_up.context["run"]
    assert c.post(run.get_absolute_url(), {"discard": "1"}).status_code == 302
    run.refresh_from_db()
    assert run.state == "expired" and run.token == "" and "changes" not in run.report
    assert "现在不能导入" in c.post(run.get_absolute_url(), follow=True).content.decode()
    assert not Household.objects.filter(number="C1-0301").exists() and done.status_code == 200


def test_the_import_page_polls_while_a_job_works_on_it(world, client_for):
    c = client_for(world.organiser)
    response = c.post(f"/staff/units/{world.community_a.pk}/import/", {"file": _file(_xlsx(_good()))})
    waiting = c.get(response["Location"])
    assert waiting.context["run"].state == "checking" and 'hx-trigger="every 2s"' in waiting.content.decode()
    part = c.get(response["Location"], headers={"HX-Request": "true"})
    assert "<html" not in part.content.decode() and "等待后台开始处理" in part.content.decode()
    jobs.check(waiting.context["run"].pk)
    checked = c.get(response["Location"], headers={"HX-Request": "true"}).content.decode()
    assert "hx-trigger" not in checked and "确认导入" in checked


def test_a_worker_killed_while_applying_leaves_nothing_and_the_next_delivery_applies(world, client_for, monkeypatch):
    c = client_for(world.organiser)
    page = _upload(c, world.community_a, _xlsx(_good()))
    run = page.context["run"]
    c.post(run.get_absolute_url())
    before = _state()

    def killed(*args, **kwargs):
        raise Killed

    monkeypatch.setattr(jobs.applying, "_members", killed)  # the last sheet, after the others were written
    with pytest.raises(Killed):
        jobs.apply(run.pk)
    run.refresh_from_db()
    assert run.state == "applying" and _state() == before
    monkeypatch.undo()
    assert jobs.apply(run.pk) == "applied" and jobs.apply(run.pk) == "nothing to do"
    assert AuditEntry.objects.filter(action="roster.import").count() == 4 and verify_chain().ok


class Killed(BaseException):
    """What a SIGKILL does to the job: it stops where it is, no handler runs."""


def _file(data: bytes, name: str = "roster.xlsx") -> io.BytesIO:
    file = io.BytesIO(data)
    file.name = name
    return file


def test_export_then_import_changes_nothing(world, client_for):
    c = client_for(world.street_staff)
    exported = made(c, f"/staff/units/{world.street.pk}/export.xlsx")
    assert exported.status_code == 200
    book = load_workbook(io.BytesIO(exported.content))
    assert [ws.title for ws in book.worksheets] == [s.name for s in SHEETS]
    assert book["人员"].max_row == Person.objects.count() + 1
    response = _upload(c, world.street, exported.content)
    assert response.context["run"].state == "unchanged" and response.context["run"].changes == 0


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


def test_the_sweep_ends_what_was_abandoned_or_given_up_and_drops_the_names(world, client_for):
    import datetime as dt

    from web.common import clock
    from web.jobs.progress import given_up_after

    c = client_for(world.organiser)
    waiting = _upload(c, world.community_a, _xlsx(_good())).context["run"]  # checked, never confirmed
    rows = _good()
    rows["人员"][0][0] = ""
    refused = _upload(c, world.community_a, _xlsx(rows)).context["run"]
    stuck = c.post(f"/staff/units/{world.community_a.pk}/import/", {"file": _file(_xlsx(_good()))})
    assert jobs.sweep() == 0  # nothing is old yet
    later = clock.now() + max(stash.MAX_AGE, given_up_after()) + dt.timedelta(minutes=1)
    with clock.told_by(lambda: later):
        assert jobs.sweep() == 2 and jobs.sweep() == 0
    waiting.refresh_from_db()
    refused.refresh_from_db()
    stuck_run = c.get(stuck["Location"]).context["run"]
    assert (waiting.state, waiting.token, "changes" in waiting.report) == ("expired", "", False)
    assert stuck_run.state == "failed" and "没有在规定时间内" in stuck_run.error
    assert refused.state == "refused" and "problems" not in refused.report and refused.report["problem_count"] > 0
    assert list(stash.stash_dir().iterdir()) == []


def test_an_uploader_whose_role_was_taken_away_can_no_longer_confirm(world, client_for):
    from django.core.exceptions import PermissionDenied
    from django.http import Http404

    from web.org.models import Role
    from web.org.transfer.imports import do_confirm_roster_import

    page = _upload(client_for(world.organiser), world.community_a, _xlsx(_good()))
    Role.objects.filter(user=world.organiser).delete()
    world.organiser = type(world.organiser).objects.get(pk=world.organiser.pk)  # no cached paths
    with pytest.raises((Http404, PermissionDenied)):
        do_confirm_roster_import(run=page.context["run"], acting_user=world.organiser)
    assert RosterImport.objects.get(pk=page.context["run"].pk).state == "ready"
