"""The open record ``jiceng.tally/1``: load it, check it, digest it, count it.

Every closed vote becomes one JSON document holding everything needed to recompute
its result: the rules, the electorate counts, the candidates or options, and every
ballot without any voter identity (DOMAIN.md §6). ``docs/records.md`` describes
the format; ``docs/schemas/`` holds a JSON Schema per kind.

The digest is SHA-256 over the canonical form: ``json.dumps(doc, ensure_ascii=False,
sort_keys=True, separators=(",", ":"))`` encoded as UTF-8. Anyone can recompute it
with any JSON library that sorts keys by code point.

Each kind is a module with ``tally_record(doc) -> dict`` (a JSON-able result) and
``format_text(result) -> str`` (a result sheet a person reads), imported lazily so
that a kind's module costs nothing until a record of that kind is counted.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import unicodedata
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol, cast

from jiceng.errors import RecordError

__all__ = [
    "FORMAT",
    "KINDS",
    "KindModule",
    "canonical_json",
    "check_header",
    "compare_results",
    "format_text",
    "kind_module",
    "load_json",
    "pad",
    "parse_json",
    "record_sha256",
    "require_bool",
    "require_int",
    "require_list",
    "require_mapping",
    "require_str",
    "tally",
    "text_width",
]

FORMAT = "jiceng.tally/1"

#: kind → module that counts it. ``survey`` is an appraisal on a satisfaction scale; a ``draw``
#: is repeated by ``jiceng draw`` (and by ``tally`` / ``verify`` like any other kind).
KINDS: Mapping[str, str] = {
    "election": "jiceng.election",
    "motion": "jiceng.motion",
    "appraisal": "jiceng.appraisal",
    "survey": "jiceng.appraisal",
    "recommendation": "jiceng.recommendation",
    "weighted": "jiceng.weighted",
    "draw": "jiceng.draw",
    "scorecard": "jiceng.scorecard",
    "points": "jiceng.points",
}

_MISSING: Any = object()


class KindModule(Protocol):
    """What a kind's module provides."""

    def tally_record(self, doc: Mapping[str, Any]) -> dict[str, Any]: ...

    def format_text(self, result: Mapping[str, Any]) -> str: ...


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise ValueError(f"the key '{key}' appears twice / 键“{key}”重复出现")
        out[key] = value
    return out


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed / 不允许 {name}")


def parse_json(data: bytes, *, path: str) -> Any:
    """Decode UTF-8 JSON strictly: no duplicate keys, no NaN or Infinity.

    A record with a key written twice means two things at once; it is refused
    rather than read by the last-one-wins habit of most parsers.
    """
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise RecordError(path, f"not UTF-8 text (byte {exc.start}) / 不是 UTF-8 文本") from exc
    if text.startswith("\ufeff"):
        text = text[1:]
    try:
        return json.loads(text, object_pairs_hook=_no_duplicate_keys, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise RecordError(
            path, f"not JSON: {exc.msg} at line {exc.lineno} column {exc.colno} / 不是有效的 JSON"
        ) from exc
    except ValueError as exc:
        raise RecordError(path, str(exc)) from exc


def load_json(file: str | Path) -> Any:
    """Read a JSON file; every failure is a ``RecordError`` naming the file."""
    name = str(file)
    try:
        data = Path(file).read_bytes()
    except FileNotFoundError as exc:
        raise RecordError(name, "no such file / 文件不存在") from exc
    except IsADirectoryError as exc:
        raise RecordError(name, "is a directory, not a file / 这是目录，不是文件") from exc
    except OSError as exc:
        raise RecordError(name, f"cannot read: {exc.strerror} / 无法读取") from exc
    return parse_json(data, path=name)


def canonical_json(doc: Any) -> bytes:
    """The canonical bytes of a record: sorted keys, no spaces, UTF-8, no ASCII escaping."""
    return json.dumps(doc, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def record_sha256(doc: Any) -> str:
    """SHA-256 (hex) of the canonical record; printed on every result."""
    return hashlib.sha256(canonical_json(doc)).hexdigest()


def check_header(doc: Any, *, kind: str | None = None) -> str:
    """Check ``format`` and ``kind``; return the kind. ``kind`` insists on one kind."""
    if not isinstance(doc, Mapping):
        raise RecordError("record", "a record is a JSON object / 记录必须是 JSON 对象")
    fmt = doc.get("format", _MISSING)
    if fmt is _MISSING:
        raise RecordError("format", f'missing; write "format": "{FORMAT}" / 缺少格式声明')
    if fmt != FORMAT:
        raise RecordError("format", f"unknown format {fmt!r}; this engine reads {FORMAT} / 不支持的格式")
    found = doc.get("kind", _MISSING)
    if found is _MISSING:
        raise RecordError("kind", "missing / 缺少记录类型")
    if not isinstance(found, str) or found not in KINDS:
        known = ", ".join(KINDS)
        raise RecordError("kind", f"unknown kind {found!r} (known: {known}) / 未知的记录类型")
    if kind is not None and found != kind:
        raise RecordError("kind", f"expected {kind!r}, found {found!r} / 记录类型不符")
    return found


def kind_module(kind: str) -> KindModule:
    """The module counting ``kind``, imported on first use."""
    name = KINDS.get(kind)
    if name is None:
        raise RecordError("kind", f"unknown kind {kind!r} / 未知的记录类型")
    try:
        module = importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name != name:
            raise
        raise RecordError("kind", f"the kind {kind!r} is not available in this engine / 此类型尚不可用") from exc
    return cast(KindModule, module)


def tally(doc: Any) -> dict[str, Any]:
    """Count a record of any kind; the result carries ``kind`` and ``record_sha256``."""
    kind = check_header(doc)
    result = kind_module(kind).tally_record(doc)
    result.setdefault("kind", kind)
    result["record_sha256"] = record_sha256(doc)
    return result


def format_text(result: Mapping[str, Any]) -> str:
    """The result sheet of a result, by its ``kind``."""
    kind = result.get("kind")
    if not isinstance(kind, str):
        raise RecordError("result.kind", "missing / 结果缺少类型")
    return kind_module(kind).format_text(result)


def compare_results(published: Any, recomputed: Any, *, path: str = "") -> list[str]:
    """Every place where a published result differs from the recomputed one.

    Values compare by JSON type as well as value, so ``1`` and ``true`` and ``1.0``
    differ. Each difference is one line naming its path.
    """
    here = path or "(result)"
    if isinstance(recomputed, Mapping) and isinstance(published, Mapping):
        out: list[str] = []
        for key in sorted(set(recomputed) | set(published)):
            sub = f"{path}.{key}" if path else str(key)
            if key not in published:
                out.append(f"{sub}: missing in the published result / 公布的结果缺少此项")
            elif key not in recomputed:
                out.append(f"{sub}: not in the recomputed result / 重新计算的结果没有此项")
            else:
                out.extend(compare_results(published[key], recomputed[key], path=sub))
        return out
    if _is_list(recomputed) and _is_list(published):
        if len(recomputed) != len(published):
            return [f"{here}: published {len(published)} items, recomputed {len(recomputed)} / 条目数不一致"]
        out = []
        for n, (a, b) in enumerate(zip(published, recomputed, strict=True)):
            out.extend(compare_results(a, b, path=f"{path}[{n}]"))
        return out
    if type(published) is not type(recomputed) or published != recomputed:
        return [f"{here}: published {_show(published)}, recomputed {_show(recomputed)} / 数值不一致"]
    return []


def _is_list(value: Any) -> bool:
    return isinstance(value, Sequence) and not isinstance(value, str | bytes)


def _show(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text if len(text) <= 80 else text[:77] + "..."


# Field readers shared by the kind modules: each names the place of a bad value.


def require_mapping(obj: Mapping[str, Any], key: str, path: str, *, default: Any = _MISSING) -> Mapping[str, Any]:
    """``obj[key]`` as a JSON object."""
    value = obj.get(key, _MISSING)
    if value is _MISSING:
        if default is not _MISSING:
            return cast(Mapping[str, Any], default)
        raise RecordError(path, "missing / 缺少此项")
    if not isinstance(value, Mapping):
        raise RecordError(path, "must be a JSON object / 必须是对象")
    return value


def require_list(obj: Mapping[str, Any], key: str, path: str, *, default: Any = _MISSING) -> Sequence[Any]:
    """``obj[key]`` as a JSON array."""
    value = obj.get(key, _MISSING)
    if value is _MISSING:
        if default is not _MISSING:
            return cast(Sequence[Any], default)
        raise RecordError(path, "missing / 缺少此项")
    if not isinstance(value, list):
        raise RecordError(path, "must be a list / 必须是列表")
    return value


def require_int(
    obj: Mapping[str, Any], key: str, path: str, *, minimum: int | None = 0, default: Any = _MISSING
) -> int:
    """``obj[key]`` as an integer of at least ``minimum`` (booleans and floats are refused)."""
    value = obj.get(key, _MISSING)
    if value is _MISSING:
        if default is not _MISSING:
            return cast(int, default)
        raise RecordError(path, "missing / 缺少此项")
    if isinstance(value, bool) or not isinstance(value, int):
        raise RecordError(path, "must be an integer / 必须是整数")
    if minimum is not None and value < minimum:
        if minimum == 0:
            raise RecordError(path, f"cannot be negative ({value}) / 不能为负数")
        raise RecordError(path, f"must be at least {minimum} ({value}) / 不能小于 {minimum}")
    return value


def require_str(
    obj: Mapping[str, Any], key: str, path: str, *, default: Any = _MISSING, allow_empty: bool = False
) -> str:
    """``obj[key]`` as a string, non-empty unless ``allow_empty``."""
    value = obj.get(key, _MISSING)
    if value is _MISSING:
        if default is not _MISSING:
            return cast(str, default)
        raise RecordError(path, "missing / 缺少此项")
    if not isinstance(value, str):
        raise RecordError(path, "must be a text / 必须是文本")
    if not allow_empty and not value.strip():
        raise RecordError(path, "must be a non-empty text / 必须是非空文本")
    return value


def require_bool(obj: Mapping[str, Any], key: str, path: str, *, default: Any = _MISSING) -> bool:
    """``obj[key]`` as true or false."""
    value = obj.get(key, _MISSING)
    if value is _MISSING:
        if default is not _MISSING:
            return cast(bool, default)
        raise RecordError(path, "missing / 缺少此项")
    if not isinstance(value, bool):
        raise RecordError(path, "must be true or false / 必须是 true 或 false")
    return value


# Result sheets: column padding that counts a Chinese character as two columns.


def text_width(text: str) -> int:
    """Columns ``text`` takes in a terminal: wide (CJK) characters count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, width: int, *, right: bool = False) -> str:
    """``text`` padded with spaces to ``width`` columns (left-aligned unless ``right``)."""
    fill = " " * max(0, width - text_width(text))
    return fill + text if right else text + fill
