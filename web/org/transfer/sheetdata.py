"""Streaming the rows of a workbook's sheets into a copy of it, in linear time.

openpyxl makes everything of a workbook but its rows well (widths, pick lists, styles, the
parts that tie them together), and its rows slowly: tens of microseconds a cell, even write-only.
So a workbook is saved by openpyxl with its header rows only, and ``fill`` copies it, writing
each sheet's further rows as XML text in its ``<sheetData>``, a chunk at a time, straight into
the zip: a sheet of 27,000 rows takes a fraction of a second and the rows are never all in memory.

Every value is written as text (an inline string, as openpyxl writes one): a value typed as
``=…`` stays text and is never a formula the office's spreadsheet would run. Characters XML
cannot hold (control characters other than tab and line breaks) are left out.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable, Sequence
from itertools import islice
from os import PathLike
from typing import IO

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils import get_column_letter

_SHEET = re.compile(r"xl/worksheets/sheet(\d+)\.xml")
_LETTERS = [get_column_letter(i) for i in range(1, 65)]
#: what needs more than copying: XML's own characters, a carriage return (a parser would read
#: it as a line feed), characters XML cannot hold (``ILLEGAL_CHARACTERS_RE``), spaces at either end
_SPECIAL = re.compile(r"[&<>\r\x00-\x08\x0b\x0c\x0e-\x1f]|^\s|\s$")
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})
#: rows rendered and written to the zip at a time
BATCH = 500


def _cell(ref: str, value: str) -> str:
    if not value:
        return f'<c r="{ref}" t="inlineStr"/>'
    space = ""
    if _SPECIAL.search(value):  # rarely: most values are copied as they are
        value = ILLEGAL_CHARACTERS_RE.sub("", value).translate(_ESCAPES)
        if value != value.strip() and value.strip():
            space = ' xml:space="preserve"'
    return f'<c r="{ref}" t="inlineStr"><is><t{space}>{value}</t></is></c>'


def _rows(rows: Iterable[Sequence[str]], first: int) -> str:
    return "".join(
        f'<row r="{r}">'
        + "".join(_cell(f"{letter}{r}", v) for letter, v in zip(_LETTERS, row, strict=False))
        + "</row>"
        for r, row in enumerate(rows, start=first)
    )


def fill(skeleton: IO[bytes], out: str | PathLike[str] | IO[bytes], rows: Sequence[Iterable[Sequence[str]]]) -> None:
    """Write to ``out`` the workbook ``skeleton`` (as openpyxl saved it) with ``rows[i]`` added
    below the rows already in its sheet ``i`` (in the order the sheets were made). Each iterable
    is read once, when its sheet is written, ``BATCH`` rows at a time."""
    with zipfile.ZipFile(skeleton) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            sheet = _SHEET.fullmatch(info.filename)
            if sheet is None:
                dst.writestr(info, data)
                continue
            head, end, tail = data.partition(b"</sheetData>")
            if not end:
                raise ValueError(f"{info.filename}: a sheet with no header row cannot be filled")
            with dst.open(info.filename, "w") as part:
                part.write(head)
                first, todo = head.count(b"<row ") + 1, iter(rows[int(sheet[1]) - 1])
                while batch := list(islice(todo, BATCH)):
                    part.write(_rows(batch, first).encode())
                    first += len(batch)
                part.write(end + tail)
