"""The demo's proposal season (seed 003: research every September–October, proposals filed,
discussed by the delegations, voted by the congress, handled, answered and rated).

The district's liaison staff (the ``district`` persona) open this year's season with its themes
and forms the delegations by street; representatives of the congress file a dozen proposals,
second each other's, one files a near-duplicate that is merged, one is not accepted (with its
reason, public); the delegations discuss the accepted ones and the congress votes on them in one
meeting by phone (one is voted down); the adopted ones are assigned to the district's
departments and the street's urban office (the ``handler`` persona), answered and rated; one
answer rated 不满意 is answered again and rated a second time. The ``representative`` persona's
own proposal is answered today and waits for their rating; the handler's is overdue.

Every step is an action of ``web.proposals.actions`` told on the demo year's clock
(``web.common.demo_clock``), so the history, the audit log and the notices read as they would.
The representatives are drawn by one ``random.Random`` per seed over the congress's seats in a
fixed order, so the same seed gives the same proposals on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from web.cases.models import Office
from web.common import clock
from web.common.demo_clock import year_story
from web.meetings import actions as meetings
from web.meetings import ballots
from web.org.models import Body, BodySeat, Unit
from web.proposals import actions
from web.proposals.models import Proposal, Season

THEMES = ["基层党建", "城市管理", "民生服务", "教育卫生"]

#: (key, theme, title, situation, request)
TEXTS: list[tuple[str, str, str, str, str]] = [
    ("parking", "城市管理", "关于缓解老旧小区停车难的建议",
     "辖区老旧小区建成时没有规划停车位，夜间车辆占用消防通道和人行道，居民为车位发生矛盾。",
     "建议统筹周边学校、机关停车场夜间错时开放，在老旧小区改造中增设停车位，并加强消防通道管理。"),
    ("parking2", "城市管理", "关于解决老旧小区停车难问题的建议",
     "老旧小区没有规划停车位，车辆占用消防通道，居民为停车发生矛盾，夜间停车难。",
     "建议学校和机关停车场夜间错时开放，改造老旧小区时增设停车位。"),
    ("childcare", "教育卫生", "关于增加社区普惠托育服务的建议",
     "双职工家庭三岁以下幼儿无人照看，社区缺少普惠托育点，民办托育收费较高。",
     "建议利用社区党群服务中心闲置用房开设普惠托育点，由区教育局统筹师资和补贴。"),
    ("waste", "城市管理", "关于完善垃圾分类投放点设置的建议",
     "部分小区垃圾分类投放点离住户较远，定时投放时间与上班时间冲突，桶边垃圾较多。",
     "建议按楼栋就近设置投放点，早晚各延长一小时投放时间，并安排志愿者值守。"),
    ("lift", "民生服务", "关于加快老旧住宅加装电梯的建议",
     "辖区六层以下老旧住宅多，老年住户上下楼困难，加装电梯审批环节多、协调难。",
     "建议简化加装电梯审批流程，由街道牵头协调低层住户意见，并落实财政补贴。"),
    ("clinic", "教育卫生", "关于社区卫生服务站延长服务时间的建议",
     "社区卫生服务站下午五点关门，上班族看病取药不便，只能去大医院排队。",
     "建议社区卫生服务站工作日延长至晚上八点，周末上午开诊，家庭医生签约服务上门。"),
    ("canteen", "民生服务", "关于建设社区老年食堂的建议",
     "独居和高龄老人吃饭难，社区没有老年助餐点，老人常常凑合一餐。",
     "建议每个社区建设一个老年助餐点，引入餐饮企业运营，对高龄和困难老人给予补贴。"),
    ("gate", "城市管理", "关于取消老旧小区门禁收费的建议",
     "部分老旧小区物业对门禁卡收取押金和工本费，居民意见较大。",
     "建议取消门禁卡押金和工本费，由街道统一规范物业收费。"),
    ("members", "基层党建", "关于在楼栋建立党员中心户的建议",
     "楼栋党员分散，群众找党员办事不知道找谁，党员作用发挥不够。",
     "建议在每栋楼确定一名党员中心户，挂牌公示，联系本楼栋群众，收集意见。"),
    ("law", "基层党建", "关于修改区人大代表选举办法的建议",
     "区人大代表选举中选区划分不够合理，部分选区代表名额偏少。",
     "建议调整选区划分，增加新建社区的代表名额。"),
    ("library", "教育卫生", "关于建设社区书屋的建议",
     "社区青少年课后缺少学习和阅读的场所，社区活动室利用率不高。",
     "建议在社区活动室设立书屋，与区图书馆通借通还，由志愿者管理。"),
]  # fmt: skip

#: (key, how far it goes); the proposer of "waste" is the representative persona
STORY = {
    "parking": "rated",  # 满意
    "parking2": "merged",  # a near-duplicate of "parking"
    "childcare": "reopened",  # 不满意, answered again, 基本满意
    "waste": "answered_today",  # the persona's, waiting for their rating
    "lift": "overdue",  # assigned to the handler's office, answer overdue
    "clinic": "rated_basic",
    "canteen": "adopted",  # adopted, waiting to be assigned
    "gate": "voted_down",
    "members": "submitted",  # waiting for the acceptance review
    "law": "declined",  # not accepted: a matter for the people's congress
    "library": "rated_satisfied_late",
}
OFFICES = {
    "parking": "transport",
    "childcare": "education",
    "waste": "environment",
    "lift": "urban",
    "clinic": "health",
    "library": "education",
}


def _season_year(today: dt.date) -> int:
    """This year's season once its story (to late November) is over, else last year's."""
    return today.year if today >= dt.date(today.year, 11, 28) else today.year - 1


def _phone_vote(meeting: Any, polls: list[Any], no_votes: dict[int, int], staff: Any) -> None:
    """Every voter checks in; each poll opened, voted by phone (yes unless ``no_votes`` says how
    many vote no), closed and counted by the engine."""
    meetings.do_open_meeting(meeting=meeting, acting_user=staff)
    voters = list(meeting.attendees.filter(kind="voter").select_related("person").order_by("person__id_number"))
    present = voters[: len(voters) * 9 // 10]
    for a in present:
        meetings.do_check_in(attendee=a, method="search", acting_user=staff)
    present = list(meeting.attendees.filter(pk__in=[a.pk for a in present]).order_by("person__id_number"))
    for poll in polls:
        poll = meetings.do_open_poll(poll=poll, acting_user=staff)
        no = no_votes.get(poll.pk, 0)
        codes = meetings.hand_out_codes(poll, present, acting_user=staff)
        for n, code in enumerate(codes):
            vote = "no" if n < no else ("abstain" if n % 23 == 0 else "yes")
            meetings.cast_ballot(poll_id=poll.pk, code=code, content=ballots.clean_content(poll, {"vote": vote}))
        meetings.do_close_poll(poll=poll, acting_user=staff)
    meetings.do_close_meeting(meeting=meeting, acting_user=staff)


def seed_proposals(*, seed: int) -> dict[str, Any]:
    User = get_user_model()
    users = {u.username: u for u in User.objects.filter(username__in=("district", "handler", "representative"))}
    staff, handler_user, persona = users["district"], users["handler"], users["representative"]
    district = Unit.objects.get(kind=Unit.Kind.DISTRICT, parent=None)
    congress = Body.objects.get(kind=Body.Kind.CONGRESS, unit=district)
    seats = list(
        BodySeat.objects.filter(body=congress, post=BodySeat.Post.REPRESENTATIVE)
        .select_related("person")
        .order_by("person__id_number")
    )
    accounts = {u.person_id: u for u in User.objects.filter(person__in=[s.person_id for s in seats])}
    persona_seat = next(s for s in seats if s.person_id == persona.person_id)
    others = [s for s in seats if s.pk != persona_seat.pk and s.person_id in accounts]
    rng = random.Random(seed * 31 + 7)
    offices = {o.duty: o for o in Office.objects.filter(unit_id=district.pk).exclude(duty="")}
    handler_office = Office.objects.filter(desks__user=handler_user).order_by("id").first()
    if handler_office is not None:
        offices["urban"] = handler_office
    with transaction.atomic(), year_story() as story:
        year = _season_year(story.today)

        def day(month: int, d: int, hour: int = 10) -> dt.datetime:
            return story.set(dt.date(year, month, d), hour)

        day(8, 25)
        season = actions.do_open_season(
            body=congress,
            year=year,
            title=f"{year} 年度党代表提案专题调研",
            themes=THEMES,
            opens_on=dt.date(year, 9, 1),
            files_by=dt.date(year, 10, 31),
            min_supporters=2,
            answer_within=15,
            rate_within=10,
            acting_user=staff,
        )
        actions.do_form_delegations(body=congress, acting_user=staff)
        themes = {t.name: t for t in season.themes.all()}
        made: dict[str, Proposal] = {}
        for n, (key, theme, title, situation, request) in enumerate(TEXTS):
            proposer = persona_seat if key == "waste" else others[rng.randrange(len(others))]
            seconders = rng.sample([s for s in others if s.pk != proposer.pk], 3)
            story.set(dt.date(year, 9, 8) + dt.timedelta(days=4 * n), 10)
            p = actions.do_file_proposal(
                season=season,
                theme=themes[theme],
                title=title,
                situation=situation,
                request=request,
                cosigners=seconders,
                acting_user=persona if proposer is persona_seat else accounts[proposer.person_id],
            )
            story.set(dt.date(year, 9, 9) + dt.timedelta(days=4 * n), 10)
            for s in seconders[:2]:
                actions.do_second_proposal(proposal=p, acting_user=accounts[s.person_id])
            if STORY[key] != "merged":
                day(10, 20 + n % 8)
                p = actions.do_submit_proposal(
                    proposal=p, acting_user=persona if proposer is persona_seat else accounts[proposer.person_id]
                )
            made[key] = p
        day(11, 2)
        actions.do_merge_proposal(proposal=made["parking2"], into=made["parking"], acting_user=staff)
        for key, p in made.items():
            if STORY[key] in ("merged", "submitted"):
                continue
            if STORY[key] == "declined":
                actions.do_review_proposal(
                    proposal=p,
                    accept=False,
                    reason="区人大代表选举办法属于人大及其常委会职权，建议通过人大代表提出议案或建议。",
                    acting_user=staff,
                )
                continue
            actions.do_review_proposal(proposal=p, accept=True, reason="符合提案立案条件。", acting_user=staff)
        delegations = list(congress.delegations.order_by("unit__path"))
        day(11, 5, 15)
        voting = [p for k, p in made.items() if STORY[k] not in ("merged", "submitted", "declined")]
        for p in voting:
            d = delegations[p.number % len(delegations)] if p.delegation is None else p.delegation
            actions.do_record_discussion(
                proposal=p,
                delegation=d,
                held_on=dt.date(year, 11, 5),
                summary="代表们认为问题反映准确、建议可行，赞成提交大会表决；有代表建议先在一两个社区试点。",
                acting_user=staff,
            )
        day(11, 9, 9)
        meeting = actions.do_put_to_vote(
            season=season, proposals=voting, starts_at=clock.now(), place="区委党校礼堂", acting_user=staff
        )
        polls = {p.pk: poll for p in voting if (poll := Proposal.objects.get(pk=p.pk).poll) is not None}
        no = {polls[made["gate"].pk].pk: 110}  # the gate fees' proposal is voted down
        _phone_vote(meeting, [polls[p.pk] for p in voting], no, staff)
        day(11, 9, 16)
        for p in voting:
            actions.do_conclude_vote(proposal=p, acting_user=staff)
        day(11, 10)
        for key, duty in OFFICES.items():
            assisting = [offices["parks"]] if key == "parking" and "parks" in offices else []
            actions.do_assign_proposal(proposal=made[key], office=offices[duty], assisting=assisting, acting_user=staff)

        def answer(key: str, text: str) -> None:
            p = Proposal.objects.select_related("office").get(pk=made[key].pk)
            desk = p.office.desks.select_related("user").order_by("id").first() if p.office else None
            actions.do_answer_proposal(proposal=p, text=text, acting_user=desk.user if desk else _desk_for(p, staff))

        def rate(key: str, rating: str, note: str = "") -> None:
            p = made[key]
            user = persona if p.proposer_id == persona_seat.pk else accounts[p.proposer.person_id]
            actions.do_rate_answer(proposal=p, rating=rating, note=note, acting_user=user)

        day(11, 17)
        answer(
            "parking",
            "已协调辖区三所学校和区政务中心停车场工作日夜间错时开放，新增夜间车位 420 个；"
            "老旧小区改造计划增设停车位 160 个。",
        )
        answer("childcare", "区教育局将在明年选择两个社区试点普惠托育点。")
        answer("clinic", "社区卫生服务站工作日延长至晚上七点，周六上午开诊。")
        answer("library", "已与区图书馆商定，在三个社区活动室设立书屋，实行通借通还。")
        day(11, 19)
        rate("parking", "satisfied")
        rate("childcare", "dissatisfied", "只说明年试点，没有说明用房、师资和收费怎么解决。")
        rate("clinic", "basic", "希望周日也能开诊。")
        day(11, 24)
        answer(
            "childcare",
            "区教育局已确定两个社区党群服务中心用房各 120 平方米，明年三月开园，"
            "每月收费不超过 1500 元，保育员由区妇幼保健院培训。",
        )
        day(11, 26)
        rate("childcare", "basic", "方案具体了，请按期开园。")
        rate("library", "satisfied")
    # the persona's proposal is answered today, so it waits for their rating whenever the demo is seeded
    with transaction.atomic():
        with clock.told_by(lambda: timezone.now() - dt.timedelta(minutes=30)):
            answer_now = Proposal.objects.select_related("office").get(pk=made["waste"].pk)
            desk = answer_now.office.desks.select_related("user").order_by("id").first() if answer_now.office else None
            actions.do_answer_proposal(
                proposal=answer_now,
                text="区生态环境局会同街道按楼栋调整投放点 36 处，投放时间早晚各延长一小时，并招募志愿者值守。",
                acting_user=desk.user if desk else _desk_for(answer_now, staff),
            )
    counts = {s: Proposal.objects.filter(season=season, state=s).count() for s in Proposal.State.values}
    return {"season": season.pk, "proposals": Proposal.objects.filter(season=season).count(), "states": counts}


def _desk_for(p: Proposal, staff: Any) -> Any:
    """A desk at the proposal's main office for the demo's answer (the department's handler)."""
    from web.cases.models import Desk

    assert p.office is not None
    User = get_user_model()
    user, _new = User.objects.get_or_create(
        username=f"desk-{p.office.code.lower()}"[:150], defaults={"display_name": f"{p.office.name}承办人"}
    )
    if _new:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    Desk.objects.get_or_create(office=p.office, user=user)
    return user


__all__ = ["Season", "seed_proposals"]
