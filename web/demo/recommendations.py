"""The demo's democratic recommendation (seed 000, seed 002): the street's organisation staff (the
``street`` persona) hold a recommendation for the party secretary of the organiser's community in
a meeting of its members, with two classes of recommenders (A: the two committees, B: party
members), forms on phones. The votes scatter, so a second round is held in the same scope among
the two leading names; one of them clears the 50% bar, both results are published, and the
community's cadre appointment (the ``organiser`` persona's matter) records its five gates, the
recommendation gate pointing at the published second round.

Everything is an action told on the demo year's clock; the forms are drawn by one
``random.Random`` per seed over a fixed list, so the same seed gives the same result on SQLite
and PostgreSQL, whatever the hour it is seeded."""

from __future__ import annotations

import random
from typing import Any

from django.db import transaction

from web.common.demo_clock import year_story
from web.deliberation import actions as deliberation
from web.deliberation.models import Matter
from web.demo.meetings import _members_meeting_body
from web.meetings import actions as meetings
from web.meetings import ballots
from web.meetings.models import Attendee, Meeting
from web.recommendations import actions
from web.recommendations.actions import ClassSpec
from web.recommendations.models import Recommendation

#: at most this many recommenders fill forms (a third in class A, the two committees; the rest in
#: class B, party members), and at least this many (the smallest demo street has 20 voters)
MOST, LEAST = 36, 16
NAMES = 8


def _cast(poll: Any, attendees: list[Attendee], forms: list[list[str]]) -> None:
    keys = {c.name: c.key for c in poll.candidates.all()}
    poll = meetings.do_open_poll(poll=poll, acting_user=poll.meeting.created_by)
    codes = meetings.hand_out_codes(poll, attendees)
    for code, names in zip(codes, forms, strict=True):
        content = ballots.clean_content(poll, {"pick": [keys[n] for n in names]})
        meetings.cast_ballot(poll_id=poll.pk, code=code, content=content)
    meetings.do_close_poll(poll=poll, acting_user=poll.meeting.created_by)


def _hold(rec: Recommendation, voters: list[Attendee], forms: list[list[str]], user: Any) -> Recommendation:
    a = len(voters) // 3
    for cls in rec.classes.select_related("poll").order_by("key"):
        part = slice(0, a) if cls.key == "A" else slice(a, len(voters))
        _cast(cls.poll, voters[part], forms[part])
    rec = actions.do_count_recommendation(recommendation=rec, acting_user=user)
    return actions.do_publish_recommendation(recommendation=rec, acting_user=user)


def _first_round(names: list[str], total: int, rng: random.Random) -> list[list[str]]:
    """The first two names one form more than the rest, which share the others in turn: the two
    leaders hold about a quarter of the recommendations (under half for 16 forms or more), so the
    votes scatter and the engine suggests exactly those two for a second round."""
    forms = [[names[0]], [names[1]], *([names[i % len(names)]] for i in range(total - 2))]
    rng.shuffle(forms)
    return forms


def _second_round(names: list[str], total: int, rng: random.Random) -> list[list[str]]:
    """Two thirds for the first name, one blank form, the rest for the second."""
    first = -(-2 * total // 3)
    forms = [[names[0]]] * first + [[names[1]]] * (total - first - 1) + [[]]
    rng.shuffle(forms)
    return forms


def seed_recommendations(*, seed: int) -> dict[str, Any]:
    rng = random.Random(seed * 17 + 5)
    body, organiser, street_user = _members_meeting_body()
    community = body.unit
    with transaction.atomic(), year_story() as story:
        story.at(0.78, 9)
        meeting = meetings.do_create_meeting(
            body=body,
            title=f"{community.name}党委书记人选民主推荐会",
            starts_at=story.now(),
            place="社区党群服务中心",
            acting_user=street_user,
        )
        meetings.do_open_meeting(meeting=meeting, acting_user=street_user)
        roster = list(meeting.attendees.filter(kind=Attendee.Kind.VOTER).select_related("person").order_by("id"))
        voters = roster[:MOST]
        names = list(dict.fromkeys(a.person.name for a in roster[len(voters) :] + roster))[:NAMES]
        if len(voters) < LEAST or len(names) < NAMES:
            raise ValueError("the demo community has too few voting members for the recommendation story")
        voters = [meetings.do_check_in(attendee=a, method="card", acting_user=street_user) for a in voters]
        a = len(voters) // 3
        rec = actions.do_create_recommendation(
            unit=community.parent or community,
            title=f"{community.name}党委书记人选民主推荐",
            post=f"{community.name}党委书记",
            places=1,
            names=names,
            classes=[
                # class A by its list (the desk hands its form only to them); class B by the desk
                ClassSpec(
                    "A",
                    "社区两委班子成员",
                    "社区党委委员和居委会委员",
                    a,
                    tuple(v.person.id_number for v in voters[:a]),
                ),
                ClassSpec("B", "党员代表", "社区党员（按党小组推选）", len(voters) - a),
            ],
            meeting=meeting,
            acting_user=street_user,
        )
        story.at(0.78, 10)
        first = _hold(rec, voters, _first_round(names, len(voters), rng), street_user)
        story.at(0.80, 9)
        second = actions.do_start_second_round(recommendation=first, meeting=meeting, acting_user=street_user)
        leading = actions.second_round_names(first)
        story.at(0.80, 10)
        second = _hold(second, voters, _second_round(leading, len(voters), rng), street_user)
        meetings.do_close_meeting(meeting=Meeting.objects.get(pk=meeting.pk), acting_user=street_user)
        chosen = next(c["name"] for c in (second.result or {}).get("candidates", []) if c["reaches_bar"])
        story.at(0.82, 9)
        matter = deliberation.do_propose_matter(
            unit=community,
            title=f"拟任命{chosen}为{community.name}党委书记",
            kind=Matter.Kind.APPOINTMENT,
            chain="committee_decision",
            acting_user=organiser,
        )
        story.at(0.82, 10)
        deliberation.do_record_gate(
            matter=matter, gate="recommendation", note="", recommendation=second.pk, acting_user=organiser
        )
        for gate, note in (
            ("inspection", "街道党工委考察组差额考察，考察材料已归档。"),
            ("papers", "任职资格审查表、考察报告、民主推荐结果齐全。"),
            ("complaints", "公示期间未收到群众反映。"),
        ):
            story.at(0.84, 10)
            deliberation.do_record_gate(matter=matter, gate=gate, note=note, acting_user=organiser)
    return {"recommendations": 2, "matter": matter.pk, "first": first.pk, "second": second.pk}
