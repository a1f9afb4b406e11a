from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from web.audit.anchors import AnchorError, parse_file, parse_pair
from web.audit.verify import Checkpoint, missing_from_database, stored_checkpoints, verify_chain


class Command(BaseCommand):
    help = (
        "Verify the audit log's hash chain, its times and its checkpoints (the database's, a list downloaded "
        "from the public board with --anchor, a head printed on an announcement with --checkpoint). / "
        "校验审计日志哈希链、时间顺序和检查点。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--anchor",
            action="append",
            default=[],
            metavar="FILE",
            help="a checkpoint list downloaded from the public board (JSON or CSV) / 从公开栏下载的检查点列表",
        )
        parser.add_argument(
            "--checkpoint",
            action="append",
            default=[],
            metavar="ENTRY:HASH",
            help="an entry's hash kept elsewhere, e.g. printed on an announcement / 另行保存的链头",
        )

    def _anchors(self, options: dict[str, Any]) -> tuple[list[Checkpoint], list[Checkpoint]]:
        files, pairs = [], []
        try:
            for name in options["anchor"]:
                try:
                    text = Path(name).read_text(encoding="utf-8")
                except (OSError, UnicodeDecodeError) as exc:
                    raise AnchorError(f"{name}: cannot be read ({exc}) / 无法读取") from None
                files += parse_file(text, name=name)
            pairs = [parse_pair(p) for p in options["checkpoint"]]
        except AnchorError as exc:
            raise CommandError(str(exc)) from None
        return files, pairs

    def handle(self, *args: Any, **options: Any) -> None:
        files, pairs = self._anchors(options)
        stored = stored_checkpoints()
        report = verify_chain(checkpoints=[*stored, *files, *pairs])
        problems = [*report.problems, *missing_from_database(files, stored)]
        for note in report.notes:
            self.stdout.write(f"note: {note}")
        if report.first_broken_id is not None:
            problems.insert(
                0,
                f"audit chain broken at entry #{report.first_broken_id}: {report.problem} "
                f"(checked {report.checked} before it) / 审计链在第 {report.first_broken_id} 条处断裂",
            )
        else:
            self.stdout.write(f"head: #{report.head_id or 0} {report.head_hash}")
        for problem in problems:
            self.stderr.write(problem)
        if problems:
            raise CommandError(problems[0] if len(problems) == 1 else f"{len(problems)} problems: {problems[0]} …")
        against = len(stored) + len(files) + len(pairs)
        self.stdout.write(
            f"OK: {report.checked} entries, chain intact, {against} checkpoints match / "
            f"审计链完整，共 {report.checked} 条，{against} 个检查点相符"
        )
