#!/usr/bin/env python3
"""Build ``jiceng/data/stroke_order.txt`` from the data file of the MIT-licensed PyPI package
``cn-sort`` (its module is not imported: it sets up file logging on import).

Usage:
    pip download --no-deps -d /tmp/cnsort cn-sort
    python scripts/build_stroke_table.py /tmp/cnsort/cn_sort-*.whl

cn-sort ranks every character by mainland stroke count, then by the stroke-order sequence
(横 1 < 竖 2 < 撇 3 < 点 4 < 折 5), as ``stroke_increment_level``. A character with several
readings appears several times with the same rank. The table written here is simply every
CJK character in rank order, 100 to a line, so a character's key is its position.
"""

from __future__ import annotations

import json
import sys
import zipfile
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "jiceng" / "data" / "stroke_order.txt"


def main(wheel: str) -> None:
    with zipfile.ZipFile(wheel) as zf:
        entries = json.loads(zf.read("cn_sort/res/all_word.json"))["all_word"]
    rank: dict[str, int] = {}
    for entry in entries:
        ch = entry["chinese"]
        if len(ch) == 1 and ord(ch) >= 0x3400:
            rank[ch] = min(entry["stroke_increment_level"], rank.get(ch, entry["stroke_increment_level"]))
    ordered = "".join(sorted(rank, key=lambda c: (rank[c], ord(c))))
    lines = [ordered[i : i + 100] for i in range(0, len(ordered), 100)]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(ordered)} characters → {OUT}")


if __name__ == "__main__":
    main(sys.argv[1])
