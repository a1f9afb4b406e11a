"""The demo's appraisals (issue 15; DOMAIN.md §4.3, §5.4), each a session of ``web.appraisals``
held with the meetings' own appraisal poll, told on the demo year's clock:

1. the first community's year-end appraisal of its two committees' members by the party members
   in a meeting, by phone codes: counted, one member flagged for the organisation to review,
   published on the board;
2. the first village's satisfaction survey of its two committees and its committee members by
   household codes over a week: one cadre under 60% (seed 001's flag), published;
3. the first community's residents' representatives rating the residents' committee members on
   paper (the village member scale), entered form by form by the meeting's two tellers (the
   ``teller`` and ``member`` personas); one member was rated 不称职 the year before too, so the
   two-years-in-a-row rule shows. That session is internal: not on the board.

The flags stay open on the organiser's and the secretary's home pages. One ``random.Random`` per
seed draws every grade over rosters read in a fixed order, so the same seed gives the same
forms on SQLite and PostgreSQL, whatever the hour it is seeded."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from web.appraisals import actions
from web.appraisals.models import Session
from web.common.demo_clock import YearStory, year_story
from web.meetings import actions as meetings
from web.meetings import batches, paper, tellers
from web.meetings.models import Meeting, Officer, Poll
from web.org.models import Body, BodySeat, Household, Person, Role, Unit

GOOD = ("优秀", "称职", "称职", "称职", "基本称职")
POOR = ("称职", "基本称职", "基本称职", "不称职", "不称职")
SATISFIED = ("满意", "满意", "满意", "基本满意", "不满意")
UNHAPPY = ("满意", "基本满意", "不满意", "不满意", "不满意")


def _unit_of(user: Any, kind: str) -> Unit:
    return Role.objects.filter(user=user, kind=kind).select_related("unit").first().unit  # type: ignore[union-attr]


def _people_on(unit: Unit, *kinds: str, but: frozenset[int] = frozenset()) -> list[Person]:
    seats = BodySeat.objects.filter(body__unit=unit, body__kind__in=kinds).select_related("person").order_by("id")
    people: dict[int, Person] = {}
    for seat in seats:
        if seat.person_id not in but:
            people.setdefault(seat.person_id, seat.person)
    return list(people.values())


def _form(
    rng: random.Random, keys: list[str], poor: str, good: tuple[str, ...], bad: tuple[str, ...], n: int
) -> dict[str, Any]:
    """The ``n``th form: the others graded at random from ``good``; the one ``poor`` subject by
    ``bad`` in turn, so its flag is raised whatever the seed."""
    return {"grades": {k: bad[n % len(bad)] if k == poor else rng.choice(good) for k in keys}}


def _present(meeting: Meeting, user: Any, rng: random.Random, share: float) -> list[Any]:
    meetings.do_open_meeting(meeting=meeting, acting_user=user)
    return [
        meetings.do_check_in(attendee=a, method="card", acting_user=user)
        for a in meeting.attendees.filter(kind="voter").order_by("id")
        if rng.random() < share
    ]


def _subjects(people: list[Person]) -> list[actions.SubjectIn]:
    return [actions.SubjectIn(name=p.name, person=p) for p in people]


def _by_phone(
    story: YearStory, *, unit: Unit, body: Body, user: Any, rng: random.Random, year: int, title: str, **kw: Any
) -> Session:
    """A session in a new meeting of ``body``, every present voter rating by phone; counted."""
    meeting = meetings.do_create_meeting(body=body, title=title, starts_at=story.now(), acting_user=user)
    present = _present(meeting, user, rng, 0.9)
    people = kw.pop("people")
    session = actions.do_create_session(
        unit=unit, title=title, year=year, mode="phone", raters="body", subjects=_subjects(people),
        meeting=meeting, acting_user=user, **kw,
    )  # fmt: skip
    actions.do_open_session(session=session, acting_user=user)
    codes = meetings.hand_out_codes(session.poll, present, acting_user=user)
    keys = list(session.poll.candidates.order_by("key").values_list("key", flat=True))
    poor = session.subjects.get(person=people[-1]).key
    bad = ("不称职", "不称职", "称职") if kw.get("scale") == "village_member" else POOR
    for n, code in enumerate(codes):
        meetings.cast_ballot(poll_id=session.poll_id, code=code, content=_form(rng, keys, poor, GOOD, bad, n))
    session = actions.do_count_session(session=session, acting_user=user)
    meetings.do_close_meeting(meeting=meeting, acting_user=user)
    return session


def _committees(story: YearStory, community: Unit, organiser: Any, rng: random.Random) -> Session:
    story.at(0.96, 14)
    body = Body.objects.get(unit=community, kind=Body.Kind.MEMBERS_MEETING)
    people = _people_on(community, Body.Kind.PARTY_COMMITTEE, Body.Kind.RESIDENTS_COMMITTEE)
    session = _by_phone(
        story, unit=community, body=body, user=organiser, rng=rng, year=story.year, people=people,
        title=f"{story.year}年度{community.name}“两委”班子成员民主测评", scale="individual", visibility="public",
    )  # fmt: skip
    story.at(0.97, 10)
    return actions.do_publish_session(session=session, acting_user=organiser)


def _survey(story: YearStory, village: Unit, secretary: Any, rng: random.Random) -> Session:
    story.at(0.90, 9)
    opens, closes = story.moment(story.day(0.91), 8), story.moment(story.day(0.94), 20)
    cadres = _people_on(village, Body.Kind.VILLAGERS_COMMITTEE)
    groups = [actions.SubjectIn(name=f"{village.name}党组织", kind="group", unit=village),
              actions.SubjectIn(name=f"{village.name}村民委员会", kind="group", unit=village)]  # fmt: skip
    session = actions.do_create_session(
        unit=village, title=f"{story.year}年度{village.name}村民满意度测评", year=story.year, mode="survey",
        raters="households", scale="satisfaction", subjects=groups + _subjects(cadres), visibility="public",
        body=Body.objects.filter(unit=village, kind=Body.Kind.VILLAGERS_MEETING).first()
        or Body.objects.filter(unit=village).order_by("id").first(),
        opens_at=opens, closes_at=closes, acting_user=secretary,
    )  # fmt: skip
    story.set(opens)
    actions.do_open_session(session=session, acting_user=secretary)
    codes: list[str] = []
    households = max(session.rater_count, batches.min_batch())
    while len(codes) < households:
        size = max(min(households - len(codes), batches.MAX_CODE_BATCH), batches.min_batch())
        codes += batches.do_issue_code_batch(poll=session.poll, size=size, acting_user=secretary)
    keys = list(session.poll.candidates.order_by("key").values_list("key", flat=True))
    poor = session.subjects.get(person=cadres[-1]).key if cadres else keys[-1]
    answered = [code for code in codes if rng.random() < 0.78]  # not every household answers
    for n, code in enumerate(answered):
        meetings.cast_ballot(poll_id=session.poll_id, code=code, content=_form(rng, keys, poor, SATISFIED, UNHAPPY, n))
    story.set(closes)
    session = actions.do_count_session(session=session, acting_user=secretary)
    return actions.do_publish_session(session=session, acting_user=secretary)


def _paper(story: YearStory, community: Unit, organiser: Any, rng: random.Random) -> Session:
    users = {u.username: u for u in get_user_model().objects.filter(username__in=("teller", "member"))}
    # the two personas the demo's meetings appoint as tellers, with their roster persons
    counters = [(users[n], users[n].person) for n in ("teller", "member") if n in users and users[n].person]
    body = Body.objects.get(unit=community, kind=Body.Kind.RESIDENT_REPS)
    people = _people_on(community, Body.Kind.RESIDENTS_COMMITTEE, but=frozenset(p.pk for _u, p in counters if p))
    # the year before, by phone: the last member already rated 不称职 once
    story.set(dt.date(story.year - 1, 12, 10), 9)
    _by_phone(
        story, unit=community, body=body, user=organiser, rng=rng, year=story.year - 1, people=people,
        title=f"{story.year - 1}年度{community.name}居委会成员民主评议", scale="village_member",
        visibility="restricted",
    )  # fmt: skip
    story.at(0.98, 9)
    title = f"{story.year}年度{community.name}居委会成员民主评议"
    meeting = meetings.do_create_meeting(body=body, title=title, starts_at=story.now(), acting_user=organiser)
    for _user, person in counters:
        assert person is not None  # kept above
        meetings.do_appoint_officer(meeting=meeting, person=person, role=Officer.Role.TELLER, acting_user=organiser)
    present = _present(meeting, organiser, rng, 0.95)
    session = actions.do_create_session(
        unit=community, title=title, year=story.year, mode="paper", raters="representatives",
        scale="village_member", subjects=_subjects(people), visibility="restricted", meeting=meeting,
        acting_user=organiser,
    )  # fmt: skip
    actions.do_open_session(session=session, acting_user=organiser)
    for attendee in present:
        meetings.do_issue_paper(poll=session.poll, attendee=attendee)
    keys = list(session.poll.candidates.order_by("key").values_list("key", flat=True))
    poor = session.subjects.get(person=people[-1]).key
    forms = [_form(rng, keys, poor, GOOD, ("不称职", "不称职", "基本称职"), n) for n in range(len(present))]
    if len(counters) == 2:
        poll = Poll.objects.get(pk=session.poll_id)
        for user, _person in counters:  # both tellers enter every returned form, each on their own account
            officer = tellers.officer_of(user, meeting)
            assert officer is not None  # appointed above
            teller = tellers.confirm(poll=poll, officer_id=officer.pk, password="", acting_user=user, address="")
            entry = paper.do_start_entry(poll=poll, teller=teller)
            for content in forms:
                paper.do_add_ballot(entry=entry, content=content, teller=teller)
            paper.do_submit_entry(entry=entry, teller=teller)
    story.at(0.98, 11)
    session = actions.do_count_session(session=session, acting_user=organiser)
    meetings.do_close_meeting(meeting=meeting, acting_user=organiser)
    return session


def seed_appraisals(*, seed: int) -> dict[str, Any]:
    rng = random.Random(f"appraisals-{seed}")
    users = {u.username: u for u in get_user_model().objects.filter(username__in=("organiser", "secretary"))}
    community = _unit_of(users["organiser"], Role.Kind.ORG_STAFF)
    village = _unit_of(users["secretary"], Role.Kind.SECRETARY)
    with transaction.atomic(), year_story() as story:
        sessions = [
            _committees(story, community, users["organiser"], rng),
            _survey(story, village, users["secretary"], rng),
            _paper(story, community, users["organiser"], rng),
        ]
    return {
        "sessions": len(sessions) + 1,
        "households": Household.objects.filter(unit__path__startswith=village.path).count(),
        "flags": sum(s.reviews.count() for s in sessions),
    }
