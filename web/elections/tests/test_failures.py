"""The refused steps of an election: each says why, writes nothing, and moves no stage."""

from __future__ import annotations

import pytest

from web.audit.models import AuditEntry
from web.common.presetfield import without_advanced
from web.elections.models import Nomination, Stage, StageEvent, StagePoll
from web.elections.stages import current_polls
from web.elections.tests.helpers import (
    advance,
    create,
    members,
    messages_of,
    open_and_check_in,
    page,
    stage,
    step,
    vote,
)
from web.meetings.models import Poll


@pytest.fixture
def running(world, client_for, clock):
    people = [world.person_a, *members(world, 11)]
    org = client_for(world.organiser)
    election = create(org, world.body_a.pk, "open_nomination")
    org.post(f"/staff/elections/{election.pk}/start")
    return org, election, people


def test_a_joint_nomination_needs_enough_cosigners_all_on_the_roster(world, running):
    org, election, people = running
    ids = [p.id_number for p in people]
    r = step(
        org,
        election,
        "nomination",
        "nominate",
        {"id_number": ids[0], "channel": "joint", "cosigners": "\n".join(ids[1:5])},
    )
    assert "联名推荐至少需要 5 名联名人，现有 4 名。" in messages_of(r)
    # 李强 lives in the community but is not on the members' roster
    r = step(
        org,
        election,
        "nomination",
        "nominate",
        {"id_number": ids[0], "channel": "joint", "cosigners": "\n".join([*ids[1:5], world.person_a2.id_number])},
    )
    assert any("不在名册中" in m and "李强" in m for m in messages_of(r))
    r = step(
        org,
        election,
        "nomination",
        "nominate",
        {"id_number": ids[0], "channel": "joint", "cosigners": "\n".join([ids[1]] * 5)},
    )
    assert "联名人有重复。" in messages_of(r)
    r = step(
        org,
        election,
        "nomination",
        "nominate",
        {"id_number": ids[0], "channel": "joint", "cosigners": "\n".join(ids[0:5])},
    )
    assert "被推荐人不能为自己联名。" in messages_of(r)
    r = step(org, election, "nomination", "nominate", {"id_number": ids[0], "channel": "organisation"})
    assert "组织推荐须写明推荐的组织。" in messages_of(r)
    r = step(org, election, "nomination", "nominate", {"id_number": "110101199001011234", "channel": "self"})
    assert any("找不到身份证号" in m for m in messages_of(r))
    assert not election.nominations.exists()
    step(org, election, "nomination", "nominate", {"id_number": ids[0], "channel": "self"})
    r = step(org, election, "nomination", "nominate", {"id_number": ids[0], "channel": "self"})
    assert any("已经报名" in m for m in messages_of(r))


def test_an_ineligible_candidate_stays_off_the_list_and_a_failure_needs_a_reason(world, running):
    org, election, people = running
    for p in people[:2]:
        step(org, election, "nomination", "nominate", {"id_number": p.id_number, "channel": "self"})
    advance(org, election, "nomination")
    bad = election.nominations.get(person=people[1])
    r = step(org, election, "review", "check", {"nomination": bad.pk, "condition": "age", "passed": "no"})
    assert "不符合条件须写明理由。" in messages_of(r)
    r = page(org, election)
    assert any("还有 3 项条件未审查" in b for b in r.context["blockers"])
    for nom in election.nominations.all():
        for key in ("full_member", "age", "record"):
            failing = nom == bad and key == "record"
            step(
                org,
                election,
                "review",
                "check",
                {
                    "nomination": nom.pk,
                    "condition": key,
                    "passed": "no" if failing else "yes",
                    "reason": "受过党内警告处分" if failing else "",
                },
            )
    bad.refresh_from_db()
    assert bad.status == Nomination.Status.INELIGIBLE
    advance(org, election, "review")
    from web.elections.stages import pool

    assert [n.person for n in pool(stage(election, "primary"))] == [people[0]]


def test_an_unanswered_objection_blocks_and_an_upheld_one_removes_the_nominee(world, running, clock):
    org, election, people = running
    for p in people[:3]:
        step(org, election, "nomination", "nominate", {"id_number": p.id_number, "channel": "self"})
    advance(org, election, "nomination")
    for nom in election.nominations.all():
        for key in ("full_member", "age", "record"):
            step(org, election, "review", "check", {"nomination": nom.pk, "condition": key, "passed": "yes"})
    advance(org, election, "review")
    target = election.nominations.get(person=people[2])
    step(
        org,
        election,
        "notice",
        "objection",
        {"raised_by": "党员乙", "text": "实际居住地不在本社区", "nomination": target.pk},
    )
    r = advance(org, election, "notice")
    assert any("公示期至" in m for m in messages_of(r)) and any("尚未答复" in m for m in messages_of(r))
    clock.move(days=5)
    assert any("尚未答复" in m for m in messages_of(advance(org, election, "notice")))
    assert stage(election, "notice").state == Stage.State.ACTIVE
    obj = stage(election, "notice").objections.get()
    r = step(org, election, "notice", "answer", {"objection": obj.pk, "answer": "", "upheld": "yes"})
    assert "答复不能为空。" in messages_of(r)
    step(org, election, "notice", "answer", {"objection": obj.pk, "answer": "经核实属实", "upheld": "yes"})
    target.refresh_from_db()
    assert target.status == Nomination.Status.WITHDRAWN
    advance(org, election, "notice")
    assert stage(election, "primary").state == Stage.State.ACTIVE


def test_a_stage_cannot_be_skipped_and_reopening_needs_a_reason(world, running):
    org, election, people = running
    step(org, election, "nomination", "nominate", {"id_number": people[0].id_number, "channel": "self"})
    before = AuditEntry.objects.count()
    r = advance(org, election, "notice")  # two stages ahead
    assert "只能完成当前进行中的阶段，不能跳过阶段。" in messages_of(r)
    r = advance(org, election, "review")
    assert "只能完成当前进行中的阶段，不能跳过阶段。" in messages_of(r)
    assert AuditEntry.objects.count() == before
    advance(org, election, "nomination")
    nomination = stage(election, "nomination")
    r = org.post(f"/staff/elections/{election.pk}/stages/{nomination.pk}/reopen", {"reason": "  "}, follow=True)
    assert "重新打开阶段必须写明理由。" in messages_of(r)
    assert stage(election, "review").state == Stage.State.ACTIVE
    r = org.post(
        f"/staff/elections/{election.pk}/stages/{nomination.pk}/reopen", {"reason": "补充一名组织推荐人选"}, follow=True
    )
    assert stage(election, "nomination").state == Stage.State.ACTIVE
    assert stage(election, "review").state == Stage.State.PENDING
    event = StageEvent.objects.filter(stage=nomination, kind="reopened").get()
    assert event.reason == "补充一名组织推荐人选" and event.by == world.organiser
    entry = AuditEntry.objects.filter(action="election.reopen").get()
    assert entry.reason == "补充一名组织推荐人选"
    assert "补充一名组织推荐人选" in page(org, election).content.decode()
    # a pending stage cannot be reopened either
    r = org.post(
        f"/staff/elections/{election.pk}/stages/{stage(election, 'approval').pk}/reopen", {"reason": "x"}, follow=True
    )
    assert any("只能重新打开已完成的阶段" in m for m in messages_of(r))


def test_settings_are_adjusted_before_the_start_only(world, client_for):
    org = client_for(world.organiser)
    election = create(org, world.body_a.pk, "open_nomination")
    notice = stage(election, "notice")
    url = f"/staff/elections/{election.pk}/stages/{notice.pk}/settings"
    prefix = f"s{notice.pk}"
    assert "设置已调整。" in messages_of(org.post(url, {f"{prefix}-days": "7"}, follow=True))
    notice.refresh_from_db()
    assert notice.settings == {"days": 7}
    for bad in ("", "七", "0", "61"):
        r = org.post(url, {f"{prefix}-days": bad})
        assert r.status_code == 422 and f'name="{prefix}-days"' in r.content.decode()
        assert f'value="{bad}"' in r.content.decode() or not bad
    primary = stage(election, "primary")
    p = f"s{primary.pk}"
    posted = {f"{p}-places": "6", f"{p}-rule_quorum": "advanced", f"{p}-rule_quorum_text": "present > 1/2 of expected"}
    posted |= {f"{p}-rule_qualifies": "party_qualifies"}
    primary_url = f"/staff/elections/{election.pk}/stages/{primary.pk}/settings"
    r = org.post(primary_url, {**posted, f"{p}-rule_quorum_text": "present > 半数 of expected"})
    assert r.status_code == 422 and "这条规则无法读取" in r.content.decode()
    assert 'value="present &gt; 半数 of expected"' in r.content.decode()
    org.post(primary_url, posted)
    primary.refresh_from_db()
    assert primary.settings["rules"] == {"quorum": "present > 1/2 of expected", "qualifies": "for > 1/2 of expected"}
    page = without_advanced(org.get(f"/staff/elections/{election.pk}/").content.decode())
    assert "实到人数超过应到人数的二分之一" in page and "present &gt;" not in page and "{&quot;" not in page
    org.post(f"/staff/elections/{election.pk}/start")
    r = org.post(url, {f"{prefix}-days": "1"})
    assert r.status_code == 422 and "选举开始后不能再调整设置。" in r.content.decode()
    notice.refresh_from_db()
    assert notice.settings == {"days": 7}


def test_a_tie_at_the_cut_off_of_the_primary_is_reported_and_blocks(world, running, clock):
    org, election, people = running
    for p in people[:4]:
        step(org, election, "nomination", "nominate", {"id_number": p.id_number, "channel": "self"})
    advance(org, election, "nomination")
    for nom in election.nominations.all():
        for key in ("full_member", "age", "record"):
            step(org, election, "review", "check", {"nomination": nom.pk, "condition": key, "passed": "yes"})
    advance(org, election, "review")
    clock.move(days=6)
    advance(org, election, "notice")
    s = stage(election, "primary")
    s.settings = {**s.settings, "places": 2}  # as if adjusted before the start
    s.save()
    step(org, election, "primary", "meeting")
    s.refresh_from_db()
    poll = current_polls(s)[""]
    open_and_check_in(org, s.meeting)
    a, b, c, _d = (p.name for p in people[:4])
    # a: 10; b and c: 7 each, both more than half of 12, tied for the one place left
    anon = client_for_anon()
    vote(org, anon, poll, [{a: "for", b: "for"}] * 5 + [{a: "for", c: "for"}] * 5 + [{b: "for", c: "for"}] * 2)
    poll.refresh_from_db()
    assert poll.result["status"] == "runoff_needed"
    r = advance(org, election, "primary")
    assert stage(election, "primary").state == Stage.State.ACTIVE
    assert any("在名额分界处票数相等，须就 1 个名额在会上再次投票" in m for m in messages_of(r))
    assert not election.nominations.filter(formal=True).exists()
    # the run-off among the tied, in the same meeting (the meeting's own next-round step)
    org.post(f"/staff/polls/{poll.pk}/next-round/")
    runoff = Poll.objects.get(follows=poll)
    vote(org, anon, runoff, [{b: "for"}] * 8 + [{c: "for"}] * 4)
    advance(org, election, "primary")
    formal = election.nominations.filter(formal=True).order_by("-primary_votes")
    assert [(n.person.name, n.primary_votes) for n in formal] == [(a, 10), (b, 8)]


def client_for_anon():
    from django.test import Client

    return Client()


def test_an_outsider_and_a_reader_change_nothing(world, client_for, running):
    _org, election, people = running
    s = stage(election, "nomination")
    for user, status in ((world.outsider, 404), (world.observer, 404), (world.member, 403)):
        c = client_for(user)
        assert (
            c.post(
                f"/staff/elections/{election.pk}/stages/{s.pk}/nominate",
                {"id_number": people[0].id_number, "channel": "self"},
            ).status_code
            == status
        )
        assert c.post(f"/staff/elections/{election.pk}/stages/{s.pk}/advance").status_code == status
    assert client_for(world.outsider).get(f"/staff/elections/{election.pk}/").status_code == 404
    assert client_for(world.member).get(f"/staff/elections/{election.pk}/").status_code == 200
    assert client_for(None).get(f"/staff/elections/{election.pk}/").status_code == 302
    assert not election.nominations.exists()


def _to_primary(org, election, people, clock, n=3):
    for p in people[:n]:
        step(org, election, "nomination", "nominate", {"id_number": p.id_number, "channel": "self"})
    advance(org, election, "nomination")
    for nom in election.nominations.all():
        for key in ("full_member", "age", "record"):
            step(org, election, "review", "check", {"nomination": nom.pk, "condition": key, "passed": "yes"})
    advance(org, election, "review")
    clock.move(days=6)
    advance(org, election, "notice")


def test_a_primary_without_a_quorum_is_held_again_in_a_new_meeting(world, running, clock):
    org, election, people = running
    _to_primary(org, election, people, clock)
    step(org, election, "primary", "meeting")
    s = stage(election, "primary")
    first_meeting, first_poll = s.meeting, current_polls(s)[""]
    org.post(f"/staff/meetings/{first_meeting.pk}/open/")
    for a in first_meeting.attendees.filter(kind="voter")[:9]:  # 9 of 12: under four fifths
        org.post(f"/staff/meetings/{first_meeting.pk}/check-in", {"attendee": a.pk})
    names = [p.name for p in people[:3]]
    vote(org, client_for_anon(), first_poll, [dict.fromkeys(names, "for")] * 9)
    first_poll.refresh_from_db()
    assert first_poll.result["status"] == "not_quorate"
    r = advance(org, election, "primary")
    assert any("到会人数不足，选举不能进行，须重新投票" in m for m in messages_of(r))
    assert "重新召开会议投票" in page(org, election).content.decode()
    step(org, election, "primary", "meeting")
    s.refresh_from_db()
    assert s.meeting != first_meeting and list(
        StagePoll.objects.filter(stage=s, current=False).values_list("poll", flat=True)
    ) == [first_poll.pk]
    open_and_check_in(org, s.meeting)
    vote(org, client_for_anon(), current_polls(s)[""], [dict.fromkeys(names, "for")] * 12)
    r = advance(org, election, "primary")
    assert messages_of(r) == ["本阶段已完成。"]
    assert election.nominations.filter(formal=True).count() == 3
    r = step(org, election, "primary", "meeting")
    assert any("只能在" in m for m in messages_of(r))  # the stage is over


def test_a_reader_sees_the_page_without_the_controls(world, client_for, running):
    _org, election, _people = running
    r = client_for(world.member).get(f"/staff/elections/{election.pk}/")
    assert r.status_code == 200 and "尚无人报名。" in r.context["blockers"]
    assert "完成本阶段" not in r.content.decode() and "登记报名" not in r.content.decode()
    assert "完成本阶段" in client_for(world.organiser).get(f"/staff/elections/{election.pk}/").content.decode()


def test_before_the_start_the_blocker_is_the_start(world, client_for):
    from web.elections.kinds import blockers_before_advance

    org = client_for(world.organiser)
    election = create(org, world.body_a.pk, "village")
    assert blockers_before_advance(election) == ["选举尚未开始。"]
    assert [s.kind for s in election.stages.all()] == ["register", "nomination", "proxies", "election", "supplementary"]
    s = stage(election, "nomination")
    r = org.post(f"/staff/elections/{election.pk}/stages/{s.pk}/advance", follow=True)
    assert "只能完成当前进行中的阶段，不能跳过阶段。" in messages_of(r)
    r = step(org, election, "nomination", "nominate", {"id_number": world.person_a.id_number, "channel": "self"})
    assert any("只能在" in m for m in messages_of(r))
    r = org.post(f"/staff/bodies/{world.body_a.pk}/elections/", {"title": "", "template": "nope"})
    assert r.status_code == 422


def test_the_election_day_may_still_be_set_on_the_register_after_the_start(world, client_for):
    org = client_for(world.organiser)
    election = create(org, world.body_a.pk, "village")
    org.post(f"/staff/elections/{election.pk}/start")
    register = stage(election, "register")
    p = f"s{register.pk}"
    url = f"/staff/elections/{election.pk}/stages/{register.pk}/settings"
    page = org.get(f"/staff/elections/{election.pk}/").content.decode()
    assert f'name="{p}-election_day"' in page
    r = org.post(url, {f"{p}-min_days": "20", f"{p}-election_day": "2027-01-20"}, follow=True)
    assert "设置已调整。" in messages_of(r)
    register.refresh_from_db()
    assert register.settings == {"min_days": 20, "election_day": "2027-01-20"}
    r = org.post(url, {f"{p}-min_days": "5", f"{p}-election_day": "2027-01-20"})
    assert r.status_code == 422 and "选举开始后不能再调整设置。" in r.content.decode()
    r = org.post(url, {f"{p}-min_days": "20", f"{p}-election_day": "明年"})
    assert r.status_code == 422 and 'value="明年"' in r.content.decode()
    register.refresh_from_db()
    assert register.settings == {"min_days": 20, "election_day": "2027-01-20"}
