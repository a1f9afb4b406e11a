"""The joint meeting of party members and villager representatives (two quorums at once), and
a committee deciding a cadre appointment behind the five gates, with a deferred vote."""

from __future__ import annotations

from web.audit.models import AuditEntry
from web.deliberation.models import Matter, StepEvent
from web.deliberation.tests.helpers import current, hold, hold_and_vote, messages_of, post_step, propose
from web.meetings import queries as meeting_queries


def test_the_joint_meeting_takes_both_rosters_in_two_groups(world, village, staff, phone, clock):
    matter = propose(staff, world, chain="joint_members_representatives", kind="collective_income")
    hold_and_vote(staff, phone, matter, village.committee, present=3, yes=3)
    step = hold(staff, matter, village.members)
    meeting = step.meeting
    assert meeting.joint_body == village.reps
    counts = meeting_queries.attendance(meeting)
    assert (counts["members.expected"], counts["reps.expected"], counts["expected"]) == (6, 6, 12)
    page = staff.get(f"/staff/matters/{matter.pk}/").content.decode()
    assert "党员实到人数超过党员应到人数的二分之一，且村民代表实到人数不少于村民代表应到人数的三分之二" in page
    assert "依据：“两村两会”议事工作法" in page and "members.present" not in page
    # a deferred joint vote keeps its meeting on record and is convened again later
    post_step(staff, matter, step, "defer", {"reason": "会前再征求各村民小组意见"})
    step = current(matter)
    assert step.poll_id is None
    assert step.events.get(kind=StepEvent.Kind.DEFERRED).meeting == meeting


def test_a_joint_meeting_short_of_representatives_is_not_quorate(world, village, staff, phone, clock):
    matter = propose(staff, world, chain="joint_members_representatives", kind="collective_income")
    hold_and_vote(staff, phone, matter, village.committee, present=3, yes=3)
    # check-in goes down the roster: 6 members, then 3 representatives → 3*3 < 2*6
    hold_and_vote(staff, phone, matter, village.members, present=9, yes=9)
    step = current(matter)
    assert step.kind == "joint_meeting" and "到会人数不足，不能表决" in step.reason
    failed = step.events.get(kind=StepEvent.Kind.FAILED).poll
    assert failed.record["electorate"] == {
        "groups": {"members": {"expected": 6, "present": 6}, "reps": {"expected": 6, "present": 3}}
    }
    # 10 present (6 + 4): both quorums hold; 6 for is more than half of those present
    hold_and_vote(staff, phone, matter, village.members, present=10, yes=6, no=4)
    matter.refresh_from_db()
    assert matter.state == Matter.State.DECIDED and current(matter).kind == "decision_disclosure"


def test_a_cadre_appointment_waits_for_the_five_gates(world, village, staff, phone, clock):
    matter = propose(staff, world, chain="committee_decision", kind="appointment", title="拟任命李强为网格长")
    page = staff.get(f"/staff/matters/{matter.pk}/").content.decode()
    assert "未记录：已经过民主推荐。" in page and "未记录：群众反映的问题已核实清楚（或无反映）。" in page
    r = post_step(
        staff, matter, current(matter), "hold", {"body": village.committee.pk, "starts_at": "2026-03-10T09:00"}
    )
    assert any(m.startswith("“五个不研究”：") for m in messages_of(r))
    for gate in ("recommendation", "inspection", "papers", "complaints"):
        r = staff.post(f"/staff/matters/{matter.pk}/gates", {"gate": gate, "note": "2026-03-01 记录"}, follow=True)
        assert "检查项已记录。" in messages_of(r)
    r = staff.post(f"/staff/matters/{matter.pk}/gates", {"gate": "papers", "note": ""}, follow=True)
    assert "请写明依据（例如推荐会日期、考察报告编号）。" in messages_of(r)
    # a large disagreement: the vote is deferred, with its reason, and held later
    step = hold(staff, matter, village.committee)
    r = post_step(staff, matter, step, "defer", {"reason": ""})
    assert "暂缓表决必须写明理由。" in messages_of(r)
    post_step(staff, matter, step, "defer", {"reason": "意见分歧较大，暂缓表决"})
    assert AuditEntry.objects.filter(action="matter.defer", reason="意见分歧较大，暂缓表决").exists()
    # two of three present is two thirds; two for is more than half of expected
    hold_and_vote(staff, phone, matter, village.committee, present=2, yes=2)
    matter.refresh_from_db()
    assert matter.state == Matter.State.DECIDED


def test_fewer_than_two_thirds_of_the_committee_is_listed_and_not_quorate(world, village, staff, phone, clock):
    matter = propose(staff, world, chain="committee_decision", kind="appointment")
    for gate in ("recommendation", "inspection", "papers", "complaints"):
        staff.post(f"/staff/matters/{matter.pk}/gates", {"gate": gate, "note": "已办"})
    step = hold(staff, matter, village.committee)
    staff.post(f"/staff/meetings/{step.meeting_id}/open/")
    page = staff.get(f"/staff/matters/{matter.pk}/").content.decode()
    assert "出席的委员 0 人，不足应到 3 人的三分之二，不能研究。" in page
    post_step(staff, matter, step, "defer", {"reason": "到会不足"})
    hold_and_vote(staff, phone, matter, village.committee, present=1, yes=1)
    assert current(matter).reason.startswith("到会人数不足，不能表决")
