"""``manage.py import_roster FILE --unit CODE --as USERNAME [--dry-run]``"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from web.org.models import Unit
from web.org.queries import can_manage_path
from web.org.transfer.apply import apply_plan
from web.org.transfer.planner import make_plan
from web.org.transfer.reader import TransferError, read_upload


class Command(BaseCommand):
    help = "导入名册（.xlsx 或 .csv）。Import a roster file as a user who manages the unit."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file")
        parser.add_argument("--unit", required=True, help="unit code / 单位编码")
        parser.add_argument("--as", dest="username", required=True, help="acting user / 操作人")
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args: Any, file: str, unit: str, username: str, dry_run: bool, **options: Any) -> None:
        user = get_user_model().objects.filter(username=username).first()
        target = Unit.objects.filter(code=unit).first()
        if user is None or target is None or not can_manage_path(user, target.path):
            raise CommandError(f"{username} 不能管理单位 {unit} / cannot manage unit {unit}")
        path = Path(file)
        try:
            data = path.read_bytes()
            plan = make_plan(user=user, found=read_upload(path.name, data))
        except (OSError, TransferError) as exc:
            raise CommandError(str(exc)) from None
        for problem in plan.problems:
            where = f"{problem.sheet} 第{problem.row}行 {problem.column}「{problem.value}」"
            self.stdout.write(f"{where}：{problem.message}")
        if not plan.ok:
            raise CommandError(f"{len(plan.problems)} 处错误，未导入 / {len(plan.problems)} problems, nothing imported")
        for name, sheet in plan.sheets.items():
            self.stdout.write(f"{name}: +{len(sheet.creates)} ~{len(sheet.updates)} ={sheet.unchanged}")
        if dry_run:
            self.stdout.write("dry run: nothing written / 仅检查，未写入")
            return
        apply_plan(
            plan, acting_user=user, file_sha256=hashlib.sha256(data).hexdigest(), file_name=path.name, unit=target
        )
        self.stdout.write("imported / 已导入")
