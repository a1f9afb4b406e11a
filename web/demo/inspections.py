"""The demo's monthly random inspection (seed 000): the district's plan, with cadres of the
party-mass sequence, of government departments and of the streets, and inspectors from the
organisation and discipline offices.

The twelve months before this one are drawn and published: odd months by numbers rolled in a
meeting and entered by two people (the ``district`` persona and a district clerk), even months
by a commitment published first and revealed after (a number sealed by the discipline office);
one month is drawn again because a drawn cadre had moved away (an exclusion, then a re-run
with its reason, both on the board). Findings are recorded for every month but the last, and
this month is left for the ``district`` persona to hold (their home page shows it).

Each step is an action of ``web.inspections.actions`` told on the story clock, months counted
back from today's month, so the demo does not depend on the hour it is seeded; the seeds come
from one ``random.Random`` per demo seed."""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from web.common.demo_clock import year_story
from web.inspections import actions
from web.inspections.models import Draw, Sequence
from web.inspections.queries import months_before
from web.org.models import Role, Unit

PARTY = [("区委办公室", "副主任"), ("区委组织部", "干部科科长"), ("区委宣传部", "副部长"),
         ("区委统战部", "科长"), ("区总工会", "副主席"), ("团区委", "副书记"), ("区妇联", "副主席"),
         ("区委政法委", "科长")]  # fmt: skip
GOVERNMENT = [("区民政局", "副局长"), ("区教育局", "科长"), ("区卫健局", "副局长"), ("区住建局", "科长"),
              ("区财政局", "副局长"), ("区人社局", "科长"), ("区市场监管局", "副局长"),
              ("区城管局", "科长")]  # fmt: skip
STREET_POSTS = ["党工委副书记", "办事处副主任"]
NAMES = ["刘建国", "陈丽华", "张志强", "王秀英", "李明", "赵静", "黄海", "周敏", "吴刚", "徐芳", "孙涛", "马丽",
         "朱军", "胡玲", "郭伟", "何平", "高峰", "林燕", "罗斌", "梁红", "宋杰", "郑霞", "谢勇", "韩梅",
         "唐亮", "冯雪"]  # fmt: skip
INSPECTORS = [("彭立", "区委组织部"), ("曾敏", "区委组织部"), ("董杰", "区纪委监委"), ("袁媛", "区纪委监委"),
              ("蒋华", "区委巡察办"), ("蔡军", "区委组织部"), ("余洁", "区纪委监委")]  # fmt: skip
FINDINGS = ["工作台账齐全，走访群众评价较好。", "履职情况良好，个别事项办理不够及时，已当面提醒。",
            "考察中群众反映作风扎实，未发现问题。", "主要工作按计划推进，建议加强与社区的沟通。"]  # fmt: skip
RERUN = 5  # the sixth of the twelve months is drawn twice


def _clerk(district: Unit) -> Any:
    """A second organisation worker of the district, to make the second entry of spoken seeds."""
    User = get_user_model()
    clerk = User.objects.filter(username="inspection-clerk").first()
    if clerk is None:
        clerk = User.objects.create_user(username="inspection-clerk", password=None, display_name="区委组织部干事")
        Role.objects.create(user=clerk, unit=district, kind=Role.Kind.ORG_STAFF)
    return clerk


def _pool(plan: Any, district: Unit, staff: Any) -> None:
    names = iter(NAMES)
    streets = list(Unit.objects.filter(parent=district).order_by("code"))
    rows = [(place, Sequence.PARTY_MASS, post) for place, post in PARTY]
    rows += [(place, Sequence.GOVERNMENT, post) for place, post in GOVERNMENT]
    rows += [(s.name, Sequence.STREET, post) for s in streets for post in STREET_POSTS]
    for place, sequence, post in rows:
        actions.do_add_to_pool(plan=plan, name=next(names), workplace=place, sequence=sequence, post=post,
                               acting_user=staff)  # fmt: skip
    for name, place in INSPECTORS:
        actions.do_add_to_pool(plan=plan, name=name, workplace=place, acting_user=staff)


def seed_inspections(*, seed: int) -> dict[str, Any]:
    User = get_user_model()
    staff = User.objects.get(username="district")
    district = Unit.objects.get(kind=Unit.Kind.DISTRICT, parent=None)
    rng = random.Random(seed * 41 + 3)
    with transaction.atomic(), year_story() as story:
        this_month = timezone.localdate(story.real_now).replace(day=1)
        first = months_before(this_month, 12)
        story.set(first - dt.timedelta(days=10), 10)
        clerk = _clerk(district)
        plan = actions.do_save_plan(
            unit=district, title=f"{district.name}机关干部每月随机考察", acting_user=staff,
            min_party_mass=1, min_government=2, inspectors=2, rest_months=3,
        )  # fmt: skip
        _pool(plan, district, staff)
        draws: list[Draw] = []
        for n in range(12):
            month = months_before(this_month, 12 - n)
            draw = _hold(plan, month, n, rng, story, staff, clerk)
            if n == RERUN:
                moved = draw.picks.select_related("cadre").order_by("id").last()
                assert moved is not None
                story.set(month + dt.timedelta(days=8), 15)
                actions.do_set_exclusion(entry=moved.cadre, reason="已调离，交流到外区任职", acting_user=staff)
                reason = f"抽中的{moved.cadre.name}上月已调离{moved.cadre.workplace}，名单未及时更新，作废重抽"
                draw = _hold(plan, month, n, rng, story, staff, clerk, reason=reason, day=9)
            draws.append(draw)
            if n < 11:
                for k, pick in enumerate(draw.picks.order_by("id")):
                    story.set(month + dt.timedelta(days=20 + k), 16)
                    actions.do_record_finding(pick=pick, text=FINDINGS[(n + k) % len(FINDINGS)], acting_user=staff)
    return {"draws": len(draws), "reruns": Draw.objects.filter(plan=plan, attempt__gt=1).count()}


def _hold(
    plan: Any, month: dt.date, n: int, rng: random.Random, story: Any, staff: Any, clerk: Any, *,
    reason: str = "", day: int = 2,
) -> Draw:  # fmt: skip
    """Open, freeze, fix the seed in public and draw one month."""
    story.set(month + dt.timedelta(days=day - 1), 9)
    draw = actions.do_open_draw(plan=plan, month=month, reason=reason, acting_user=staff)
    story.set(month + dt.timedelta(days=day - 1), 9, 30)
    actions.do_freeze_pool(draw=draw, acting_user=staff)
    dice = " ".join(str(rng.randint(1, 6)) for _ in range(5))
    if n % 2 == 0:
        story.set(month + dt.timedelta(days=day), 10)
        source = f"{month:%Y年%m月}机关干部大会，纪委监委派员监督，五位与会代表各掷骰子一次"
        actions.do_enter_seed(draw=draw, seed=dice, source=source, acting_user=staff)
        story.set(month + dt.timedelta(days=day), 10, 5)
        return actions.do_enter_seed(draw=draw, seed=dice, acting_user=clerk)
    reveal = month + dt.timedelta(days=day + 2)
    seed = f"{month:%Y-%m} 区纪委监委密封数字 {rng.randint(0, 999999):06d}"
    story.set(month + dt.timedelta(days=day), 10)
    actions.do_commit_seed(draw=draw, commitment=hashlib.sha256(seed.encode()).hexdigest(),
                           source=f"区纪委监委事先写好并密封，{reveal:%m月%d日}机关干部大会上当众拆封揭示",
                           acting_user=staff)  # fmt: skip
    story.set(reveal, 10)
    return actions.do_reveal_seed(draw=draw, seed=seed, acting_user=staff)
