"""The year's public commitments for the demo street, through the same actions staff use
(``web.commitments.actions``) and the reminders job (``manage.py commitment_reminders``).

In the village the ``secretary`` persona runs (红砂村 with seed 2026), told on the demo year's
clock (``web.common.demo_clock``):

- last year: opinions, commitments adopted by the joint meeting of party members and villager
  representatives, progress every quarter, the year-end review at this year's January joint
  meeting and the satisfaction survey (the committees well above 60%, one member under it);
- this year: opinions from every village group in each category, commitments adopted by that
  January joint meeting (the meeting of the deliberation demo's 两村两会 matter), progress every
  quarter so far, so that items are done, on track, overdue and dropped; the reminders job run
  on the 25th of each quarter's last month and today, as cron would.

In the street's other village (幸福村), run by ``street``: last year reviewed with a survey under
60% for the committees, so the board shows seed 001's flag on the secretary and the director.
"""

from __future__ import annotations

import datetime as dt
import io
import random
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from web.commitments import actions, periods
from web.commitments.models import Commitment, CommitmentYear, Opinion, Survey
from web.common.demo_clock import YearStory, year_story
from web.deliberation.chains import JOINT
from web.demo.deliberation import village_of_secretary
from web.demo.places import TOWNSHIP_CODE
from web.meetings import actions as meeting_actions
from web.meetings.models import Attendee, Meeting
from web.notify.jobs import sweep
from web.org.models import Body, BodySeat, Person, Unit

HOT_ISSUES = [
    "组内道路晴天一身灰、雨天一身泥，希望硬化。",
    "灌溉渠渗漏，下游田块放不到水。",
    "老年人多，希望村卫生室能常驻医生。",
    "晚上路灯不亮，出行不安全。",
    "垃圾清运不及时，夏天有异味。",
    "希望增加公益性岗位，照顾困难家庭。",
]
ON_COMMITTEES = [
    "村务公开要及时，账目要让群众看得懂。",
    "“两委”班子团结，办事效率比去年高。",
    "希望“两委”多到组里开坝坝会，听听大家意见。",
    "集体经济项目要多征求群众意见再定。",
]
ON_MEMBERS = [
    "工作认真，有事找他能及时回复。",
    "希望多关心组里的留守老人。",
    "处理邻里纠纷公道，群众信服。",
    "下组次数偏少，希望多走访。",
]


def _at_month_end(day: dt.date, back: int) -> dt.date:
    """The last day of the month ``back`` months before ``day``'s month."""
    year, month = divmod(day.year * 12 + day.month - back, 12)
    return dt.date(year, month + 1, 1) - dt.timedelta(days=1)


class _Year:
    """One unit's year of commitments, told on the story's clock."""

    def __init__(self, unit: Unit, user: Any, story: YearStory, rng: random.Random) -> None:
        self.unit, self.user, self.story, self.rng = unit, user, story, rng
        bodies = {b.kind: b for b in Body.objects.filter(unit=unit)}
        self.bodies = bodies
        seats = BodySeat.objects.filter(
            body__in=[bodies[Body.Kind.PARTY_COMMITTEE], bodies[Body.Kind.VILLAGERS_COMMITTEE]]
        )
        self.cadres: list[tuple[Person, Survey.Post]] = []
        seen: set[int] = set()
        for seat in seats.select_related("person", "body").order_by("body__kind", "id"):
            if seat.person_id in seen:
                continue
            seen.add(seat.person_id)
            post = {"secretary": Survey.Post.SECRETARY, "director": Survey.Post.DIRECTOR}.get(
                seat.post, Survey.Post.MEMBER
            )
            self.cadres.append((seat.person, post))
        self.cadres.sort(
            key=lambda c: ({Survey.Post.SECRETARY: 0, Survey.Post.DIRECTOR: 1}.get(c[1], 2), c[0].id_number)
        )
        self.groups = list(
            Unit.objects.filter(path__startswith=unit.path, kind=Unit.Kind.BUILDING)
            .order_by("code")
            .values_list("name", flat=True)
        )

    def opinions(self, year: CommitmentYear, day: dt.date, per_group: int) -> None:
        """Opinions from each village group: a hot issue, one on the committees, one on a member."""
        members = [p for p, _post in self.cadres]
        for i, group in enumerate(self.groups):
            self.story.set(day + dt.timedelta(days=i // 4), 14, (i % 4) * 10)
            rows = [
                (Opinion.Category.HOT_ISSUE, HOT_ISSUES[i % len(HOT_ISSUES)], None),
                (Opinion.Category.COMMITTEES, ON_COMMITTEES[i % len(ON_COMMITTEES)], None),
                (Opinion.Category.MEMBER, ON_MEMBERS[i % len(ON_MEMBERS)], members[i % len(members)]),
            ]
            for category, text, member in rows[:per_group]:
                actions.do_record_opinion(
                    year=year, category=category, text=text, group_name=group, member=member, acting_user=self.user
                )

    def meeting(self, day: dt.date, title: str, *, joint: bool) -> Meeting:
        """A meeting held on ``day`` (most voters checked in, then closed), where a year is adopted
        or reviewed: the joint meeting of party members and representatives, or the representatives'."""
        story, user = self.story, self.user
        body = self.bodies[Body.Kind.MEMBERS_MEETING] if joint else self.bodies[Body.Kind.VILLAGER_REPS]
        story.set(day, 8)
        meeting = meeting_actions.do_create_meeting(
            body=body,
            title=title,
            starts_at=YearStory.moment(day, 9),
            place="村党群服务中心",
            quorum_rule=JOINT["quorum"] if joint else None,
            joint_body=self.bodies[Body.Kind.VILLAGER_REPS] if joint else None,
            groups=("members", "reps") if joint else None,
            acting_user=user,
        )
        story.set(day, 9)
        meeting_actions.do_open_meeting(meeting=meeting, acting_user=user)
        for n, attendee in enumerate(meeting.attendees.filter(kind=Attendee.Kind.VOTER).order_by("group", "id"), 1):
            if n % 9:
                meeting_actions.do_check_in(attendee=attendee, method="card", acting_user=user)
        story.set(day, 11, 30)
        meeting_actions.do_close_meeting(meeting=meeting, acting_user=user)
        return meeting

    def items(
        self, year: CommitmentYear, day: dt.date, rows: list[tuple[str, int, dt.date, int, str]]
    ) -> list[Commitment]:
        """(item, owner index among the cadres, deadline, budget in yuan, category)."""
        made = []
        for n, (item, owner, deadline, budget, category) in enumerate(rows):
            self.story.set(day, 15, n * 5)
            made.append(
                actions.do_add_commitment(
                    year=year,
                    item=item,
                    owner=self.cadres[owner % len(self.cadres)][0],
                    deadline=deadline,
                    budget=Decimal(budget),
                    category=category,
                    acting_user=self.user,
                )
            )
        return made

    def survey(
        self,
        year: CommitmentYear,
        day: dt.date,
        forms: tuple[int, int, int],
        committees: tuple[int, int, int],
        cadres: list[tuple[int, int, int]],
    ) -> Survey:
        self.story.set(day, 10)
        return actions.do_enter_survey(
            year=year,
            forms={"returned": forms[0], "blank": forms[1], "spoiled": forms[2]},
            committees={"satisfied": committees[0], "basic": committees[1], "unsatisfied": committees[2]},
            cadres=[
                {"person": person, "post": post, "satisfied": c[0], "basic": c[1], "unsatisfied": c[2]}
                for (person, post), c in zip(self.cadres, cadres, strict=False)
            ],
            acting_user=self.user,
        )


def _reminders(story: YearStory, day: dt.date) -> None:
    """The daily job as the worker runs it, on ``day``, and the notices it writes delivered there
    and then (to the inbox, and by SMS to ``var/sms.log``), as the worker's sweep would."""
    story.set(day, 7)
    call_command("commitment_reminders", date=day.isoformat(), stdout=io.StringIO())
    sweep()


def _quarters(
    story: YearStory,
    year: int,
    plans: list[tuple[_Year, list[Commitment], list[list[int | None]]]],
    after_quarter: Any = None,
) -> None:
    """Each quarter of ``year`` that has started before today: the reminders job on the 25th of
    its last month (if that day has come), then each item's progress (``percent`` by quarter;
    None posts nothing) a few days before the quarter ends, or two days ago in this quarter."""
    for q in (1, 2, 3, 4):
        start, end = periods.quarter_start(year, q), periods.quarter_end(year, q)
        post_day = min(end - dt.timedelta(days=3), story.today - dt.timedelta(days=2))
        if post_day < start:
            break
        due = end - dt.timedelta(days=6)
        if due < post_day:
            _reminders(story, due)
        for y, items, percents in plans:
            for n, (item, row) in enumerate(zip(items, percents, strict=True)):
                percent = row[q - 1]
                item.refresh_from_db()
                if percent is None or item.done_on or item.dropped_at:
                    continue
                story.set(post_day, 16, n * 3)
                actions.do_post_progress(
                    commitment=item, quarter=q, percent=percent, text=_progress_text(percent), acting_user=y.user
                )
        if after_quarter:
            after_quarter(q, post_day)


def _progress_text(percent: int) -> str:
    if percent == 100:
        return "已全部完成，经村务监督委员会验收。"
    if percent == 0:
        return "前期准备中，尚未开工。"
    return f"按计划推进，已完成约 {percent}%。"


@transaction.atomic
def seed_commitments(*, seed: int, joint_meeting: int | None = None) -> dict[str, Any]:
    """The commitments of the demo year and the year before; returns their ids."""
    unit, user = village_of_secretary()
    street = get_user_model().objects.get(username="street")
    other = (
        Unit.objects.filter(kind=Unit.Kind.VILLAGE, parent=unit.parent)
        .exclude(pk=unit.pk)
        .exclude(code__startswith=TOWNSHIP_CODE)
        .order_by("code")
        .first()
    )
    rng = random.Random(seed * 11 + 3)
    made: dict[str, Any] = {}
    with year_story() as story:
        y = story.year
        red = _Year(unit, user, story, rng)
        xf = _Year(other, street, story, rng) if other else None
        if joint_meeting is not None:
            this_meeting = Meeting.objects.get(pk=joint_meeting)
        else:
            this_meeting = red.meeting(story.day(0.03), f"{unit.name}党员和村民代表联席会议", joint=True)
        meeting_day = timezone.localtime(this_meeting.starts_at).date()

        # ---- last year: adopted, reported on, reviewed at this January's meeting, surveyed ----
        last = dt.date(y - 1, 1, 8)
        story.set(last, 9)
        prev = actions.do_create_year(unit=unit, year=y - 1, acting_user=user)
        red.opinions(prev, last, per_group=2)
        prev_items = red.items(
            prev,
            last + dt.timedelta(days=6),
            [
                ("新建村便民服务中心并投入使用", 0, dt.date(y - 1, 9, 30), 260_000, Commitment.Category.INFRASTRUCTURE),
                (
                    "完成农村人居环境整治，户厕改造 80 户",
                    1,
                    dt.date(y - 1, 6, 30),
                    160_000,
                    Commitment.Category.LIVELIHOOD,
                ),
                ("发展集体经济，村集体收入达到 15 万元", 2, dt.date(y - 1, 12, 31), 0, Commitment.Category.ECONOMY),
                ("建立村规民约红黑榜，每季度公示", 3, dt.date(y - 1, 3, 31), 5_000, Commitment.Category.GOVERNANCE),
                ("三组山坪塘清淤整治", 4, dt.date(y - 1, 11, 30), 90_000, Commitment.Category.INFRASTRUCTURE),
            ],
        )
        adopt_day = last + dt.timedelta(days=9)
        prev_meeting = red.meeting(adopt_day, f"{unit.name}党员和村民代表联席会议（{y - 1}年度承诺）", joint=True)
        story.set(adopt_day, 11)
        actions.do_adopt_year(year=prev, meeting=prev_meeting, acting_user=user, note="逐项表决通过。")
        plans: list[tuple[_Year, list[Commitment], list[list[int | None]]]] = [
            (
                red,
                prev_items,
                [
                    [30, 70, 100, None],
                    [60, 100, None, None],
                    [20, 45, 70, 100],
                    [100, None, None, None],
                    [10, 30, 50, 70],
                ],
            ),
        ]
        if xf is not None:
            other_prev = actions.do_create_year(unit=xf.unit, year=y - 1, acting_user=street)
            xf.opinions(other_prev, last, per_group=1)
            xf_items = xf.items(
                other_prev,
                last + dt.timedelta(days=7),
                [
                    ("村道路灯安装 120 盏", 0, dt.date(y - 1, 6, 30), 180_000, Commitment.Category.INFRASTRUCTURE),
                    ("土地整理 500 亩，引进种植大户", 1, dt.date(y - 1, 10, 31), 400_000, Commitment.Category.ECONOMY),
                    ("垃圾分类示范组建设", 2, dt.date(y - 1, 9, 30), 30_000, Commitment.Category.LIVELIHOOD),
                ],
            )
            xf_meeting = xf.meeting(adopt_day, f"{xf.unit.name}村民代表会议（{y - 1}年度承诺）", joint=False)
            story.set(adopt_day, 14)
            actions.do_adopt_year(year=other_prev, meeting=xf_meeting, acting_user=street)
            plans.append((xf, xf_items, [[20, 50, 80, 90], [0, 10, 20, 30], [10, 40, 100, None]]))
        _quarters(story, y - 1, plans)
        story.set(meeting_day, 11)
        actions.do_review_year(
            year=prev,
            meeting=this_meeting,
            acting_user=user,
            note=f"{y - 1}年度承诺 5 项，完成 4 项；三组山坪塘清淤因汛期推迟，转入下一年度继续推进。",
        )
        made["survey"] = red.survey(
            prev,
            meeting_day + dt.timedelta(days=3),
            (126, 2, 1),
            (86, 27, 10),
            [(80, 30, 13), (75, 31, 17), (70, 33, 20), (41, 26, 56), (66, 36, 21)],
        ).pk
        made["reviewed"] = prev.pk
        if xf is not None:
            review = xf.meeting(meeting_day, f"{xf.unit.name}村民代表会议（{y - 1}年度承诺评议）", joint=False)
            story.set(meeting_day, 14)
            actions.do_review_year(
                year=other_prev,
                meeting=review,
                acting_user=street,
                note=f"{y - 1}年度承诺 3 项，完成 1 项；土地整理进度严重滞后，群众意见较大。",
            )
            made["survey_below_60"] = xf.survey(
                other_prev,
                meeting_day + dt.timedelta(days=4),
                (108, 2, 1),
                (40, 20, 45),
                [(38, 20, 47), (52, 21, 32), (60, 25, 20)],
            ).pk

        # ---- this year: opinions per group, adopted by the joint meeting, quarters so far ----
        story.set(story.start, 9)
        year = actions.do_create_year(unit=unit, year=y, acting_user=user)
        red.opinions(year, story.start, per_group=3)
        today = story.today
        overdue_on = max(_at_month_end(today, 2), dt.date(y, 1, 31))
        later = max(dt.date(y, 12, 31), today + dt.timedelta(days=60))
        items = red.items(
            year,
            meeting_day - dt.timedelta(days=2),
            [
                (
                    "新增公益性岗位 8 个，优先安排脱贫户和残疾人家庭",
                    1,
                    dt.date(y, 3, 31),
                    96_000,
                    Commitment.Category.LIVELIHOOD,
                ),
                ("村卫生室改扩建并投入使用", 2, dt.date(y, 6, 30), 480_000, Commitment.Category.WELFARE),
                ("五组灌溉渠及三组山坪塘整治", 0, overdue_on, 150_000, Commitment.Category.INFRASTRUCTURE),
                ("光伏电站年收益达到 8 万元，收益分配方案经群众表决", 3, later, 0, Commitment.Category.ECONOMY),
                ("建设村文化广场", 4, later, 350_000, Commitment.Category.WELFARE),
                ("引进企业流转集体林地 300 亩", 1, dt.date(y, 9, 30), 0, Commitment.Category.ECONOMY),
                ("党员积分制管理全覆盖，每季度公示积分", 3, dt.date(y, 9, 30), 8_000, Commitment.Category.GOVERNANCE),
            ],
        )
        story.set(meeting_day, 11, 30)
        actions.do_adopt_year(
            year=year, meeting=this_meeting, acting_user=user, note="逐项表决通过，向全体村民公开承诺。"
        )

        forest = items[5]

        def drop_forest(q: int, post_day: dt.date) -> None:
            if q == 1:
                story.set(min(dt.date(y, 4, 20), today - dt.timedelta(days=1)), 10)
                actions.do_drop_commitment(
                    commitment=forest,
                    acting_user=user,
                    reason="林地流转事项经村民代表会议表决未通过，本项撤销。",
                )

        _quarters(
            story,
            y,
            [
                (
                    red,
                    items,
                    [
                        [100, None, None, None],
                        [40, 100, None, None],
                        [20, 45, 60, 75],
                        [25, 50, 70, 85],
                        [0, 10, 35, 60],
                        [10, None, None, None],
                        [30, 60, 100, None],
                    ],
                ),
            ],
            after_quarter=drop_forest,
        )
        made["year"] = year.pk
        made["items"] = {c.item: c.pk for c in items}
    # today, as the daily job runs it; its notices go now, or at the end of quiet hours (the worker)
    call_command("commitment_reminders", stdout=io.StringIO())
    sweep()
    return made
