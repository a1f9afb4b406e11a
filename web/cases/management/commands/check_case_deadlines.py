"""Run the cases' periodic jobs once, by hand: reminders and return visits asked, overdue
notices, escalation (the worker runs them every 15 minutes; docs/cases.md). Running it twice
writes and sends nothing twice."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from web.cases import jobs


class Command(BaseCommand):
    help = "检查诉求办理时限：催办、逾期提醒、提级 / check case deadlines: reminders, overdue notices, escalation"

    def handle(self, *args: Any, **options: Any) -> None:
        made = jobs.remind()
        overdue = jobs.overdue()
        escalated = jobs.escalate()
        self.stdout.write(
            f"催办签收 {made['sign']}，催办答复 {made['reply']}，请求回访 {made['visit']}，"
            f"逾期 {overdue}，提级 {escalated} / sign {made['sign']}, reply {made['reply']}, "
            f"visit {made['visit']}, overdue {overdue}, escalated {escalated}"
        )
