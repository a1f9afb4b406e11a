from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from web.audit.verify import verify_chain


class Command(BaseCommand):
    help = "Verify the audit log's hash chain and name the first broken entry. / 校验审计日志哈希链。"

    def handle(self, *args: Any, **options: Any) -> None:
        report = verify_chain()
        if report.ok:
            self.stdout.write(f"OK: {report.checked} entries, chain intact / 审计链完整，共 {report.checked} 条")
            self.stdout.write(f"head: {report.head_hash}")
            return
        raise CommandError(
            f"audit chain broken at entry #{report.first_broken_id}: {report.problem} "
            f"(checked {report.checked} before it) / 审计链在第 {report.first_broken_id} 条处断裂"
        )
