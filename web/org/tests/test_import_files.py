"""The roster file itself: read as a stream that stops at the row limit, damaged zips and XML
refused with a sentence, and the uploaded file kept private and only as long as needed."""

from __future__ import annotations

import datetime as dt
import io
import os
import stat
import zipfile

import pytest
from django.core.management import call_command

from web.org.models import Person, Unit
from web.org.tests.test_import import _good, _upload, _xlsx
from web.org.transfer import reader, stash
from web.org.transfer.reader import TransferError, read_upload
from web.org.transfer.testing import confirm

SHEET = "xl/worksheets/sheet1.xml"


def _rewrite(data: bytes, part: str, change) -> bytes:
    src, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            content = src.read(item.filename)
            dst.writestr(item, change(content) if item.filename == part else content)
    return out.getvalue()


def _people(n: int) -> bytes:
    row = ["钱多", "男", "510104199001010001", "1990-01-01", "", "C1G3", "", "", "居民"]
    return _xlsx({"人员": [row] * n})


def test_the_sheet_is_read_as_a_stream_that_stops_at_the_row_limit(monkeypatch):
    """Malformed XML far past the limit: reading the whole sheet first (as before) meets it;
    a reader that stops at the limit never does."""
    monkeypatch.setattr(reader, "MAX_ROWS", 5)
    data = _rewrite(_people(6000), SHEET, lambda xml: xml.replace(b"</sheetData>", b"<row><c><oops</sheetData>"))
    with pytest.raises(TransferError, match="一次最多导入 5 行"):
        read_upload("r.xlsx", data)


def test_blank_lines_count_towards_a_limit_too(monkeypatch):
    monkeypatch.setattr(reader, "MAX_LINES", 10)
    blank = b"".join(b'<row r="%d"><c r="A%d" t="inlineStr"><is><t></t></is></c></row>' % (i, i) for i in range(3, 60))
    data = _rewrite(_people(1), SHEET, lambda xml: xml.replace(b"</sheetData>", blank + b"</sheetData>"))
    with pytest.raises(TransferError, match="超过 10 行（含空行）"):
        read_upload("r.xlsx", data)


def test_a_csv_stops_at_the_row_limit_too(monkeypatch):
    monkeypatch.setattr(reader, "MAX_ROWS", 3)
    text = "姓名,性别,公民身份号码,出生日期,所在单位编码\n" + "钱多,男,1,1990-01-01,C1\n" * 10 + '"unterminated'
    with pytest.raises(TransferError, match="一次最多导入 3 行"):
        read_upload("r.csv", text.encode())


BROKEN = {
    "malformed sheet XML": lambda d: _rewrite(d, SHEET, lambda xml: xml[: len(xml) // 2]),
    "malformed workbook XML": lambda d: _rewrite(d, "xl/workbook.xml", lambda xml: xml + b"<"),
    "malformed shared strings": lambda d: _rewrite(d, "[Content_Types].xml", lambda xml: b"<Types"),
    "entity in the sheet": lambda d: _rewrite(
        d, SHEET, lambda xml: xml.replace(b"<worksheet", b'<!DOCTYPE w [<!ENTITY a "b">]><worksheet', 1)
    ),
    "truncated zip": lambda d: d[: len(d) - 40],
    "zip bomb": lambda d: _rewrite(
        d, SHEET, lambda xml: xml.replace(b"</sheetData>", b" " * 40_000_000 + b"</sheetData>")
    ),
}


@pytest.mark.parametrize("what", sorted(BROKEN))
def test_a_damaged_workbook_is_a_sentence_on_the_page_not_a_500(world, client_for, what):
    data = BROKEN[what](_xlsx(_good()))
    response = _upload(client_for(world.organiser), world.community_a, data)
    assert response.context["run"].state == "refused" and "无法读取这个 Excel 文件" in response.content.decode()
    assert not Unit.objects.filter(code="C1G3").exists()


@pytest.fixture
def var(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    return tmp_path / "imports"


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_a_stashed_roster_is_private_and_deleted_when_applied(world, client_for, var):
    c = client_for(world.organiser)
    page = _upload(c, world.community_a, _xlsx(_good()))
    [kept] = list(var.iterdir())
    assert (_mode(var), _mode(kept)) == (0o700, 0o600)
    assert confirm(c, page).context["run"].state == "applied"
    assert list(var.iterdir()) == [] and Unit.objects.filter(code="C1G3").exists()


def test_a_refused_file_is_deleted_at_once(world, client_for, var):
    rows = _good()
    rows["人员"][0][0] = ""
    page = _upload(client_for(world.organiser), world.community_a, _xlsx(rows))
    assert page.context["run"].state == "refused" and list(var.iterdir()) == []


def test_a_stash_older_than_a_day_is_refused_and_swept(world, client_for, var, capsys):
    c = client_for(world.organiser)
    page = _upload(c, world.community_a, _xlsx(_good()))
    old = page.context["run"].token
    fresh = stash.put(world.organiser.pk, "b.xlsx", b"data")
    day_ago = (dt.datetime.now(dt.UTC) - stash.MAX_AGE - dt.timedelta(minutes=1)).timestamp()
    os.utime(var / f"{world.organiser.pk}-{old}{stash.SUFFIX}", (day_ago, day_ago))
    response = confirm(c, page)
    assert "已失效" in response.content.decode() and not Unit.objects.filter(code="C1G3").exists()
    old_again = stash.put(world.organiser.pk, "c.xlsx", b"data")
    os.utime(var / f"{world.organiser.pk}-{old_again}{stash.SUFFIX}", (day_ago, day_ago))
    call_command("sweep_roster_stashes")
    assert "1" in capsys.readouterr().out
    assert [p.name for p in var.iterdir()] == [f"{world.organiser.pk}-{fresh}{stash.SUFFIX}"]


@pytest.mark.parametrize("token", ["../../etc/passwd", "ｔｏｋｅｎ", ""])
def test_a_token_cannot_name_another_file(world, var, token):
    stash.put(world.organiser.pk, "a.xlsx", b"data")
    assert stash.get(world.organiser.pk, token, now=dt.datetime(2026, 1, 1, tzinfo=dt.UTC)) is None


@pytest.mark.parametrize(("name", "problem"), [("\u200b\u3000", "必填项为空"), ("张" * 51, "姓名最多 50 个字")])
def test_an_invisible_or_too_long_name_is_a_row_problem(world, client_for, name, problem):
    rows = _good()
    rows["人员"][0][0] = name
    response = _upload(client_for(world.organiser), world.community_a, _xlsx(rows))
    assert response.context["run"].state == "refused" and problem in response.content.decode()
    assert not Unit.objects.filter(code="C1G3").exists()


def test_a_name_in_the_roster_is_stored_normalised(world, client_for):
    rows = _good()
    rows["人员"][0][0] = "赵\u3000敏\u200b"
    c = client_for(world.organiser)
    confirm(c, _upload(c, world.community_a, _xlsx(rows)))
    assert Person.objects.filter(name="赵敏").exists()
