"""Every way a step fails: not quorate, rejected (back or end), a skip, an outsider."""

from __future__ import annotations

import pytest

from web.deliberation import actions
from web.deliberation.errors import DeliberationError
from web.deliberation.models import Matter, MatterStep, StepEvent
from web.deliberation.tests.helpers import current, hold, hold_and_vote, messages_of, post_step, propose
from web.meetings.models import Meeting


def _to_members_review(staff, phone, matter, village):
    hold_and_vote(staff, phone, matter, village.committee, present=3, yes=3)
    hold_and_vote(staff, phone, matter, village.two_committees, present=5, yes=5)
    assert current(matter).kind == "members_review"


def test_a_step_not_quorate_is_held_again_with_the_reason(world, village, staff, phone, clock):
    matter = propose(staff, world)
    _to_members_review(staff, phone, matter, village)
    hold_and_vote(staff, phone, matter, village.members, present=3, yes=3)  # 3 of 6: under two thirds
    step = current(matter)
    assert step.kind == "members_review" and step.poll_id is None
    assert step.reason.startswith("到会人数不足，不能表决")
    failed = step.events.get(kind=StepEvent.Kind.FAILED)
    assert failed.poll.result["status"] == "not_quorate" and failed.poll.published_at
    hold_and_vote(staff, phone, matter, village.members, present=6, yes=4, no=2)
    assert current(matter).kind == "villagers_decision"


def test_a_rejection_sends_the_matter_back_to_the_previous_deliberation(world, village, staff, phone, clock):
    matter = propose(staff, world)
    _to_members_review(staff, phone, matter, village)
    hold_and_vote(staff, phone, matter, village.members, present=6, yes=2, no=4)  # 2*2 < 6
    back = current(matter)
    assert back.kind == "joint_committees" and back.poll_id is None
    assert matter.steps.get(kind="members_review").state == MatterStep.State.PENDING
    assert back.events.filter(kind=StepEvent.Kind.RETURNED, reason__startswith="未通过：").exists()
    # deliberated again, it goes forward again
    hold_and_vote(staff, phone, matter, village.two_committees, present=5, yes=5)
    assert current(matter).kind == "members_review"


def test_villagers_rejecting_ends_the_matter(world, village, staff, phone, clock, client_for):
    matter = propose(staff, world)
    _to_members_review(staff, phone, matter, village)
    hold_and_vote(staff, phone, matter, village.members, present=6, yes=6)
    hold_and_vote(staff, phone, matter, village.reps, present=6, yes=3, no=3)  # exactly half fails
    matter.refresh_from_db()
    assert matter.state == Matter.State.REJECTED and matter.current_step is None
    assert list(matter.steps.filter(position__gt=3).values_list("state", flat=True)) == ["never", "never"]
    assert "正在议事的事项" not in client_for(None).get(f"/u/{world.community_a.code}/").content.decode()


def test_no_step_can_be_skipped(world, village, staff, phone, clock):
    matter = propose(staff, world)
    villagers = matter.steps.get(kind="villagers_decision")
    r = post_step(staff, matter, villagers, "hold", {"body": village.reps.pk, "starts_at": "2026-03-10T09:00"})
    assert "只能办理当前进行中的环节，不能跳过或重复办理。" in messages_of(r)
    r = post_step(staff, matter, villagers, "conclude")
    assert "只能办理当前进行中的环节，不能跳过或重复办理。" in messages_of(r)
    r = post_step(
        staff,
        matter,
        matter.steps.get(kind="decision_disclosure"),
        "disclose",
        {"title": "x", "text": "y", "until": "2027-01-01"},
    )
    assert "只能办理当前进行中的环节，不能跳过或重复办理。" in messages_of(r)
    assert not Meeting.objects.exists() and current(matter).kind == "proposal"
    # the open poll cannot be concluded before it is counted
    step = hold(staff, matter, village.committee)
    r = post_step(staff, matter, step, "conclude")
    assert "本环节的表决尚未结束计票。" in messages_of(r)


def test_the_villagers_never_decide_before_the_party_members_studied_it(world, village, staff, clock):
    """Even with the steps' states forced, holding the villagers' step is refused (Organic Law §28)."""
    matter = propose(staff, world)
    matter.steps.update(state=MatterStep.State.PASSED)
    matter.steps.filter(kind="members_review").update(state=MatterStep.State.PENDING)
    villagers = matter.steps.get(kind="villagers_decision")
    matter.steps.filter(pk=villagers.pk).update(state=MatterStep.State.ACTIVE)
    with pytest.raises(DeliberationError) as refused:
        actions.do_hold_step(step=villagers, body=village.reps, starts_at=clock.now(), acting_user=world.organiser)
    assert refused.value.code == "party_first"


def test_the_wrong_body_is_refused(world, village, staff, clock):
    matter = propose(staff, world)
    r = post_step(staff, matter, current(matter), "hold", {"body": village.reps.pk, "starts_at": "2026-03-10T09:00"})
    assert "这个机构不能召开本环节的会议。" in messages_of(r)
    r = post_step(staff, matter, current(matter), "hold", {"body": "x"})
    assert "请选择机构并填写召开时间。" in messages_of(r)


def test_an_outsider_sees_nothing_and_a_read_only_member_changes_nothing(world, village, staff, client_for, clock):
    matter = propose(staff, world)
    step = current(matter)
    outsider, member = client_for(world.outsider), client_for(world.member)
    assert outsider.get(f"/staff/matters/{matter.pk}/").status_code == 404
    assert (
        outsider.post(
            f"/staff/matters/{matter.pk}/steps/{step.pk}/hold",
            {"body": village.committee.pk, "starts_at": "2026-03-10T09:00"},
        ).status_code
        == 404
    )
    assert member.get(f"/staff/matters/{matter.pk}/").status_code == 200
    assert (
        member.post(
            f"/staff/matters/{matter.pk}/steps/{step.pk}/hold",
            {"body": village.committee.pk, "starts_at": "2026-03-10T09:00"},
        ).status_code
        == 403
    )
    assert (
        member.post(
            f"/staff/units/{world.community_a.pk}/matters/",
            {"title": "x", "kind": "project", "chain": "committee_decision"},
        ).status_code
        == 403
    )
    assert not Meeting.objects.exists() and Matter.objects.count() == 1


def test_bad_proposals_get_a_message(world, staff):
    r = staff.post(f"/staff/units/{world.community_a.pk}/matters/", {"title": "", "kind": "x", "chain": "y"})
    assert r.status_code == 422 and not Matter.objects.exists()
