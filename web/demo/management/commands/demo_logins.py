"""``manage.py demo_logins``: print the demo logins (reads the users; creates nothing)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from web.demo.personas import URL, format_table, login_rows, voting_codes_text


class Command(BaseCommand):
    help = "列出演示账号。Print the demo logins."

    def handle(self, *args: Any, **options: Any) -> None:
        rows = login_rows()
        if not rows:
            self.stdout.write(
                "没有演示账号（先运行 manage.py seed_demo）。No demo logins: run manage.py seed_demo first."
            )
            return
        self.stdout.write(format_table(rows))
        self.stdout.write("")
        self.stdout.write(voting_codes_text())
        self.stdout.write(URL)
