"""``manage.py sweep_roster_stashes``: delete roster files kept longer than 24 hours."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from web.common import clock
from web.org.transfer import stash


class Command(BaseCommand):
    help = "删除保存超过 24 小时的名册导入文件。Delete roster files kept for an import for more than 24 hours."

    def handle(self, *args: Any, **options: Any) -> None:
        gone = stash.sweep(now=clock.now())
        self.stdout.write(f"已删除 {gone} 个过期的名册文件。Deleted {gone} expired roster file(s).")
