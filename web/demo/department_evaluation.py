"""The demo's department evaluation (部门公众评议; issue 15, seed 002): the district's staff (the
``district`` persona) hold the year's public evaluation of the district's departments by survey
codes, so many for the party congress's representatives and so many for a sample of residents;
the answered forms are counted by the engine, whose bottom five is four departments and two tied
at the fifth place (reported, not broken), and the session is published on the board with the
district's requests scorecards of the year beside it. Each bottom department, and each tied one,
waits on the district staff's home for the organisation's review.

The forms follow a fixed pattern in blocks of twenty (each department its number of satisfied or
basically satisfied answers per block), shuffled within each block by one ``random.Random`` of
the seed, so the same seed gives the same forms on SQLite and PostgreSQL."""

from __future__ import annotations

import random
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from web.appraisals import actions, departments
from web.common.demo_clock import year_story
from web.meetings import actions as meetings
from web.meetings import batches
from web.org.models import Body, Role, Unit

#: satisfied or basically satisfied answers per block of twenty forms, by the department's duty
#: (the catalogue's district departments): water lowest; market and education tied at the fifth place
GOOD_OF_TWENTY = {
    "housing": 18,
    "water": 11,
    "transport": 13,
    "market": 15,
    "environment": 12,
    "parks": 17,
    "health": 14,
    "education": 15,
}
BLOCK = 20
RESIDENTS = 160
ANSWERED_BLOCKS = 7


def _block(rng: random.Random, keys: dict[str, str]) -> list[dict[str, Any]]:
    forms: list[dict[str, str]] = [{} for _n in range(BLOCK)]
    for duty, key in keys.items():
        good = GOOD_OF_TWENTY.get(duty, 16)
        grades = ["满意" if n % 3 else "基本满意" for n in range(good)] + ["不满意"] * (BLOCK - good)
        rng.shuffle(grades)
        for form, grade in zip(forms, grades, strict=True):
            form[key] = grade
    return [{"grades": form} for form in forms]


def seed_department_evaluation(*, seed: int) -> dict[str, Any]:
    rng = random.Random(f"department-evaluation-{seed}")
    user = get_user_model().objects.filter(username="district").first()
    role = Role.objects.filter(user=user, kind=Role.Kind.ORG_STAFF).select_related("unit").first()
    if user is None or role is None or role.unit.kind not in departments.ORGANISING_KINDS:
        return {"sessions": 0, "bottom": 0}
    district: Unit = role.unit
    offices = list(departments.departments_of(district))
    if len(offices) <= departments.BOTTOM:
        return {"sessions": 0, "bottom": 0}
    body = (
        Body.objects.filter(unit=district, kind=Body.Kind.CONGRESS).first()
        or Body.objects.filter(unit=district).order_by("id").first()
    )
    with transaction.atomic(), year_story() as story:
        story.at(0.93, 9)
        opens, closes = story.moment(story.day(0.94), 8), story.moment(story.day(0.97), 20)
        representatives = body.seats.count() if body is not None else 0
        session = departments.do_create_department_evaluation(
            unit=district, title=f"{story.year}年度{district.name}区直部门公众评议", year=story.year,
            offices=offices, body=body, representatives=representatives, residents=RESIDENTS,
            opens_at=opens, closes_at=closes, acting_user=user,
        )  # fmt: skip
        story.set(opens)
        actions.do_open_session(session=session, acting_user=user)
        codes: list[str] = []
        while len(codes) < session.rater_count:
            size = max(min(session.rater_count - len(codes), batches.MAX_CODE_BATCH), batches.min_batch())
            codes += batches.do_issue_code_batch(poll=session.poll, size=size, acting_user=user)
        keys = {s.office.duty: s.key for s in session.subjects.select_related("office")}  # type: ignore[union-attr]
        forms = [form for _b in range(ANSWERED_BLOCKS) for form in _block(rng, keys)]
        for code, form in zip(codes, forms, strict=False):
            meetings.cast_ballot(poll_id=session.poll_id, code=code, content=form)
        story.set(closes)
        session = actions.do_count_session(session=session, acting_user=user)
        story.at(0.98, 10)
        session = actions.do_publish_session(session=session, acting_user=user)
    bottom = (session.poll.result or {}).get("bottom") or {}
    return {
        "sessions": 1,
        "bottom": len(bottom.get("subjects", [])),
        "tied": len((bottom.get("tie") or {}).get("subjects", [])),
        "forms": min(len(codes), len(forms)),
    }
