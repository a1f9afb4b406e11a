"""A small congress for points tests, on top of ``web.org.testing``'s street and
``web.cases.testing``'s offices: the district's party congress with two representatives (王芳
of community A, signed in as ``rep_user``; 张伟 of community B, ``rep_b_user``), the first
version of the points standard published by the district's liaison staff, and helpers for a
solved request linked to a representative and a meeting check-in."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model

from web.cases import actions as cases
from web.cases.models import Case
from web.cases.testing import CaseWorld, make_case_world
from web.common import clock
from web.meetings.models import Attendee, Meeting
from web.org.models import Body, BodySeat, Role
from web.org.testing import PASSWORD, World
from web.points.actions import do_publish_standard
from web.points.models import Project, Standard
from web.points.standard import DEFAULT_PROJECTS


@dataclass
class PointsWorld:
    org: World
    cases: CaseWorld
    congress: Body
    seat: BodySeat
    seat_b: BodySeat
    rep_user: Any
    rep_b_user: Any
    district_staff: Any
    standard: Standard

    def project(self, code: str) -> Project:
        return self.standard.projects.get(code=code)


def _user(username: str, **fields: Any) -> Any:
    return get_user_model().objects.create_user(username=username, password=PASSWORD, display_name=username, **fields)


def make_points_world(world: World) -> PointsWorld:
    case_world = make_case_world(world)
    congress = Body.objects.create(name="锦江区党代会", kind=Body.Kind.CONGRESS, unit=world.district)
    seat = BodySeat.objects.create(body=congress, person=world.person_a, post=BodySeat.Post.REPRESENTATIVE)
    seat_b = BodySeat.objects.create(body=congress, person=world.person_b, post=BodySeat.Post.REPRESENTATIVE)
    rep_user = _user("points_rep", person=world.person_a)
    rep_b_user = _user("points_rep_b", person=world.person_b)
    for user in (rep_user, rep_b_user):
        Role.objects.create(user=user, unit=world.district, body=congress, kind=Role.Kind.REPRESENTATIVE)
    district_staff = _user("district_staff")
    Role.objects.create(user=district_staff, unit=world.district, kind=Role.Kind.ORG_STAFF)
    standard = do_publish_standard(
        congress=congress, projects=DEFAULT_PROJECTS, changes="首版", acting_user=district_staff
    )
    return PointsWorld(
        org=world,
        cases=case_world,
        congress=congress,
        seat=seat,
        seat_b=seat_b,
        rep_user=rep_user,
        rep_b_user=rep_b_user,
        district_staff=district_staff,
        standard=standard,
    )


def solved_case(pw: PointsWorld, representative: Any, *, solved: bool = True, close: bool = True) -> Case:
    """A request taken by ``representative``, handled by community A, visited and closed."""
    c = pw.cases
    case, _code = cases.do_take_case(
        channel="representative",
        entry=c.entry("noise"),
        unit=pw.org.building_a1,
        description="楼上装修噪音",
        acting_user=c.dispatcher,
        requester_phone="13800000009",
        consent=True,
        representative=representative,
    )
    cases.do_dispatch_case(case=case, acting_user=c.dispatcher)
    cases.do_sign_case(case=case, acting_user=c.community_handler)
    cases.do_reply_case(case=case, text="已协调", acting_user=c.community_handler)
    cases.do_visit_case(case=case, method="phone", satisfaction=5, solved=solved, acting_user=c.dispatcher)
    if close:
        case.refresh_from_db()
        if case.state == Case.State.VISITED:
            cases.do_close_case(case=case, acting_user=c.dispatcher)
    case.refresh_from_db()
    return case


def check_in(pw: PointsWorld, person: Any, *, at: dt.datetime | None = None, checked: bool = True) -> Attendee:
    """A closed congress meeting with ``person`` on its roster, checked in (or not)."""
    at = at or clock.now()
    meeting = Meeting.objects.create(
        body=pw.congress, title="区党代会年会", starts_at=at, state=Meeting.State.CLOSED, created_by=pw.district_staff
    )
    return Attendee.objects.create(meeting=meeting, person=person, checked_in_at=at if checked else None)


@dataclass
class UrlPoints:
    seat: BodySeat
    entry: Any
    publication: Any


def url_access_points(world: World) -> UrlPoints:
    """For the URL access table: the district's congress with the representative of
    community B (张伟; no persona holds a congress seat), a standard, one entry and a published quarter (2025 Q4)."""
    import datetime as dt_

    from web.points.models import Entry
    from web.points.publishing import _publish

    congress = Body.objects.create(name="锦江区党代会", kind=Body.Kind.CONGRESS, unit=world.district)
    seat = BodySeat.objects.create(body=congress, person=world.person_b, post=BodySeat.Post.REPRESENTATIVE)
    staff = _user("url_district_staff")
    Role.objects.create(user=staff, unit=world.district, kind=Role.Kind.ORG_STAFF)
    standard = do_publish_standard(congress=congress, projects=DEFAULT_PROJECTS, changes="首版", acting_user=staff)
    project = standard.projects.get(code="visit")
    entry = Entry.objects.create(
        seat=seat, standard=standard, project=project, difficulty="general", points=1, year=2025, quarter=4,
        evidence="staff", happened_on=dt_.date(2025, 11, 3), reason="走访十户", recorded_at=clock.now(),
        recorded_by=staff,
    )  # fmt: skip
    return UrlPoints(seat=seat, entry=entry, publication=_publish(congress, 2025, 4, staff))


def reception_duty(pw: PointsWorld, seat: BodySeat, *, checked: bool = True) -> Any:
    """A reception session at community A's studio with ``seat`` on duty, checked in (or not)."""
    import datetime as dt_

    from web.studios.models import Duty, Session, Studio

    at = clock.now()
    studio = Studio.objects.create(
        name="和平社区党代表工作室",
        kind=Studio.Kind.COMMUNITY,
        unit=pw.org.community_a,
        unit_path=pw.org.community_a.path,
        created_at=at,
    )
    session = Session.objects.create(
        studio=studio, kind="reception", day=at.date(), starts_at=at - dt_.timedelta(hours=1), ends_at=at,
        created_at=at,
    )  # fmt: skip
    return Duty.objects.create(session=session, seat=seat, checked_in_at=at if checked else None)
