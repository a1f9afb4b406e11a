from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from web.meetings.verify import verify_polls


class Command(BaseCommand):
    help = (
        "Check every closed poll: stored ballots = open record, record SHA-256 = the one fixed at closing "
        "and audited, recount = stored result. / 核对已结束投票的选票、公开记录、哈希与结果。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("poll_ids", nargs="*", type=int, help="only these polls / 只核对这些投票")

    def handle(self, *args: Any, **options: Any) -> None:
        reports = verify_polls(options["poll_ids"] or None)
        broken = [r for r in reports if r.problems]
        for r in broken:
            for problem in r.problems:
                self.stderr.write(f"poll #{r.poll_id} {r.title}: {problem}")
        if broken:
            raise CommandError(
                f"{len(broken)} of {len(reports)} closed polls do not verify / "
                f"{len(reports)} 项已结束投票中有 {len(broken)} 项核对不通过"
            )
        self.stdout.write(f"OK: {len(reports)} closed polls verify / {len(reports)} 项已结束投票核对无误")
