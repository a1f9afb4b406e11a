"""Checkpoint lists as the public board gives them (JSON or CSV), read back by
``verify_audit --anchor FILE``, and ``ENTRY:HASH`` pairs typed on the command line (a head
printed on an announcement)."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable
from typing import Any

from web.audit.models import AuditCheckpoint
from web.audit.verify import Checkpoint

FORMAT = "jiceng.checkpoints/1"
CSV_COLUMNS = ("at", "entry", "hash")
_HASH = re.compile(r"[0-9a-f]{64}")


class AnchorError(ValueError):
    """A checkpoint list or pair that cannot be read; the message says what is wrong."""


def as_rows(checkpoints: Iterable[AuditCheckpoint]) -> list[dict[str, Any]]:
    return [{"at": c.at.isoformat(timespec="seconds"), "entry": c.entry_id, "hash": c.entry_hash} for c in checkpoints]


def to_json(checkpoints: Iterable[AuditCheckpoint]) -> str:
    return json.dumps({"format": FORMAT, "checkpoints": as_rows(checkpoints)}, ensure_ascii=False, indent=1)


def to_csv(checkpoints: Iterable[AuditCheckpoint]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    writer.writerows([r["at"], r["entry"], r["hash"]] for r in as_rows(checkpoints))
    return out.getvalue()


def _checkpoint(entry: Any, digest: Any, at: Any, source: str) -> Checkpoint:
    try:
        entry_id = int(str(entry).strip().lstrip("#"))
    except ValueError:
        raise AnchorError(f"{source}: '{entry}' is not an entry number / 不是记录编号") from None
    digest = str(digest).strip().lower()
    if entry_id < 1 or not _HASH.fullmatch(digest):
        raise AnchorError(f"{source}: entry #{entry_id} needs a 64-digit SHA-256 / 须有 64 位哈希")
    return Checkpoint(entry_id, digest, str(at or ""), source)


def parse_pair(text: str) -> Checkpoint:
    """``ENTRY:HASH`` (``#12:ab…`` too), as ``verify_audit`` prints the head."""
    entry, sep, digest = text.strip().partition(":")
    if not sep:
        raise AnchorError(f"'{text}': write ENTRY:HASH / 请写成 编号:哈希")
    return _checkpoint(entry, digest, "", "command line")


def parse_file(text: str, *, name: str) -> list[Checkpoint]:
    """The checkpoints of a downloaded list, JSON or CSV (told apart by the first character)."""
    stripped = text.lstrip("\ufeff").strip()
    if not stripped:
        raise AnchorError(f"{name}: the file is empty / 文件为空")
    if stripped[0] in "[{":
        try:
            data = json.loads(stripped)
        except json.JSONDecodeError as exc:
            raise AnchorError(f"{name}: not valid JSON ({exc.msg}, line {exc.lineno}) / 不是有效的 JSON") from None
        rows = data.get("checkpoints") if isinstance(data, dict) else data
        if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
            raise AnchorError(f"{name}: expected a list of checkpoints / 须为检查点列表")
        return [_checkpoint(r.get("entry"), r.get("hash", ""), r.get("at"), name) for r in rows]
    reader = csv.DictReader(io.StringIO(stripped))
    if not reader.fieldnames or not {"entry", "hash"} <= set(reader.fieldnames):
        raise AnchorError(f"{name}: the CSV needs the columns {', '.join(CSV_COLUMNS)} / CSV 须有这些列")
    return [_checkpoint(r.get("entry"), r.get("hash") or "", r.get("at"), name) for r in reader]
