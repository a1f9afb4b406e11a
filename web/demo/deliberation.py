"""A village's year of matters for the demo street: one matter in every state, walked through the
same actions staff use (``web.deliberation.actions``, ``web.meetings.actions``).

The village is the one the ``secretary`` persona runs (红砂村 with seed 2026), and the secretary
does every step, so their login shows the whole year. Each voting step is a meeting of the
village's body: opened, voters checked in, a phone code issued to each and cast, the poll
closed and counted by the engine, the meeting closed, and the step concluded from the result.
The year is told on a demo clock (``web.common.demo_clock``) set to days of the year, never
past the real "now"; the matters are spread over it:

- 村卫生室改扩建: the whole chain, both disclosures (implemented);
- 集体林地流转: the villager representatives rejected it (the matter ends);
- the year's public commitments: the joint meeting of party members and villager
  representatives (两村两会), decision posted; that meeting also adopts the year's
  commitments (``web.demo.commitments``);
- 文化广场建设: the party members' meeting was not quorate, held again and passed; the
  representatives' meeting is convened for the coming week;
- 闲置校舍租赁: the party members rejected it and sent it back to the joint meeting of the
  two committees;
- 村道硬化: decided, the decision posted for 15 days and more around today;
- 光伏电站收益分配: at the party members' step, its meeting convened;
- a cadre appointment before the branch committee: two of the five gates recorded, the rest
  listed as blockers;
- 五组灌溉渠维修: just proposed;
- the village's finances, posted monthly for the last four months.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from web.common.demo_clock import YearStory, year_story
from web.deliberation import actions
from web.deliberation.kinds import villagers_decision
from web.deliberation.models import Disclosure, Matter, MatterStep
from web.meetings import actions as meeting_actions
from web.meetings.actions import hand_out_codes
from web.meetings.models import Attendee
from web.org.models import Body, Role, Unit

PLACE = "村党群服务中心"
#: which of the checked-in voters vote how: (yes, no) as a share of those present, the rest abstain
PASS = (0.85, 0.10)


def village_of_secretary() -> tuple[Unit, Any]:
    user = get_user_model().objects.get(username="secretary")
    return Role.objects.get(user=user, kind=Role.Kind.SECRETARY).unit, user


def _current(matter: Matter) -> MatterStep:
    """The matter's active step: the story acts only on matters in progress, which have one."""
    step = matter.current_step
    assert step is not None  # a matter in progress always has its active step
    return step


class _Village:
    def __init__(self, unit: Unit, user: Any, story: YearStory, rng: random.Random) -> None:
        self.unit, self.user, self.story, self.rng = unit, user, story, rng
        bodies = {b.kind: b for b in Body.objects.filter(unit=unit)}
        self.committee = bodies[Body.Kind.PARTY_COMMITTEE]
        self.two = bodies[Body.Kind.TWO_COMMITTEES]
        self.members = bodies[Body.Kind.MEMBERS_MEETING]
        self.reps = bodies[Body.Kind.VILLAGER_REPS]

    # -- one voting step -----------------------------------------------------------------
    def vote(
        self,
        matter: Matter,
        body: Body,
        when: float,
        *,
        present: Callable[[list[Attendee]], list[Attendee]] | None = None,
        shares: tuple[float, float] = PASS,
        minutes: str = "",
    ) -> MatterStep:
        """Hold the current step as a meeting of ``body`` on day ``when`` of the year, check in
        ``present`` (all but every twelfth voter, per group), cast phone ballots (``shares`` of
        those present for and against, the rest abstain), count, close and conclude."""
        user, story = self.user, self.story
        step = actions.do_hold_step(
            step=_current(matter), body=body, starts_at=story.at(when, 9), place=PLACE, acting_user=user
        )
        meeting, poll = step.meeting, step.poll
        assert meeting is not None and poll is not None  # do_hold_step convenes the meeting with its poll
        meeting_actions.do_open_meeting(meeting=meeting, acting_user=user)
        voters = list(meeting.attendees.filter(kind=Attendee.Kind.VOTER).order_by("group", "id"))
        chosen = (present or _most)(voters)
        for i, attendee in enumerate(chosen):
            story.set(story.day(when), 9, min(i // 4, 29))
            meeting_actions.do_check_in(attendee=attendee, method="card", acting_user=user)
        chosen = list(meeting.attendees.filter(pk__in=[a.pk for a in chosen]).order_by("group", "id"))
        story.at(when, 9, 40)
        meeting_actions.do_open_poll(poll=poll, acting_user=user)
        yes = round(shares[0] * len(chosen))
        no = min(round(shares[1] * len(chosen)), len(chosen) - yes)
        marks = ["yes"] * yes + ["no"] * no + ["abstain"] * (len(chosen) - yes - no)
        self.rng.shuffle(marks)
        for code, mark in zip(hand_out_codes(poll, chosen, acting_user=user), marks, strict=True):
            meeting_actions.cast_ballot(poll_id=poll.pk, code=code, content={"vote": mark})
        story.at(when, 10, 30)
        meeting_actions.do_close_poll(poll=poll, acting_user=user)
        meeting_actions.do_close_meeting(meeting=meeting, acting_user=user)
        if minutes:
            actions.do_record_minutes(step=step, text=minutes, acting_user=user)
        story.at(when, 11)
        return actions.do_conclude_step(step=step, acting_user=user)

    def convene(self, matter: Matter, body: Body, when: float, days_ahead: int) -> MatterStep:
        """Convene the current step's meeting ``days_ahead`` days after today (its roster in draft)."""
        self.story.at(when, 15)
        starts = YearStory.moment(self.story.today + dt.timedelta(days=days_ahead), 9)
        return actions.do_hold_step(
            step=_current(matter), body=body, starts_at=starts, place=PLACE, acting_user=self.user
        )

    def propose(self, when: float, title: str, kind: str, chain: str, description: str) -> Matter:
        self.story.at(when, 10)
        return actions.do_propose_matter(
            unit=self.unit, title=title, kind=kind, chain=chain, description=description, acting_user=self.user
        )

    def disclose(self, matter: Matter, when: float, title: str, text: str, *, cover_today: bool = False) -> None:
        posted = self.story.at(when, 16).date()
        until = None
        step = _current(matter)
        if step.spec.disclosure == Disclosure.Kind.DECISION:
            until = posted + dt.timedelta(days=20)
            if cover_today:
                until = max(until, self.story.today + dt.timedelta(days=10))
        actions.do_disclose(step=step, title=title, text=text, until=until, acting_user=self.user)

    def four_votes(self, matter: Matter, start: float, gap: float, *, last: dict[str, Any] | None = None) -> None:
        """The four deliberations: branch committee, two committees, party members, representatives."""
        self.vote(matter, self.committee, start)
        self.vote(matter, self.two, start + gap)
        self.vote(matter, self.members, start + 2 * gap)
        self.vote(matter, self.reps, start + 3 * gap, **(last or {}))


def _most(voters: list[Attendee]) -> list[Attendee]:
    """All but every twelfth voter of each group (a joint meeting's groups are counted apart)."""
    chosen, seen = [], {}  # type: ignore[var-annotated]
    for a in voters:
        n = seen[a.group] = seen.get(a.group, 0) + 1
        if n % 12:
            chosen.append(a)
    return chosen


def _short_of_two_thirds(voters: list[Attendee]) -> list[Attendee]:
    """The largest number present that is still less than two thirds (3 × present < 2 × expected)."""
    return voters[: (2 * len(voters) - 1) // 3]


def _minutes_pdf(title: str) -> bytes:
    from web.demo.elections import _report_pdf

    return _report_pdf(title, ["Minutes of the meeting (scan)", "Jiceng demo data: invented."])


@transaction.atomic
def seed_deliberation(*, seed: int) -> dict[str, Any]:
    """The village's matters of the year; returns their ids by state and the joint meeting."""
    unit, user = village_of_secretary()
    rng = random.Random(seed * 7 + 5)
    made: dict[str, Any] = {}
    with year_story() as story:
        v = _Village(unit, user, story, rng)
        y = story.year
        name = unit.name

        # the year's commitments: the joint meeting of party members and representatives
        m = v.propose(
            0.0,
            f"审议通过{y}年度村“两委”公开承诺事项",
            Matter.Kind.OTHER,
            "joint_members_representatives",
            f"各村民小组征集的意见已分类汇总，拟定{y}年度公开承诺事项，提请党员和村民代表联席会议审议；"
            f"同时对{y - 1}年度承诺事项进行年终评议。",
        )
        v.vote(m, v.committee, 0.01)
        step = v.vote(
            m,
            v.members,
            0.03,
            minutes=f"党员和村民代表联席会议审议{y}年度公开承诺事项，逐项表决；评议{y - 1}年度承诺完成情况。",
        )
        made["joint_meeting"] = step.meeting_id
        v.disclose(
            m,
            0.04,
            f"{y}年度村“两委”公开承诺事项",
            "经党员和村民代表联席会议审议通过，承诺事项及责任人、完成时限见公开栏“年度承诺”。",
        )
        made["joint"] = m.pk

        # the whole chain and both disclosures
        m = v.propose(
            0.06,
            "村卫生室改扩建",
            Matter.Kind.PROJECT,
            "four_deliberations",
            "卫生室由 60 平方米扩建为 150 平方米，增设输液室和健康小屋，预算 48 万元，其中上级补助 30 万元。",
        )
        v.four_votes(m, 0.07, 0.02, last={"minutes": "村民代表会议逐项审议扩建方案和资金来源，表决通过。"})
        step = m.steps.get(kind=villagers_decision.KIND.key)
        actions.do_attach_minutes(
            step=step,
            upload=SimpleUploadedFile(
                "村民代表会议记录.pdf", _minutes_pdf(f"{name} villager representatives"), "application/pdf"
            ),
            acting_user=user,
        )
        v.disclose(
            m, 0.14, "村卫生室改扩建决议", "经村民代表会议表决通过：村卫生室改扩建，预算 48 万元，公开招标施工。"
        )
        v.disclose(
            m, 0.50, "村卫生室改扩建实施结果", "工程已竣工验收，决算 46.3 万元，节余资金 1.7 万元纳入村集体账户。"
        )
        made["implemented"] = m.pk

        # the villager representatives reject it: the matter ends
        m = v.propose(
            0.20,
            "集体林地流转给外来企业经营",
            Matter.Kind.LAND,
            "four_deliberations",
            "拟将三组、四组集体林地 320 亩流转给外来企业种植经济林，期限 15 年。",
        )
        v.four_votes(m, 0.21, 0.02, last={"shares": (0.30, 0.60), "minutes": "多数代表认为流转期限过长、租金偏低。"})
        made["rejected"] = m.pk

        # the party members' meeting is not quorate, held again a week later and passes
        m = v.propose(
            0.45,
            "红砂村文化广场建设",
            Matter.Kind.PROJECT,
            "four_deliberations",
            "在村委会旁建设 2000 平方米文化广场，预算 35 万元。",
        )
        v.vote(m, v.committee, 0.46)
        v.vote(m, v.two, 0.48)
        v.vote(m, v.members, 0.50, present=_short_of_two_thirds)
        v.vote(m, v.members, 0.52)
        v.convene(m, v.reps, 0.53, 7)
        made["held_again"] = m.pk

        # the party members reject it and send it back to the two committees
        m = v.propose(
            0.58,
            "闲置村小学校舍对外租赁",
            Matter.Kind.INCOME,
            "four_deliberations",
            "原村小学校舍闲置，拟出租用作农产品加工车间，年租金 6 万元。",
        )
        v.vote(m, v.committee, 0.59)
        v.vote(m, v.two, 0.61)
        v.vote(m, v.members, 0.63, shares=(0.35, 0.55), minutes="部分党员提出校舍应优先用于老年活动中心。")
        made["sent_back"] = m.pk

        # decided: the decision is on the board for 15 days and more around today
        m = v.propose(
            0.70,
            "二组至四组村道硬化工程",
            Matter.Kind.PROJECT,
            "four_deliberations",
            "硬化村道 2.1 公里，路面宽 4.5 米，预算 42 万元，申请“一事一议”财政奖补。",
        )
        v.four_votes(m, 0.72, 0.04)
        v.disclose(
            m,
            0.97,
            "二组至四组村道硬化工程决议",
            "经村民代表会议表决通过：硬化村道 2.1 公里，预算 42 万元，公开招标施工，接受村务监督委员会监督。",
            cover_today=True,
        )
        made["decided"] = m.pk

        # at the party members' step: its meeting convened for the coming days
        m = v.propose(
            0.86,
            "村级光伏电站收益分配方案",
            Matter.Kind.INCOME,
            "four_deliberations",
            "光伏电站年收益约 8 万元：50% 用于公益岗位和困难群众，30% 用于村内公益事业，20% 作为发展基金。",
        )
        v.vote(m, v.committee, 0.87)
        v.vote(m, v.two, 0.90)
        v.convene(m, v.members, 0.93, 5)
        made["members_step"] = m.pk

        # a cadre appointment before the committee: two of the five gates recorded
        deputy = v.committee.seats.exclude(post="secretary").select_related("person").order_by("person__id_number")
        first = deputy.first()
        candidate = first.person.name if first is not None else "王明"
        m = v.propose(
            0.92,
            f"拟任命{candidate}为{name}第一网格网格长",
            Matter.Kind.APPOINTMENT,
            "committee_decision",
            "网格长由村党组织委员会研究决定。",
        )
        story.at(0.93, 10)
        actions.do_record_gate(
            matter=m, gate="recommendation", note="第一网格党员群众会议民主推荐，得票第一。", acting_user=user
        )
        story.at(0.95, 10)
        actions.do_record_gate(
            matter=m, gate="inspection", note="镇党委组织委员考察，考察材料已归档。", acting_user=user
        )
        made["appointment"] = m.pk

        # just proposed
        m = v.propose(
            0.99,
            "五组灌溉渠维修改造",
            Matter.Kind.PROJECT,
            "four_deliberations",
            "五组灌溉渠 1.2 公里渗漏严重，拟衬砌改造，预算 9 万元。",
        )
        made["proposed"] = m.pk

        # the village's finances, monthly, for the last four months
        made["finances"] = _finances(v, rng)
    return made


def _month(first: dt.date, back: int) -> dt.date:
    """The first day of the month ``back`` months before ``first``'s."""
    year, month = divmod(first.year * 12 + first.month - 1 - back, 12)
    return dt.date(year, month + 1, 1)


def _finances(v: _Village, rng: random.Random) -> list[int]:
    """The last four months' finances, each posted on the 5th of the month after."""
    story, posted = v.story, []
    first = story.today.replace(day=1)
    for back in range(4, 0, -1):
        month, on = _month(first, back), _month(first, back - 1).replace(day=5)
        if on >= story.today:
            continue
        income = Decimal(rng.randrange(3_000_000, 9_000_000)) / 100
        spent = Decimal(rng.randrange(2_000_000, 8_000_000)) / 100
        story.set(on, 10)
        d = actions.do_post_finance(
            unit=v.unit,
            title=f"{v.unit.name}{month.year}年{month.month}月财务收支公开",
            text=(
                f"本月收入 {income} 元（集体资产租赁、光伏电站收益、上级转移支付）；"
                f"本月支出 {spent} 元（公益岗位补贴、道路保洁、办公经费）。"
                "明细见村务公开栏，村务监督委员会已审核。"
            ),
            acting_user=v.user,
        )
        posted.append(d.pk)
    return posted
