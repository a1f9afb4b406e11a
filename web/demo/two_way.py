"""The demo street's two-way appraisal (双向评议) of the year before the demo year, held in the
demo year's first weeks (``web.appraisals.two_way``):

- the street convenes its villages' and communities' party secretaries (one a village or
  community, named in a list of raters of the street, ``web.appraisals.raters``) and they rate
  the street's offices, 好/较好/一般/差, by phone codes;
- the street's party working committee in full session rates the six communities and two
  villages, 满意/基本满意/不满意, by phone codes; the last village falls under 60% satisfied
  (seed 001's flag, for the organisation to review).

Both sides are counted and published on the board. The office rated lowest raises no flag: the
engine's only satisfaction flag speaks of a secretary and a director, which an office has not,
so the offices side uses the grades of a collective, which flag nothing."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from web.appraisals import actions, raters, two_way
from web.appraisals.models import Session
from web.common.demo_clock import YearStory, year_story
from web.demo.appraisals import UNHAPPY, _form, _present
from web.meetings import actions as meetings
from web.meetings.models import Meeting
from web.org.models import Body, BodySeat, Role, Unit

GRADED = ("好", "好", "较好", "较好", "一般")
LOW = ("较好", "一般", "一般", "差")
#: the other villages and communities: no form 不满意, so only the last one is flagged
CONTENT = ("满意", "满意", "满意", "基本满意")


def _secretaries(street: Unit, user: Any, year: int, when: Any) -> Meeting:
    """The list of raters of the offices side: each village's and community's party secretary, one
    a village (``web.appraisals.raters``), and the meeting the street convenes them to."""
    people = []
    for area in two_way.villages_of(street):
        seat = (
            BodySeat.objects.filter(body__unit=area, body__kind=Body.Kind.PARTY_COMMITTEE, post=BodySeat.Post.SECRETARY)
            .select_related("person")
            .order_by("id")
            .first()
        )
        if seat is not None:
            people.append(seat.person.id_number)
    return raters.do_make_rater_list(
        unit=street,
        title=f"{year}年度双向评议：村（社区）书记评议街道部门",
        lines=people,
        starts_at=when,
        acting_user=user,
    )


def _side(
    session: Session, present: list[Any], user: Any, rng: random.Random, good: tuple[str, ...], bad: tuple[str, ...]
) -> Session:
    """Open a side, hand every present rater a code, fill the forms (the last subject by ``bad``)
    and count it with the engine."""
    actions.do_open_session(session=session, acting_user=user)
    codes = meetings.hand_out_codes(session.poll, present, acting_user=user)
    keys = list(session.poll.candidates.order_by("key").values_list("key", flat=True))
    poor = session.subjects.order_by("id").last().key  # type: ignore[union-attr]
    for n, code in enumerate(codes):
        meetings.cast_ballot(poll_id=session.poll_id, code=code, content=_form(rng, keys, poor, good, bad, n))
    return actions.do_count_session(session=session, acting_user=user)


def _pair(story: YearStory, street: Unit, user: Any, rng: random.Random) -> tuple[Session, Session]:
    year = story.year - 1
    story.set(dt.date(story.year, 1, 12), 9)
    leaders = Body.objects.get(unit=street, kind=Body.Kind.FULL_COMMITTEE)
    held = [
        _secretaries(street, user, year, story.now()),
        meetings.do_create_meeting(
            body=leaders, title=f"{year}年度双向评议：党工委评议村（社区）", starts_at=story.now(), acting_user=user
        ),
    ]
    present = [_present(m, user, rng, 1.0) for m in held]
    offices, villages = two_way.do_create_two_way(
        township=street,
        given=two_way.TwoWayIn(
            year=year,
            mode=Session.Mode.PHONE,
            offices_meeting=held[0],
            villages_meeting=held[1],
            offices=list(two_way.offices_of(street)),
            villages=list(two_way.villages_of(street).order_by("kind", "path")),  # the villages last
        ),
        acting_user=user,
    )
    offices = _side(offices, present[0], user, rng, GRADED, LOW)
    story.set(dt.date(story.year, 1, 12), 15)
    villages = _side(villages, present[1], user, rng, CONTENT, UNHAPPY)
    for m in held:
        meetings.do_close_meeting(meeting=m, acting_user=user)
    story.set(dt.date(story.year, 1, 14), 10)
    return (
        actions.do_publish_session(session=offices, acting_user=user),
        actions.do_publish_session(session=villages, acting_user=user),
    )


def seed_two_way(*, seed: int) -> dict[str, Any]:
    rng = random.Random(f"two-way-{seed}")
    user = get_user_model().objects.get(username="street")
    street = Role.objects.filter(user=user, kind=Role.Kind.ORG_STAFF).select_related("unit").first().unit  # type: ignore[union-attr]
    with transaction.atomic(), year_story() as story:
        pair = _pair(story, street, user, rng)
    return {
        "year": pair[0].year,
        "offices": pair[0].subjects.count(),
        "villages": pair[1].subjects.count(),
        "flags": sum(s.reviews.count() for s in pair),
    }
