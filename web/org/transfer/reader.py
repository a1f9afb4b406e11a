"""Reading an uploaded roster: .xlsx (one sheet per kind) or .csv (one kind per file)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from xml.etree import ElementTree

from django.utils.translation import gettext as _

from web.common.text import normalise_name
from web.common.uploads import Unreadable, check_zip
from web.org.transfer.layout import MAX_ROWS, SHEETS, Sheet

#: lines read from one sheet at most, blank ones included (the data-row limit is MAX_ROWS)
MAX_LINES = MAX_ROWS + 10_000


class TransferError(Exception):
    """A file that cannot be read at all (not a row problem)."""


@dataclass(frozen=True)
class Row:
    number: int  # the row number a person sees in Excel (header is row 1)
    values: dict[str, str]


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _sheet_for(headers: list[str]) -> Sheet | None:
    present = {h for h in headers if h}
    for sheet in SHEETS:
        if set(sheet.required) <= present and present <= set(sheet.headers):
            return sheet
    return None


def _rows(sheet: Sheet, headers: list[str], records: list[tuple[int, list[object]]]) -> list[Row]:
    unknown = [h for h in headers if h and h not in sheet.headers]
    if unknown:
        raise TransferError(_("工作表“%(s)s”有无法识别的列：%(c)s。") % {"s": sheet.name, "c": _("、").join(unknown)})
    rows = []
    for number, cells in records:
        values = {h: _text(c) for h, c in zip(headers, cells, strict=False) if h}
        if "姓名" in values:  # as the person form does: one spelling for one name
            values["姓名"] = normalise_name(values["姓名"])
        if any(values.values()):
            rows.append(Row(number, values))
    return rows


def _unreadable(exc: BaseException) -> TransferError:
    return TransferError(
        _("无法读取这个 Excel 文件（%(e)s）。请用 Excel 或 WPS 另存为 .xlsx 后重试。") % {"e": type(exc).__name__}
    )


#: what a damaged workbook raises while it is opened or streamed: a bad zip, malformed XML
#: (the standard library's parser or lxml's), a missing part, a value openpyxl cannot read
UNREADABLE: tuple[type[BaseException], ...] = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    KeyError,
    ValueError,
    OSError,
    TypeError,
    EOFError,
    IndexError,
    AttributeError,
    ElementTree.ParseError,
    SyntaxError,
)


def read_xlsx(data: bytes) -> dict[str, list[Row]]:
    """Stream each sheet (openpyxl's read-only mode parses the sheet's XML as it goes) and stop
    at the row limit: a sheet of a million rows is refused after ``MAX_ROWS`` + 1 of them, not
    loaded first. A damaged file or malformed XML is a sentence, whenever it shows."""
    from openpyxl import load_workbook

    try:
        check_zip(data, xml_without_doctype=True)
    except Unreadable:
        raise TransferError(_("无法读取这个 Excel 文件：文件已损坏，或解压后过大。")) from None
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
        try:
            return {name: rows for name, rows in map(_read_sheet, book.worksheets) if name}
        finally:
            book.close()
    except TransferError:
        raise
    except UNREADABLE as exc:
        raise _unreadable(exc) from None
    except Exception as exc:  # lxml's XMLSyntaxError and kin, when lxml is installed
        if type(exc).__module__.startswith("lxml"):
            raise _unreadable(exc) from None
        raise


def _read_sheet(ws: Any) -> tuple[str, list[Row]]:
    # the sheet's own <dimension> may be wrong either way: rows past it would be dropped without
    # a word, and a huge one would pad the stream with empty rows; read what the sheet holds
    ws.reset_dimensions()
    lines = ws.iter_rows()
    first = next(lines, None)
    if first is None:
        return "", []
    headers = [_text(c.value) for c in first]
    sheet = next((s for s in SHEETS if s.name == ws.title.strip()), None) or _sheet_for(headers)
    if sheet is None:
        raise TransferError(_("无法识别工作表“%(s)s”：表头应与模板一致。") % {"s": ws.title})

    def values(index: int, line: Any) -> list[object]:
        if any(getattr(cell, "data_type", None) == "f" for cell in line):
            raise TransferError(
                _("工作表“%(s)s”第 %(r)d 行含有公式，请粘贴为数值后再导入。") % {"s": sheet.name, "r": index}
            )
        return [c.value for c in line]

    return sheet.name, _collect(sheet, headers, ((i, values(i, line)) for i, line in enumerate(lines, start=2)))


def _collect(sheet: Sheet, headers: list[str], records: Iterator[tuple[int, list[object]]]) -> list[Row]:
    """The rows of ``records``, read one at a time: reading stops as soon as there are more
    than ``MAX_ROWS`` data rows, or ``MAX_LINES`` lines with the blank ones."""
    rows = _rows(sheet, headers, [])  # checks the headers
    for index, cells in records:
        if index > MAX_LINES:
            raise TransferError(
                _("工作表“%(s)s”超过 %(n)d 行（含空行）。请删去多余的行后再导入。") % {"s": sheet.name, "n": MAX_LINES}
            )
        rows += _rows(sheet, headers, [(index, cells)])
        if len(rows) > MAX_ROWS:
            raise TransferError(_("一次最多导入 %(n)d 行。") % {"n": MAX_ROWS})
    return rows


def read_csv(data: bytes) -> dict[str, list[Row]]:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes any byte string
        raise TransferError(_("无法识别文件编码。"))
    lines = csv.reader(io.StringIO(text))
    first = next(lines, None)
    if first is None:
        raise TransferError(_("文件是空的。"))
    headers = [h.strip() for h in first]
    sheet = _sheet_for(headers)
    if sheet is None:
        raise TransferError(_("无法识别 CSV 的表头。表头应与模板中某一张工作表一致。"))
    try:
        return {sheet.name: _collect(sheet, headers, ((i, list(line)) for i, line in enumerate(lines, start=2)))}
    except csv.Error as exc:
        raise TransferError(_("无法读取这个 CSV 文件（%(e)s）。") % {"e": str(exc)[:80]}) from None


def read_upload(name: str, data: bytes) -> dict[str, list[Row]]:
    if not data:
        raise TransferError(_("文件是空的。"))
    lower = name.lower()
    if lower.endswith(".xlsx"):
        found = read_xlsx(data)
    elif lower.endswith(".csv"):
        found = read_csv(data)
    else:
        raise TransferError(_("只接受 .xlsx 或 .csv 文件。"))
    if not any(found.values()):
        raise TransferError(_("文件中没有数据行。"))
    return found
