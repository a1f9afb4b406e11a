"""Record the reminders due today: quarterly progress not yet posted in the last 7 days of a
quarter, and items past their deadline and not done. Meant for cron or a systemd timer, daily
(docs/commitments.md); running it twice on a day records nothing twice."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from web.commitments import actions, queries
from web.commitments.models import Reminder


class Command(BaseCommand):
    help = "记录承诺事项的季度进展和逾期提醒 / record progress-due and overdue reminders for commitments"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="按这一天运行（YYYY-MM-DD），默认今天 / run as of this day (default: today)")

    def handle(self, *args: Any, **options: Any) -> None:
        today = queries.today()
        if options.get("date"):
            try:
                today = dt.date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError(
                    f"日期应写作 2026-03-25 / the date must look like 2026-03-25: {options['date']!r}"
                ) from None
        made = actions.run_reminders(today=today)
        counts = Counter(r.reason for r in made)
        self.stdout.write(
            f"{today.isoformat()}：新提醒 {len(made)} 条 / {len(made)} new reminders "
            f"（季度进展待报送 progress due {counts[Reminder.Reason.PROGRESS_DUE]}，"
            f"逾期 overdue {counts[Reminder.Reason.OVERDUE]}）"
        )
        for r in made:
            c = r.commitment
            self.stdout.write(f"  {r.reason} {r.period} · {c.year.unit.name} · {c.item} · {c.owner.name}")
