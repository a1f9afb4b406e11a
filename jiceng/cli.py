"""The ``jiceng`` command: count, verify, draw and order, for anyone.

    jiceng tally FILE [--format json|text]     count an open record (FILE - reads stdin)
    jiceng verify RECORD RESULT                recompute and compare with a published result
    jiceng draw FILE [--format json|text]      repeat a published random selection
    jiceng order [--no-single-given-name-first] < names.txt
                                               order names by surname strokes

Bad input exits with status 2 and one line naming the place
(``jiceng: ballots[3].marks.c9: unknown candidate id / 未知的候选人编号``); a result
that does not match exits with status 1. No traceback is shown for bad input.
"""

from __future__ import annotations

import argparse
import importlib
import io
import json
import os
import sys
from collections.abc import Sequence
from typing import Any

from jiceng import __version__
from jiceng.errors import RecordError
from jiceng.record import compare_results, format_text, load_json, parse_json, tally

__all__ = ["main"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="jiceng", description="Jiceng's counting engine: recompute any published result. 基层计票引擎。"
    )
    parser.add_argument("--version", action="version", version=f"jiceng {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    p_tally = sub.add_parser("tally", help="count an open record (jiceng.tally/1) / 计票")
    p_tally.add_argument("file", metavar="FILE", help="the record; - reads standard input")
    p_tally.add_argument("--format", choices=("json", "text"), default="json")
    p_verify = sub.add_parser("verify", help="recompute a record and compare with a published result / 核验")
    p_verify.add_argument("record", metavar="RECORD")
    p_verify.add_argument("result", metavar="RESULT")
    p_draw = sub.add_parser("draw", help="repeat a published random selection / 重现随机抽取")
    p_draw.add_argument("file", metavar="FILE")
    p_draw.add_argument("--format", choices=("json", "text"), default="json")
    p_order = sub.add_parser("order", help="order names (one per line on stdin) by surname strokes / 姓氏笔画排序")
    p_order.add_argument(
        "--no-single-given-name-first",
        dest="single_given_name_first",
        action="store_false",
        help="do not put single-character given names first within a surname",
    )
    return parser


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"


def _optional_module(name: str) -> Any:
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name != name:
            raise
        raise RecordError(name, "not available in this build / 此功能尚不可用") from exc


def _load(name: str) -> Any:
    """A JSON file, or standard input when the name is ``-``."""
    if name == "-":
        stdin = sys.stdin
        data = stdin.buffer.read() if hasattr(stdin, "buffer") else stdin.read().encode("utf-8")
        return parse_json(data, path="stdin")
    return load_json(name)


def _tally(args: argparse.Namespace) -> int:
    result = tally(_load(args.file))
    sys.stdout.write(format_text(result) if args.format == "text" else _dump(result))
    return 0


def _verify(args: argparse.Namespace) -> int:
    recomputed = tally(_load(args.record))
    published = _load(args.result)
    differences = compare_results(published, recomputed)
    if not differences:
        sys.stdout.write(
            f"match / 一致: {args.result} is what {args.record} gives "
            f"(status {recomputed.get('status')}, record SHA-256 {recomputed['record_sha256']})\n"
        )
        return 0
    sys.stdout.write(f"mismatch / 不一致: {args.result} differs from what {args.record} gives:\n")
    for line in differences:
        sys.stdout.write(f"  {line}\n")
    return 1


def _draw(args: argparse.Namespace) -> int:
    draw = _optional_module("jiceng.draw")
    result = draw.draw_record(_load(args.file))
    sys.stdout.write(str(draw.format_text(result)) if args.format == "text" else _dump(result))
    return 0


def _order(args: argparse.Namespace) -> int:
    strokes = _optional_module("jiceng.strokes")
    stdin = sys.stdin
    raw: bytes | str = stdin.buffer.read() if hasattr(stdin, "buffer") else stdin.read()
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise RecordError("stdin", f"not UTF-8 text (byte {exc.start}) / 不是 UTF-8 文本") from exc
    names = [line.strip() for line in raw.lstrip("\ufeff").splitlines() if line.strip()]
    ordered = strokes.sort_names(names, single_given_name_first=args.single_given_name_first)
    sys.stdout.write("".join(f"{name}\n" for name in ordered))
    return 0


_COMMANDS = {"tally": _tally, "verify": _verify, "draw": _draw, "order": _order}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; return the exit status (0 ok, 1 mismatch, 2 bad input, 3 internal error)."""
    if isinstance(sys.stdout, io.TextIOWrapper):
        sys.stdout.reconfigure(encoding="utf-8")
    args = _parser().parse_args(argv)
    try:
        return _COMMANDS[args.command](args)
    except RecordError as exc:
        sys.stderr.write(f"jiceng: {exc}\n")
        return 2
    except RecursionError:
        sys.stderr.write("jiceng: the input nests too deeply / 输入嵌套过深\n")
        return 2
    except Exception as exc:
        if os.environ.get("JICENG_DEBUG"):
            raise
        sys.stderr.write(
            f"jiceng: internal error / 内部错误: {type(exc).__name__}: {exc} (JICENG_DEBUG=1 shows more)\n"
        )
        return 3
