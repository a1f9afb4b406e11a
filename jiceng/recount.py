"""The one-file recount program a person downloads from the public board.

    python3 jiceng-recount.pyz RECORD [RESULT]

With the open record alone it counts again and prints the result sheet, in the words the board
shows; given the published result too, it then compares the two item by item. It is
``jiceng tally RECORD --format text`` followed by ``jiceng verify RECORD RESULT``, with the same
exit statuses, so a person needs no subcommand. The web app packs this package, which uses the
standard library only, into a zipapp whose ``__main__`` calls :func:`main`.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from jiceng import cli

__all__ = ["USAGE", "main"]

USAGE = (
    "usage / 用法: python3 jiceng-recount.pyz RECORD [RESULT]\n"
    "  RECORD  the open record downloaded from the board / 从公开栏下载的公开记录\n"
    "  RESULT  the published result, to compare with / 公布的结果，用于逐项比对\n"
)


def main(argv: Sequence[str] | None = None) -> int:
    """Recount ``RECORD`` and, when ``RESULT`` is given, verify it; 2 and the usage on bad arguments."""
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) not in (1, 2) or args[0].startswith("-"):
        sys.stderr.write(USAGE)
        return 2
    status = cli.main(["tally", args[0], "--format", "text"])
    if status == 0 and len(args) == 2:
        sys.stdout.write("\n")
        status = cli.main(["verify", *args])
    return status
