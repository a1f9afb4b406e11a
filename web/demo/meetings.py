"""Meetings for the demo street: one in every state, so a newcomer can see and try each step.

In the first community's party members' meeting (the organiser persona's):
- a closed meeting whose election of delegates was counted, approved and published on the board;
- an open meeting with an open motion, most members checked in, and three voting codes
  written to ``var/demo-voting-codes.txt`` for trying the phone ballot; and an open election
  by paper ballot whose two appointed tellers (the ``teller`` and ``member`` personas) have the
  handed-out ballots to enter;
- a meeting in preparation (draft roster).
Everything goes through the same actions staff use, so the audit log tells the story.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from web.meetings import actions, results
from web.meetings.actions import hand_out_codes
from web.meetings.models import Meeting
from web.org.models import Body, Role

CODES_FILE = "demo-voting-codes.txt"
ELECTION_RULES = {"quorum": "present >= 4/5 of expected", "elected": "for > 1/2 of present"}
MOTION_RULES = {"passes": "yes > 1/2 of present"}
#: the personas the open meeting appoints as its two tellers (docs/demo.md)
TELLER_PERSONAS = ("teller", "member")


def _members_meeting_body() -> tuple[Body, Any, Any]:
    users = get_user_model().objects
    organiser, street = users.get(username="organiser"), users.get(username="street")
    unit = Role.objects.get(user=organiser, kind=Role.Kind.ORG_STAFF).unit
    return Body.objects.get(unit=unit, kind=Body.Kind.MEMBERS_MEETING), organiser, street


def _check_in(meeting: Meeting, rng: random.Random, share: float, organiser: Any) -> None:
    for attendee in meeting.attendees.order_by("id"):
        if rng.random() < share:
            actions.do_check_in(attendee=attendee, method="card", acting_user=organiser)


@transaction.atomic
def seed_meetings(*, seed: int) -> dict[str, Any]:
    rng = random.Random(seed)
    body, organiser, street = _members_meeting_body()
    today = timezone.localdate()

    def at(days: int, hour: int) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(today + dt.timedelta(days=days), dt.time(hour)))

    # 1. last month: the election of delegates, counted, approved by the street, published
    past = actions.do_create_meeting(
        body=body,
        title=f"{body.unit.name}党员大会（选举党代会代表）",
        starts_at=at(-30, 9),
        place="社区党群服务中心",
        acting_user=organiser,
    )
    actions.do_open_meeting(meeting=past, acting_user=organiser)
    _check_in(past, rng, 0.92, organiser)
    voters = list(past.attendees.filter(kind="voter", checked_in_at__isnull=False).select_related("person"))
    names = [a.person.name for a in voters[:6]]
    poll = actions.do_create_poll(
        meeting=past,
        title="选举出席区党代会代表",
        kind="election",
        seats=5,
        rules=ELECTION_RULES,
        candidates=[(n, None) for n in names],
        needs_approval=True,
        acting_user=organiser,
    )
    actions.do_open_poll(poll=poll, acting_user=organiser)
    keys = [c.key for c in poll.candidates.order_by("key")]
    favour = {k: 0.95 - 0.09 * i for i, k in enumerate(keys)}
    for code in hand_out_codes(poll, voters, acting_user=organiser):
        marks = {k: ("for" if rng.random() < favour[k] else rng.choice(["against", "abstain"])) for k in keys}
        for k in [k for k, m in marks.items() if m == "for"][5:]:
            marks[k] = "abstain"
        actions.cast_ballot(poll_id=poll.pk, code=code, content={"marks": marks})
    actions.do_close_poll(poll=poll, acting_user=organiser)
    results.do_decide_approval(poll=poll, approve=True, note="经街道党工委研究，同意。", acting_user=street)
    results.do_publish(poll=poll, acting_user=organiser)
    actions.do_close_meeting(meeting=past, acting_user=organiser)

    # 2. today: an open meeting with an open motion; three codes to try the phone ballot
    now = actions.do_create_meeting(
        body=body,
        title=f"{body.unit.name}党员大会（议事）",
        starts_at=at(0, 9),
        place="社区党群服务中心",
        acting_user=organiser,
    )
    actions.do_open_meeting(meeting=now, acting_user=organiser)
    _check_in(now, rng, 0.85, organiser)
    motion = actions.do_create_poll(
        meeting=now, title="同意将社区公益金用于加装电梯补助", kind="motion", rules=MOTION_RULES, acting_user=organiser
    )
    actions.do_open_poll(poll=motion, acting_user=organiser)
    present = now.attendees.filter(kind="voter", checked_in_at__isnull=False).order_by("id")
    codes = hand_out_codes(motion, list(present[:3]), acting_user=organiser)
    path = settings.VAR_DIR / CODES_FILE
    path.write_text("\n".join(codes) + "\n", encoding="utf-8")
    paper_poll = _paper_election(now, present, organiser)

    # 3. next week: a meeting in preparation
    actions.do_create_meeting(
        body=body,
        title=f"{body.unit.name}党员大会（民主评议）",
        starts_at=at(7, 14),
        place="社区党群服务中心",
        acting_user=organiser,
    )
    reps_meeting = _representatives_meeting(body.unit, organiser, at(-7, 19), random.Random(seed + 12))
    actions.do_create_meeting(
        body=reps_meeting.body,
        title=f"{reps_meeting.body.name}（征集明年民生实事项目）",
        starts_at=at(5, 19),
        place="社区党群服务中心",
        acting_user=organiser,
    )
    return {
        "published_poll": poll.pk,
        "open_poll": motion.pk,
        "codes": codes,
        "paper_poll": paper_poll.pk,
        "reps_meeting": reps_meeting.pk,
    }


def _representatives_meeting(unit: Any, organiser: Any, starts_at: dt.datetime, rng: random.Random) -> Meeting:
    """Last week's meeting of the community's residents' representatives, with a counted motion:
    what the ``representative`` persona, who sits on that body, reads (docs/demo.md)."""
    reps = Body.objects.get(unit=unit, kind=Body.Kind.RESIDENT_REPS)
    meeting = actions.do_create_meeting(
        body=reps,
        title=f"{reps.name}（小区停车管理）",
        starts_at=starts_at,
        place="社区党群服务中心",
        acting_user=organiser,
    )
    actions.do_open_meeting(meeting=meeting, acting_user=organiser)
    _check_in(meeting, rng, 0.9, organiser)
    poll = actions.do_create_poll(
        meeting=meeting,
        title="同意在小区主干道划定夜间临时停车位",
        kind="motion",
        rules=MOTION_RULES,
        acting_user=organiser,
    )
    actions.do_open_poll(poll=poll, acting_user=organiser)
    present = list(meeting.attendees.filter(kind="voter", checked_in_at__isnull=False).order_by("id"))
    for code in hand_out_codes(poll, present, acting_user=organiser):
        vote = "yes" if rng.random() < 0.8 else rng.choice(["no", "abstain"])
        actions.cast_ballot(poll_id=poll.pk, code=code, content={"vote": vote})
    actions.do_close_poll(poll=poll, acting_user=organiser)
    actions.do_close_meeting(meeting=meeting, acting_user=organiser)
    return meeting


def _paper_election(meeting: Meeting, present: Any, organiser: Any) -> Any:
    """An open election by paper ballot with ballots handed out, waiting for its two tellers:
    the ``teller`` and ``member`` personas, appointed by the meeting (web.meetings.tellers)."""
    from web.meetings.models import Officer

    users = get_user_model().objects
    teller_people = []
    for name in TELLER_PERSONAS:
        person = users.get(username=name).person
        assert person is not None  # the teller personas are seeded with their roster persons (web.demo.personas)
        teller_people.append(person)
    for person in teller_people:
        actions.do_appoint_officer(meeting=meeting, person=person, role=Officer.Role.TELLER, acting_user=organiser)
    voters = [a for a in present if a.person_id not in {p.pk for p in teller_people}]
    poll = actions.do_create_poll(
        meeting=meeting,
        title="补选社区党委委员",
        kind="election",
        seats=1,
        rules=ELECTION_RULES,
        candidates=[(a.person.name, None) for a in voters[-2:]],
        acting_user=organiser,
    )
    actions.do_open_poll(poll=poll, acting_user=organiser)
    for attendee in voters[:8]:  # eight members took a paper ballot; the tellers enter the returned ones
        actions.do_issue_paper(poll=poll, attendee=attendee)
    return poll


def add_saved_codes(codes: list[str]) -> None:
    """More codes to try, from polls opened by other demos (the demo elections)."""
    path = settings.VAR_DIR / CODES_FILE
    path.write_text("\n".join([*saved_codes(), *codes]) + "\n", encoding="utf-8")


def saved_codes() -> list[str]:
    path = settings.VAR_DIR / CODES_FILE
    return path.read_text(encoding="utf-8").split() if path.exists() else []
