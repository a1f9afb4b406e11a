"""Run a background worker and its scheduler (``scripts/start`` starts one beside the web
server; a deployment may run more, on this machine or others that share the database)."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand

from web.jobs.queue import ensure_schedules


class Command(BaseCommand):
    help = "运行后台任务和定时任务 / run background jobs and the schedule"

    def handle(self, *args: Any, **options: Any) -> None:
        names = ensure_schedules()
        self.stdout.write(f"定时任务 / schedule: {', '.join(names)}")
        call_command("qcluster")
