"""``manage.py seed_demo [--seed 2026] [--scale 1.0] [--if-empty]``: load the demo street."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from web.demo.generator import build_street
from web.demo.loader import load_plan, street_exists
from web.demo.personas import URL, format_table, login_rows, voting_codes_text


class Command(BaseCommand):
    help = "生成演示街道（同一种子生成完全相同的数据）。Load the deterministic demo street."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=2026, help="随机种子（默认 2026）")
        parser.add_argument("--scale", type=float, default=1.0, help="规模（1.0 约 2 万人；测试可用 0.02）")
        parser.add_argument(
            "--if-empty", action="store_true", help="数据库里已有单位时什么也不做（启动脚本每次都调用）"
        )

    def handle(self, *args: Any, seed: int, scale: float, if_empty: bool, **options: Any) -> None:
        if not 0 < scale <= 5:
            raise CommandError("--scale 应在 0 到 5 之间（不含 0）。--scale must be in (0, 5].")
        if street_exists():
            if if_empty:
                self.stdout.write("数据库中已有单位，跳过演示数据。Units exist; the demo street is not loaded again.")
                return
            raise CommandError(
                "数据库中已有单位，不能再生成演示数据。审计日志只能追加、不能删除，所以本命令不提供“重置”："
                "请换一个新数据库（删除 var/jiceng.sqlite3，或新建 PostgreSQL 数据库）后再运行。\n"
                "The database already holds units. The audit log is append-only, so there is no reset: "
                "use a fresh database (delete var/jiceng.sqlite3 or create a new PostgreSQL database)."
            )
        started = time.perf_counter()
        plan = build_street(seed=seed, scale=scale)
        summary = load_plan(plan)
        from web.demo.meetings import seed_meetings

        seed_meetings(seed=seed)
        from web.demo.elections import seed_elections
        from web.demo.meetings import add_saved_codes

        elections = seed_elections(seed=seed)
        add_saved_codes(elections["codes"])
        from web.demo.commitments import seed_commitments
        from web.demo.deliberation import seed_deliberation

        matters = seed_deliberation(seed=seed)
        seed_commitments(seed=seed, joint_meeting=matters["joint_meeting"])
        from web.demo.cases import seed_cases

        cases = seed_cases(seed=seed, scale=scale)
        from web.demo.congress import seed_congress

        congress = seed_congress(seed=seed)
        from web.demo.studios import seed_studios

        studios = seed_studios(seed=seed)
        from web.demo.points import seed_points

        points = seed_points(seed=seed)
        from web.demo.proposals import seed_proposals

        proposals = seed_proposals(seed=seed)
        from web.demo.congress_meeting import seed_congress_meeting

        congress_meeting = seed_congress_meeting(seed=seed)
        from web.demo.appraisals import seed_appraisals

        appraisals = seed_appraisals(seed=seed)
        from web.demo.department_evaluation import seed_department_evaluation

        department_evaluation = seed_department_evaluation(seed=seed)
        from web.demo.two_way import seed_two_way

        two_way = seed_two_way(seed=seed)
        from web.demo.recommendations import seed_recommendations

        recommendations = seed_recommendations(seed=seed)
        from web.demo.inspections import seed_inspections

        inspections = seed_inspections(seed=seed)
        from web.audit.checkpoints import do_record_checkpoint
        from web.audit.verify import DEMO_SEED

        do_record_checkpoint(reason=DEMO_SEED)  # the stories, told on earlier days, end here
        elapsed = time.perf_counter() - started
        counts = summary["counts"]
        self.stdout.write(
            f"演示街道已生成（种子 {seed}，规模 {scale}，用时 {elapsed:.1f} 秒）：{counts['units']} 个单位，"
            f"{counts['households']} 户，{counts['people']} 人，{counts['party_members']} 名党员，"
            f"{counts['party_orgs']} 个党组织，{counts['bodies']} 个议事机构，{counts['seats']} 个席位。"
        )
        self.stdout.write(
            f"诉求 {cases['cases']} 件（含历史 {cases['events']} 条办理记录、{cases['visits']} 次回访），"
            f"另有 {cases['today']} 件由演示角色今天办理。"
        )
        self.stdout.write(f"区党代会代表 {congress['representatives']} 名。")
        self.stdout.write(f"党代表提案 {proposals['proposals']} 件。")
        self.stdout.write(
            f"党代表工作室 {studios['studios']} 个，接待活动 {studios.get('sessions', 0)} 次，"
            f"签到 {studios.get('check_ins', 0)} 人次，接待时受理的诉求 {studios.get('linked', 0)} 件。"
        )
        self.stdout.write(f"履职积分 {points['entries']} 条，公布 {points['publications']} 期。")
        self.stdout.write(f"每月随机考察 {inspections['draws']} 个月（重新抽取 {inspections['reruns']} 次）。")
        if congress_meeting["meeting"] is not None:
            self.stdout.write(
                f"党代会会议 1 次：出席 {congress_meeting['present']} 人，述职测评 1 次，两委工作报告表决 2 次，"
                f"询问 {len(congress_meeting['inquiries'])} 条。"
            )
        self.stdout.write(
            f"民主测评 {appraisals['sessions']} 次（含满意度测评码问卷 1 次、纸质测评 1 次），"
            f"提请组织研究的提示 {appraisals['flags']} 项。"
        )
        if department_evaluation["sessions"]:
            self.stdout.write(
                f"区直部门公众评议 1 次：测评表 {department_evaluation['forms']} 份，"
                f"末位 {department_evaluation['bottom']} 个部门，并列于截止名次 {department_evaluation['tied']} 个。"
            )
        self.stdout.write(
            f"{two_way['year']} 年度双向评议 1 次：村（社区）评议街道部门 {two_way['offices']} 个，"
            f"街道评议村（社区） {two_way['villages']} 个，均已公布，提请组织研究的提示 {two_way['flags']} 项。"
        )
        self.stdout.write(f"民主推荐 {recommendations['recommendations']} 次（含第二次推荐），干部任用事项 1 件。")
        self.stdout.write(f"数据摘要 sha256:{summary['digest']}")
        if if_empty:  # the start script prints the logins itself (manage.py demo_logins)
            return
        self.stdout.write("")
        self.stdout.write(format_table(login_rows()))
        self.stdout.write("")
        self.stdout.write(voting_codes_text())
        self.stdout.write(URL)
