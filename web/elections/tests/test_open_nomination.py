"""Template 1, open nomination and direct election (三荐一审两会两票决), walked through the
pages from the first registration to the approved result on the public board."""

from __future__ import annotations

import pytest

from web.audit.models import AuditEntry
from web.elections.models import Election, Nomination, Stage
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
def setup(world, client_for, clock):
    people = [world.person_a, *members(world, 11)]  # 12 members with the vote
    org = client_for(world.organiser)
    election = create(org, world.body_a.pk, "open_nomination")
    assert org.post(f"/staff/elections/{election.pk}/start").status_code == 302
    return {"people": people, "org": org, "election": election}


def _nominate_seven(org, election, people):
    """Seven registrants through the three channels: self, joint (5 co-signers on the roster), organisation."""
    ids = [p.id_number for p in people]
    for i in range(4):
        r = step(org, election, "nomination", "nominate", {"id_number": ids[i], "channel": "self"})
        assert "报名已登记。" in messages_of(r)
    r = step(
        org,
        election,
        "nomination",
        "nominate",
        {"id_number": ids[4], "channel": "joint", "cosigners": "\n".join(ids[7:12])},
    )
    assert "报名已登记。" in messages_of(r)
    for i in (5, 6):
        step(
            org,
            election,
            "nomination",
            "nominate",
            {"id_number": ids[i], "channel": "organisation", "organisation": "和平社区党支部"},
        )
    assert election.nominations.count() == 7


def _review_all(org, election, fail=None):
    for nom in election.nominations.all():
        for cond in stage(election, "review").settings["conditions"]:
            bad = fail == (nom.person.name, cond["key"])
            r = step(
                org,
                election,
                "review",
                "check",
                {
                    "nomination": nom.pk,
                    "condition": cond["key"],
                    "passed": "no" if bad else "yes",
                    "reason": "超过55周岁" if bad else "",
                },
            )
            assert "审查结果已记录。" in messages_of(r)


def _to_primary(org, election, people, clock):
    _nominate_seven(org, election, people)
    advance(org, election, "nomination")
    _review_all(org, election)
    advance(org, election, "review")
    clock.move(days=6)
    advance(org, election, "notice")


def test_template_one_from_registration_to_approved_result_on_the_board(world, client_for, setup, clock):
    org, election, people = setup["org"], setup["election"], setup["people"]
    anon = client_for(None)
    assert page(org, election).status_code == 200
    _nominate_seven(org, election, people)
    assert "报名已登记。" not in messages_of(advance(org, election, "review"))  # not the active stage
    advance(org, election, "nomination")

    _review_all(org, election, fail=(people[6].name, "age"))
    r = advance(org, election, "review")
    assert stage(election, "review").state == Stage.State.DONE
    checks = election.nominations.get(person=people[6]).checks.get(condition="age")
    assert not checks.passed and checks.reason == "超过55周岁" and checks.reviewer == world.organiser
    assert election.nominations.filter(status=Nomination.Status.ELIGIBLE).count() == 6
    assert "年龄不超过55周岁 · 不符合 · 超过55周岁 · organiser" in page(org, election).content.decode()

    # public notice: on the unit's board, with an objection that must be answered
    board = anon.get(f"/u/{world.community_a.code}/").content.decode()
    assert "经资格审查的人选公示" in board and people[0].name in board and people[6].name not in board
    r = step(
        org,
        election,
        "notice",
        "objection",
        {"raised_by": "居民甲", "text": "请核实任职经历", "nomination": election.nominations.first().pk},
    )
    clock.move(days=6)
    r = advance(org, election, "notice")
    assert any("尚未答复" in m for m in messages_of(r))
    objection = stage(election, "notice").objections.get()
    step(org, election, "notice", "answer", {"objection": objection.pk, "answer": "经核实无误", "upheld": "no"})
    advance(org, election, "notice")
    assert stage(election, "primary").state == Stage.State.ACTIVE

    # candidate-recommendation meeting: a primary, for > 1/2 of expected, formal list by votes
    step(org, election, "primary", "meeting")
    primary = stage(election, "primary")
    poll = current_polls(primary)[""]
    assert poll.rules["qualifies"] == "for > 1/2 of expected" and poll.seats == 6
    open_and_check_in(org, primary.meeting)
    eligible = [n.person.name for n in election.nominations.filter(status="eligible")]
    vote(org, anon, poll, [dict.fromkeys(eligible, "for")] * 12)
    advance(org, election, "primary")
    formal = list(election.nominations.filter(formal=True).order_by("pk"))
    assert len(formal) == 6 and all(n.primary_votes == 12 for n in formal)
    board = anon.get(f"/u/{world.community_a.code}/").content.decode()
    assert "正式候选人（按推荐会得票多少排列）" in board

    # election meeting: secretary and deputy non-competitive, members competitive (4 for 3)
    el = stage(election, "election")
    r = step(org, election, "election", "candidates", {"post": "secretary", "nomination": [formal[0].pk]})
    step(org, election, "election", "candidates", {"post": "deputy", "nomination": [formal[1].pk]})
    step(org, election, "election", "candidates", {"post": "member", "nomination": [n.pk for n in formal[2:5]]})
    r = page(org, election)
    assert "委员候选人名单有 3 人、应选 3 名；差额选举至少需要 4 人。" in r.context["blockers"]
    r = step(org, election, "election", "meeting")
    assert any("差额选举至少需要 4 人" in m for m in messages_of(r))
    step(org, election, "election", "candidates", {"post": "member", "nomination": [n.pk for n in formal[2:6]]})
    step(org, election, "election", "meeting")
    el.refresh_from_db()
    polls = current_polls(el)
    open_and_check_in(org, el.meeting)
    names = [n.person.name for n in formal]
    vote(org, anon, polls["secretary"], [{names[0]: "for"}] * 12)
    vote(org, anon, polls["deputy"], [{names[1]: "for"}] * 12)
    vote(org, anon, polls["member"], [{names[2]: "for", names[3]: "for", names[4]: "for", names[5]: "against"}] * 12)
    advance(org, election, "election")
    el.refresh_from_db()
    assert el.data["elected"]["secretary"] == [names[0]] and el.data["elected"]["deputy"] == [names[1]]
    assert sorted(el.data["elected"]["member"]) == sorted(names[2:5])

    # approval by the upper level (the street), then publication
    r = advance(org, election, "approval")
    assert any("待上级批准" in m for m in messages_of(r))
    assert [p.pk for p in r.context["result_polls"]] == [p.pk for p in polls.values()]
    street = client_for(world.street_staff)
    for post in ("secretary", "deputy"):
        assert street.post(f"/staff/polls/{polls[post].pk}/approval", {"decision": "approve"}).status_code == 302
    advance(org, election, "approval")
    election.refresh_from_db()
    assert election.state == Election.State.DONE
    assert all(Poll.objects.get(pk=p.pk).published_at for p in polls.values())
    board = anon.get(f"/u/{world.community_a.code}/").content.decode()
    assert polls["secretary"].title in board
    assert AuditEntry.objects.filter(action="election.advance").count() == 6
    counts = {
        a: AuditEntry.objects.filter(action=a).count()
        for a in (
            "election.create",
            "election.start",
            "election.nominate",
            "election.review",
            "election.objection",
            "election.answer",
            "election.meeting",
            "election.post_candidates",
        )
    }
    assert counts == {
        "election.create": 1,
        "election.start": 1,
        "election.nominate": 7,
        "election.review": 21,
        "election.objection": 1,
        "election.answer": 1,
        "election.meeting": 2,
        "election.post_candidates": 4,
    }
