"""A street whose communities carry each kind of figure the overview counts, made with the
apps' own actions (the clock frozen at 2026-10-15)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from web.commitments import actions as commitments
from web.deliberation import actions as deliberation
from web.elections import actions as elections
from web.meetings import actions as meetings
from web.org.idnumbers import check_digit
from web.org.models import Body, Person, Unit
from web.org.testing import _unit

TODAY = dt.date(2026, 10, 15)


def at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(9)))


def community(world: Any, n: int, *, kind: str = "community") -> Unit:
    return _unit(f"X{n}", f"第{n}社区" if kind == "community" else f"第{n}村", kind, world.street)


def owner_in(unit: Unit) -> Person:
    """Someone registered in ``unit`` to own its commitments (an ID number made from its id)."""
    first17 = f"510104198001{unit.pk:05d}"
    return Person.objects.get_or_create(
        id_number=first17 + check_digit(first17),
        defaults={
            "name": f"{unit.name}干部",
            "gender": "F",
            "birth_date": dt.date(1980, 1, 1),
            "unit": unit,
            "unit_path": unit.path,
        },
    )[0]


def commitments_of(world: Any, unit: Unit, *, done: int, overdue: int, on_track: int) -> None:
    """An adopted year of ``unit`` with so many commitments done, overdue and on track."""
    staff = world.street_staff
    year = commitments.do_create_year(unit=unit, year=TODAY.year, acting_user=staff)
    items = []
    for n, deadline in enumerate(
        [dt.date(2026, 12, 1)] * done + [dt.date(2026, 9, 30)] * overdue + [dt.date(2026, 12, 20)] * on_track
    ):
        items.append(
            commitments.do_add_commitment(
                year=year,
                item=f"承诺{n}",
                owner=owner_in(unit),
                deadline=deadline,
                budget=Decimal(1000),
                category="infrastructure",
                acting_user=staff,
            )
        )
    commitments.do_adopt_year(year=year, meeting=None, acting_user=staff)
    for item in items[:done]:
        commitments.do_post_progress(commitment=item, quarter=3, percent=100, text="完成", acting_user=staff)


def survey_of(world: Any, unit: Unit, *, year: int, satisfied: int, basic: int, unsatisfied: int) -> None:
    """A reviewed year of ``unit`` with its satisfaction survey of the committees."""
    staff = world.street_staff
    record = commitments.do_create_year(unit=unit, year=year, acting_user=staff)
    commitments.do_add_commitment(
        year=record,
        item="测评年度的承诺",
        owner=owner_in(unit),
        deadline=dt.date(year, 12, 1),
        budget=Decimal(0),
        category="other",
        acting_user=staff,
    )
    commitments.do_adopt_year(year=record, meeting=None, acting_user=staff)
    commitments.do_review_year(year=record, meeting=None, note="", acting_user=staff)
    commitments.do_enter_survey(
        year=record,
        forms={"returned": satisfied + basic + unsatisfied, "blank": 0, "spoiled": 0},
        committees={"satisfied": satisfied, "basic": basic, "unsatisfied": unsatisfied},
        cadres=[],
        acting_user=staff,
    )


def matter_in(world: Any, unit: Unit, title: str = "修建村道") -> Any:
    return deliberation.do_propose_matter(
        unit=unit, title=title, kind="project", chain="four_deliberations", acting_user=world.street_staff
    )


def body_of(unit: Unit) -> Body:
    return Body.objects.create(name=f"{unit.name}党员大会", kind="members_meeting", unit=unit)


def running_election(world: Any, body: Body) -> Any:
    election = elections.do_create_election(
        body=body, title=f"{body.unit.name}换届选举", template="open_nomination", acting_user=world.street_staff
    )
    return elections.do_start_election(election=election, acting_user=world.street_staff)


def meeting_of(world: Any, body: Body, *, day: dt.date) -> Any:
    return meetings.do_create_meeting(body=body, title="党员大会", starts_at=at(day), acting_user=world.street_staff)


def full_community(world: Any, n: int) -> Unit:
    """A community with every figure: a running election, a matter, commitments, a survey, a meeting."""
    unit = community(world, n)
    body = body_of(unit)
    running_election(world, body)
    matter_in(world, unit, f"第{n}社区的事项")
    commitments_of(world, unit, done=1, overdue=1, on_track=1)
    survey_of(world, unit, year=2025, satisfied=10, basic=10, unsatisfied=20)
    meeting_of(world, body, day=dt.date(2026, 3, 1))
    return unit
