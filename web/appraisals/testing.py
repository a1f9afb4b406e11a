"""Sessions for tests: an appraisal of community A's body in a meeting, and a survey of its
households (``web.org.testing`` world)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from web.appraisals import actions
from web.appraisals.models import Session
from web.meetings import actions as meeting_actions
from web.meetings.testing import make_meeting
from web.org.models import Body, Household


def subjects(names: list[str], kind: str = "person") -> list[actions.SubjectIn]:
    return [actions.SubjectIn(name=n, kind=kind) for n in names]


def meeting_session(
    world: Any,
    *,
    voters: int = 5,
    names: list[str] | None = None,
    scale: str = "individual",
    mode: str = "phone",
    visibility: str = "public",
    year: int = 2026,
    subject_list: list[actions.SubjectIn] | None = None,
    open_meeting: bool = True,
) -> Session:
    """A session in a members' meeting of community A (``voters`` on the roster), its meeting open."""
    if world.body_a.seats.count() < voters:
        meeting = make_meeting(world, voters=voters, probationary=0)
    else:  # a second session of the same body (the year after): its roster is there already
        meeting = meeting_actions.do_create_meeting(
            body=world.body_a, title="和平社区党员大会", starts_at=timezone.now(), acting_user=world.organiser
        )
    if open_meeting:
        meeting_actions.do_open_meeting(meeting=meeting, acting_user=world.organiser)
    return actions.do_create_session(
        unit=world.community_a,
        title=f"{year}年度社区“两委”班子成员民主测评",
        year=year,
        mode=mode,
        raters="body",
        scale=scale,
        subjects=subject_list or subjects(names or ["钱主任", "孙委员", "周委员"]),
        visibility=visibility,
        meeting=meeting,
        acting_user=world.organiser,
    )


def villagers_body(world: Any) -> Body:
    return Body.objects.get_or_create(
        unit=world.community_a, kind="villagers_meeting", defaults={"name": "和平社区居民会议"}
    )[0]


def survey_session(
    world: Any, *, households: int = 6, names: list[str] | None = None, subject_list: list[Any] | None = None
) -> Session:
    """A satisfaction survey of community A's households over a week from now."""
    for i in range(households - Household.objects.filter(unit__path__startswith=world.community_a.path).count()):
        Household.objects.create(unit=world.grid_a2, number=f"C1-9{i:03d}", address="")
    now = timezone.now()
    return actions.do_create_session(
        unit=world.community_a,
        title="2026年度居民满意度测评",
        year=2026,
        mode="survey",
        raters="households",
        scale="satisfaction",
        subjects=subject_list or subjects(names or ["社区党组织", "社区居委会"], "group"),
        visibility="public",
        body=villagers_body(world),
        opens_at=now,
        closes_at=now + dt.timedelta(days=7),
        acting_user=world.organiser,
    )


def cast(session: Session, codes: list[str], forms: list[dict[str, Any]]) -> None:
    for code, form in zip(codes, forms, strict=False):
        meeting_actions.cast_ballot(poll_id=session.poll_id, code=code, content=form)


def hand_out(session: Session) -> list[str]:
    """Every voter of the session's meeting checks in and takes a slip; the codes as handed out."""
    meeting = session.meeting
    present = [
        meeting_actions.do_check_in(attendee=a, method="search", acting_user=meeting.created_by)
        for a in meeting.attendees.filter(kind="voter", checked_in_at__isnull=True)
    ]
    return meeting_actions.hand_out_codes(session.poll, present)
