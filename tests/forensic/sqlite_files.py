"""Reading SQLite's files raw, as an operator with a copy of them could: the main file's pages
and every frame of the ``-wal`` log in file order (stale frames of earlier checkpoints too), the
rows on each table leaf page (format: sqlite.org/fileformat2.html), and every byte.

Nothing here opens the database through SQLite, which would replay and checkpoint the log."""

from __future__ import annotations

import struct
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

WAL_HEADER = 32
FRAME_HEADER = 24


@dataclass(frozen=True)
class Files:
    main: bytes
    wal: bytes

    @classmethod
    def read(cls, path: Path) -> Files:
        wal = path.with_name(path.name + "-wal")
        return cls(path.read_bytes(), wal.read_bytes() if wal.exists() else b"")

    @property
    def page_size(self) -> int:
        size = struct.unpack(">H", self.main[16:18])[0]
        return 65536 if size == 1 else size

    def main_pages(self) -> Iterator[tuple[int, bytes]]:
        size = self.page_size
        for n in range(len(self.main) // size):
            yield n + 1, self.main[n * size : (n + 1) * size]

    def wal_frames(self) -> Iterator[tuple[int, int, bytes]]:
        """(frame index, page number, page image), in file order."""
        size = self.page_size
        step = FRAME_HEADER + size
        for i, at in enumerate(range(WAL_HEADER, len(self.wal) - step + 1, step)):
            page_no = struct.unpack(">I", self.wal[at : at + 4])[0]
            yield i, page_no, self.wal[at + FRAME_HEADER : at + step]

    def current_frames(self) -> Iterator[tuple[int, int, bytes]]:
        """The frames of the log's current generation: those carrying the salts of its header.
        After a checkpoint SQLite writes the log again from its start with new salts, and the
        earlier generation's frames stay beyond the new ones; a reader that took them as current
        would see pages as they were before the checkpoint (SQLite itself stops at the first frame
        whose salts differ)."""
        salts = self.wal[16:24]
        size = self.page_size
        step = FRAME_HEADER + size
        for i, at in enumerate(range(WAL_HEADER, len(self.wal) - step + 1, step)):
            if self.wal[at + 8 : at + 16] != salts:
                return
            page_no = struct.unpack(">I", self.wal[at : at + 4])[0]
            yield i, page_no, self.wal[at + FRAME_HEADER : at + step]

    def latest_pages(self) -> dict[int, bytes]:
        """The database as a reader would see it: main pages overlaid with the last frame of each
        page in the log's current generation."""
        pages = dict(self.main_pages())
        for _i, page_no, image in self.current_frames():
            pages[page_no] = image
        return pages


def _varint(buf: bytes, at: int) -> tuple[int, int]:
    value = 0
    for i in range(8):
        byte = buf[at + i]
        value = (value << 7) | (byte & 0x7F)
        if not byte & 0x80:
            return value, at + i + 1
    return (value << 8) | buf[at + 8], at + 9


def _value(serial: int, buf: bytes, at: int) -> tuple[object, int]:
    sizes = {0: 0, 1: 1, 2: 2, 3: 3, 4: 4, 5: 6, 6: 8, 7: 8, 8: 0, 9: 0}
    if serial in (0,):
        return None, at
    if serial in (8, 9):
        return serial - 8, at
    if serial in sizes:
        n = sizes[serial]
        raw = buf[at : at + n]
        if serial == 7:
            return struct.unpack(">d", raw)[0], at + n
        return int.from_bytes(raw, "big", signed=True), at + n
    n = (serial - 12) // 2 if serial % 2 == 0 else (serial - 13) // 2
    raw = buf[at : at + n]
    return (raw if serial % 2 == 0 else raw.decode("utf-8", "replace")), at + n


def leaf_rows(page: bytes, page_no: int) -> list[tuple[int, list[object]]]:
    """(rowid, values) of each cell of a table leaf page; [] for any other page or garbage."""
    head = 100 if page_no == 1 else 0
    if len(page) < head + 8 or page[head] != 0x0D:
        return []
    cells = struct.unpack(">H", page[head + 3 : head + 5])[0]
    rows = []
    try:
        for c in range(cells):
            pointer = struct.unpack(">H", page[head + 8 + 2 * c : head + 10 + 2 * c])[0]
            size, at = _varint(page, pointer)
            rowid, at = _varint(page, at)
            if at + size > len(page):  # spills to an overflow page: not a row of ours
                continue
            header_size, body = _varint(page, at)
            header_end, serials = at + header_size, []
            while body < header_end:
                serial, body = _varint(page, body)
                serials.append(serial)
            values, cursor = [], header_end
            for serial in serials:
                value, cursor = _value(serial, page, cursor)
                values.append(value)
            rows.append((rowid, values))
    except (IndexError, struct.error):
        return rows
    return rows
