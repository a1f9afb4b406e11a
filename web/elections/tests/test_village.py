"""Template 3, a villagers' committee election (DOMAIN.md §5.2): the register published at
least 20 days ahead with objections, written proxies checked by the engine, the election with
more candidates than seats, and a supplementary round for a seat left unfilled."""

from __future__ import annotations

import pytest

from web.elections.models import Election, Stage
from web.elections.stages import current_polls
from web.elections.tests.helpers import (
    adjust,
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
from web.org.models import Body, BodySeat


@pytest.fixture
def village(world, client_for, clock):
    body = Body.objects.create(name="和平社区居民会议", kind="villagers_meeting", unit=world.community_a)
    people = members(world, 12)
    for p in people:
        BodySeat.objects.create(body=body, person=p)
    org = client_for(world.organiser)
    election = create(org, body.pk, "village", title="第十二届居民委员会选举")
    return org, election, people


def _set_day(org, election, day):
    return adjust(org, election, "register", election_day=day)


def test_template_three_from_register_to_supplementary_round(world, client_for, village, clock):
    org, election, people = village
    anon = client_for(None)
    _set_day(org, election, "2026-03-30")
    org.post(f"/staff/elections/{election.pk}/start")
    assert "选民名单尚未公布。" in page(org, election).context["blockers"]
    step(org, election, "register", "register")
    step(org, election, "register", "objection", {"raised_by": "村民丙", "text": "名单漏登一人"})
    assert any("尚未答复" in b for b in page(org, election).context["blockers"])
    o = stage(election, "register").objections.get()
    step(org, election, "register", "answer", {"objection": o.pk, "answer": "已补登", "upheld": "no"})
    advance(org, election, "register")
    assert stage(election, "register").data == {"published_on": "2026-03-02", "registered": 12}

    names = [p.name for p in people]
    for p in people[:8]:
        step(org, election, "nomination", "nominate", {"id_number": p.id_number, "channel": "self"})
    advance(org, election, "nomination")

    # proxies: a candidate may hold none; a holder at most three
    r = step(org, election, "proxies", "proxy", {"voter": people[8].id_number, "holder": people[0].id_number})
    assert any("不得接受委托投票" in m for m in messages_of(r))
    for voter in people[8:11]:
        step(org, election, "proxies", "proxy", {"voter": voter.id_number, "holder": people[11].id_number})
    r = step(org, election, "proxies", "proxy", {"voter": people[7].id_number, "holder": people[11].id_number})
    assert any("受托超过 3 人" in m for m in messages_of(r))
    assert election.proxies.count() == 3
    advance(org, election, "proxies")

    noms = {n.person.name: n.pk for n in election.nominations.all()}
    plan = {"director": names[0:2], "deputy_director": names[2:4], "member": names[4:8]}
    step(org, election, "election", "candidates", {"post": "director", "nomination": [noms[names[0]]]})
    assert "主任候选人名单有 1 人、应选 1 名；差额选举至少需要 2 人。" in page(org, election).context["blockers"]
    for post, who in plan.items():
        step(org, election, "election", "candidates", {"post": post, "nomination": [noms[n] for n in who]})
    step(org, election, "election", "meeting")
    el = stage(election, "election")
    polls = current_polls(el)
    assert polls["member"].rules["quorum"] == "voted > 1/2 of expected"
    open_and_check_in(org, el.meeting)
    vote(org, anon, polls["director"], [{names[0]: "for"}] * 9 + [{names[1]: "for"}] * 3)
    vote(org, anon, polls["deputy_director"], [{names[2]: "for"}] * 8 + [{names[3]: "for"}] * 4)
    # members: 4 and 5 clear more than half of 12; 6 and 7 do not: one seat unfilled
    vote(
        org,
        anon,
        polls["member"],
        [{names[4]: "for", names[5]: "for", names[6]: "for"}] * 5
        + [{names[4]: "for", names[5]: "for", names[7]: "for"}] * 3
        + [{names[4]: "for", names[5]: "for"}] * 4,
    )
    advance(org, election, "election")
    el.refresh_from_db()
    assert el.data["unfilled"] == {"director": 0, "deputy_director": 0, "member": 1}

    sup = stage(election, "supplementary")
    assert sup.state == Stage.State.ACTIVE
    assert "委员尚有 1 个名额空缺，须另行选举。" in page(org, election).context["blockers"]
    step(org, election, "supplementary", "supplementary", {"post": "member"})
    sup.refresh_from_db()
    extra = current_polls(sup)["member"]
    assert extra.round == Poll.Round.SUPPLEMENTARY and extra.rules["elected"] == "for >= 1/3 of voted"
    assert sorted(c.name for c in extra.candidates.all()) == sorted(names[6:8])
    # plurality with the one-third floor: 5 of 12 is enough
    vote(org, anon, extra, [{names[6]: "for"}] * 5 + [{names[7]: "for"}] * 4 + [{}] * 3)
    extra.refresh_from_db()
    assert extra.result["status"] == "complete"
    advance(org, election, "supplementary")
    election.refresh_from_db()
    assert election.state == Election.State.DONE
    published = Poll.objects.filter(pk__in=[*[p.pk for p in polls.values()], extra.pk], published_at__isnull=False)
    assert published.count() == 4


def test_a_register_published_less_than_twenty_days_ahead_blocks(world, village, clock):
    org, election, _people = village
    _set_day(org, election, "2026-03-20")
    org.post(f"/staff/elections/{election.pk}/start")
    step(org, election, "register", "register")
    r = advance(org, election, "register")
    assert any("只有 18 天，法律要求至少 20 天" in m for m in messages_of(r))
    # the election day may still be moved while the register stage runs
    _set_day(org, election, "2026-03-22")
    advance(org, election, "register")
    assert stage(election, "register").state == Stage.State.DONE
