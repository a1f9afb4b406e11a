"""``manage.py deliver_notifications``: send the notifications that are due now, once (what the
worker's sweep does every minute)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from web.notify.jobs import sweep


class Command(BaseCommand):
    help = "发送到期的短信和邮件通知 / send the SMS and email notifications that are due"

    def handle(self, *args: Any, **options: Any) -> None:
        done = sweep()
        self.stdout.write(" ".join(f"{k} {v}" for k, v in sorted(done.items())) or "0")
