"""Surname stroke order (姓氏笔画, DOMAIN.md §5.6) as a sort key for names.

Names are compared character by character: fewer strokes first (mainland counts); equal counts
by the stroke-order sequence 横 < 竖 < 撇 < 点 < 折 (GF 3002-1999). The table is
``data/stroke_order.txt`` (see ``data/README.md``). Python's ``unicodedata`` has no stroke
data, and ICU's "stroke" collation uses traditional counts, so neither gives a mainland list.

``single_given_name_first`` (default on): among names with the same surname, those with a
one-character given name come first (王五 before 王小明), as notices customarily list them.
The surname is taken to be the first character. Characters missing from the table (rare
characters, Latin letters) sort after every known one, by code point, so the order is
always total and repeatable.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from importlib import resources

Key = tuple[tuple[int, int], ...]


@lru_cache(maxsize=1)
def _positions() -> dict[str, int]:
    text = resources.files("jiceng.data").joinpath("stroke_order.txt").read_text(encoding="utf-8")
    chars = text.replace("\n", "")
    return {ch: i for i, ch in enumerate(chars)}


def char_key(ch: str) -> tuple[int, int]:
    """``(0, position)`` for a character in the table, ``(1, code point)`` otherwise."""
    position = _positions().get(ch)
    return (0, position) if position is not None else (1, ord(ch))


def is_known(ch: str) -> bool:
    return ch in _positions()


def name_key(name: str, *, single_given_name_first: bool = True) -> Key:
    """The sort key of one name (surrounding spaces ignored)."""
    name = "".join(name.split())
    if not name:
        return ()
    keys = [char_key(ch) for ch in name]
    if single_given_name_first:
        # after the surname, a marker that puts two-character names before longer ones
        return (keys[0], (0, 0 if len(name) <= 2 else 1), *keys[1:])
    return tuple(keys)


def sort_names(names: Iterable[str], *, single_given_name_first: bool = True) -> list[str]:
    """The names in surname stroke order; equal keys keep their input order."""
    return sorted(names, key=lambda n: name_key(n, single_given_name_first=single_given_name_first))
