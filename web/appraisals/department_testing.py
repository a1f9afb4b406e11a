"""A department evaluation for tests: the street of the ``web.org.testing`` world, managed by
``street_staff``, with its departments (``web.cases`` offices with a duty) and a body to hold
the survey."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from web.appraisals import departments
from web.appraisals.models import Session
from web.cases.models import Office
from web.meetings import actions as meeting_actions
from web.meetings import batches
from web.org.models import Body

NAMES = ("城管科", "民政科", "社保所", "司法所", "安监科", "规建科", "文化站", "综治中心")


def make_departments(world: Any, n: int = 6) -> list[Office]:
    return [
        Office.objects.get_or_create(
            code=f"O-S1-T{i}",
            defaults={
                "name": f"春熙街道{NAMES[i]}",
                "level": Office.Level.STREET,
                "unit": world.street,
                "duty": f"t{i}",
            },
        )[0]
        for i in range(n)
    ]


def street_body(world: Any) -> Body:
    return Body.objects.get_or_create(
        unit=world.street, kind=Body.Kind.RESIDENT_REPS, defaults={"name": "春熙街道居民代表联席会议"}
    )[0]


def department_session(world: Any, *, n: int = 6, bottom: int = 5, **kw: Any) -> Session:
    now = timezone.now()
    arguments: dict[str, Any] = {
        "unit": world.street,
        "title": "2026年度春熙街道部门公众评议",
        "year": 2026,
        "offices": make_departments(world, n),
        "body": street_body(world),
        "representatives": 4,
        "residents": 6,
        "opens_at": now,
        "closes_at": now + dt.timedelta(days=14),
        "bottom": bottom,
        "acting_user": world.street_staff,
        **kw,
    }
    return departments.do_create_department_evaluation(**arguments)


def codes(session: Session, n: int = 0) -> list[str]:
    size = max(n or session.rater_count, batches.min_batch())
    return batches.do_issue_code_batch(poll=session.poll, size=size, acting_user=session.created_by)


def answer(session: Session, codes_: list[str], satisfied: list[int]) -> None:
    """One form per code: department ``i`` (in key order) is rated 满意 on the first
    ``satisfied[i]`` forms, 不满意 on the rest."""
    keys = list(session.poll.candidates.order_by("key").values_list("key", flat=True))
    for n, code in enumerate(codes_):
        grades = {k: "满意" if n < s else "不满意" for k, s in zip(keys, satisfied, strict=True)}
        meeting_actions.cast_ballot(poll_id=session.poll_id, code=code, content={"grades": grades})
