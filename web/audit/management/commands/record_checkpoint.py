from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from web.audit.checkpoints import do_record_checkpoint


class Command(BaseCommand):
    help = (
        "Record the audit chain's head as a checkpoint on the public board (daily, from the scheduler). / "
        "把审计链的链头记为检查点，在公开栏公布。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--reason", default="daily", help="why it was taken / 缘由")

    def handle(self, *args: Any, **options: Any) -> None:
        checkpoint = do_record_checkpoint(reason=options["reason"])
        if checkpoint is None:
            self.stdout.write("the audit log is empty: nothing to record / 审计日志为空，无须记录")
            return
        self.stdout.write(f"checkpoint: #{checkpoint.entry_id} {checkpoint.entry_hash} ({checkpoint.at.isoformat()})")
