"""A matter through 四议两公开 on the pages: four votes, two disclosures, the public board."""

from __future__ import annotations

import datetime as dt

from web.audit.models import AuditCheckpoint, AuditEntry
from web.deliberation.models import Disclosure, Matter, MatterStep
from web.deliberation.tests.helpers import current, hold_and_vote, messages_of, post_step, propose


def _disclose(staff, matter, until):
    return post_step(
        staff,
        matter,
        current(matter),
        "disclose",
        {"title": "村道硬化决议", "text": "经村民代表会议表决通过。", "until": until},
    )


def test_a_matter_walks_the_whole_chain_to_both_disclosures(world, village, staff, phone, clock, client_for):
    matter = propose(staff, world)
    assert [s.kind for s in matter.steps.all()] == [
        "proposal",
        "joint_committees",
        "members_review",
        "villagers_decision",
        "decision_disclosure",
        "implementation_disclosure",
    ]
    hold_and_vote(staff, phone, matter, village.committee, present=3, yes=2, no=1)
    hold_and_vote(staff, phone, matter, village.two_committees, present=5, yes=3, no=2)
    # party members' review: 4 of 6 present is exactly two thirds; 3 for is exactly half of expected
    hold_and_vote(staff, phone, matter, village.members, present=4, yes=3, no=1)
    # villager representatives: 4 of 6 present; 3 of 4 for
    r = hold_and_vote(staff, phone, matter, village.reps, present=4, yes=3, no=1)
    matter.refresh_from_db()
    assert matter.state == Matter.State.DECIDED, messages_of(r)
    assert current(matter).kind == "decision_disclosure"
    polls = [s.poll for s in matter.steps.exclude(poll=None)]
    assert len(polls) == 4 and all(p.published_at and p.result["status"] == "passed" for p in polls)

    until = (clock.now().date() + dt.timedelta(days=15)).isoformat()
    r = _disclose(staff, matter, until)
    assert "已在公开栏公开。" in messages_of(r)
    assert current(matter).kind == "implementation_disclosure"
    post_step(staff, matter, current(matter), "disclose", {"title": "村道硬化完工", "text": "已完工，决算 38.6 万元。"})
    matter.refresh_from_db()
    assert matter.state == Matter.State.IMPLEMENTED and matter.current_step is None
    assert set(matter.steps.values_list("state", flat=True)) == {MatterStep.State.PASSED}
    assert sorted(matter.disclosures.values_list("kind", flat=True)) == ["decision", "implementation"]
    actions = set(AuditEntry.objects.filter(action__startswith="matter.").values_list("action", flat=True))
    assert actions == {"matter.propose", "matter.hold", "matter.pass", "matter.disclose"}
    head = AuditEntry.objects.order_by("-id").first()  # the disclosure put the head on the board's checkpoints
    assert AuditCheckpoint.objects.filter(entry_id=head.pk, entry_hash=head.hash, reason="matter.disclose").exists()

    page = staff.get(f"/staff/matters/{matter.pk}/")
    assert page.status_code == 200 and "赞成 3 · 反对 1 · 弃权 0" in page.content.decode()
    board = client_for(None).get(f"/u/{world.community_a.code}/").content.decode()
    assert "村道硬化决议" in board and until in board and "村道硬化完工" in board
    assert f"/u/{world.community_a.code}/results/{polls[-1].pk}/record.json" in board
    # the matter's votes are listed with the matter, not again among the other published results
    home = client_for(None).get(f"/u/{world.community_a.code}/")
    assert not {p.pk for p in home.context["sections"]["results"].listing.page.paginator.object_list} & {
        p.pk for p in polls
    }
    assert client_for(None).get(f"/u/{world.community_a.code}/results/{polls[0].pk}/").status_code == 200


def test_the_board_shows_an_open_matter_and_where_it_stands(world, village, staff, phone, clock, client_for):
    matter = propose(staff, world, title="集体收益分配方案", kind="collective_income")
    hold_and_vote(staff, phone, matter, village.committee, present=3, yes=3)
    board = client_for(None).get(f"/u/{world.community_a.code}/")
    text = board.content.decode()
    assert board.status_code == 200 and "集体收益分配方案" in text
    assert "当前环节：“两委”联席会议商议" in text
    assert 'name="viewport"' in text  # phone-sized screens


def test_a_decision_posted_for_less_than_15_days_is_refused(world, village, staff, phone, clock):
    matter = propose(staff, world)
    for body, present in ((village.committee, 3), (village.two_committees, 5), (village.members, 6), (village.reps, 6)):
        hold_and_vote(staff, phone, matter, body, present=present, yes=present)
    short = (clock.now().date() + dt.timedelta(days=14)).isoformat()
    r = _disclose(staff, matter, short)
    expected = (clock.now().date() + dt.timedelta(days=15)).isoformat()
    assert f"决议须公开至少 15 天，截止日期不能早于 {expected}。" in messages_of(r)
    r = _disclose(staff, matter, "")
    assert any("至少 15 天" in m for m in messages_of(r))
    assert not Disclosure.objects.exists() and current(matter).kind == "decision_disclosure"
    _disclose(staff, matter, expected)
    assert Disclosure.objects.get().until.isoformat() == expected
