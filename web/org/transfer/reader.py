"""Reading an uploaded roster: .xlsx (one sheet per kind) or .csv (one kind per file)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from dataclasses import dataclass

from django.utils.translation import gettext as _

from web.org.transfer.layout import MAX_ROWS, SHEETS, Sheet


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
        if any(values.values()):
            rows.append(Row(number, values))
    if len(rows) > MAX_ROWS:
        raise TransferError(_("一次最多导入 %(n)d 行。") % {"n": MAX_ROWS})
    return rows


def read_xlsx(data: bytes) -> dict[str, list[Row]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as exc:
        raise TransferError(
            _("无法读取这个 Excel 文件（%(e)s）。请用 Excel 或 WPS 另存为 .xlsx 后重试。") % {"e": type(exc).__name__}
        ) from None
    found: dict[str, list[Row]] = {}
    for ws in book.worksheets:
        by_title = next((s for s in SHEETS if s.name == ws.title.strip()), None)
        lines = list(ws.iter_rows())
        if not lines:
            continue
        headers = [_text(c.value) for c in lines[0]]
        sheet = by_title or _sheet_for(headers)
        if sheet is None:
            raise TransferError(_("无法识别工作表“%(s)s”：表头应与模板一致。") % {"s": ws.title})
        records = []
        for index, line in enumerate(lines[1:], start=2):
            for cell in line:
                if getattr(cell, "data_type", None) == "f":
                    raise TransferError(
                        _("工作表“%(s)s”第 %(r)d 行含有公式，请粘贴为数值后再导入。") % {"s": sheet.name, "r": index}
                    )
            records.append((index, [c.value for c in line]))
        found[sheet.name] = _rows(sheet, headers, records)
    book.close()
    return found


def read_csv(data: bytes) -> dict[str, list[Row]]:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes any byte string
        raise TransferError(_("无法识别文件编码。"))
    reader = csv.reader(io.StringIO(text))
    lines = list(reader)
    if not lines:
        raise TransferError(_("文件是空的。"))
    headers = [h.strip() for h in lines[0]]
    sheet = _sheet_for(headers)
    if sheet is None:
        raise TransferError(_("无法识别 CSV 的表头。表头应与模板中某一张工作表一致。"))
    return {sheet.name: _rows(sheet, headers, [(i, list(line)) for i, line in enumerate(lines[1:], start=2)])}


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
