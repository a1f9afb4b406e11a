"""Appraisal sessions: every step one action in one transaction with its audit entry
(``web.audit``), moved by the procedure machinery (``web.appraisals.flow``).

The forms are a meetings appraisal poll's (``web.meetings.appraisal``): this app creates,
opens, closes and publishes that poll with the meetings' own actions, so the phone form, the
code slips, the paper forms and the tellers' double entry, the shuffling and sealing of forms
and the open record are the ones every ballot has. It adds what a session is beyond one poll:
who organises it, the raters, the publication setting, the flags as items the organisation
reviews, and the village member's rule across the years."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from web.accounts.actors import Actor
from web.appraisals.errors import AppraisalError
from web.appraisals.flow import REVIEWS, SESSIONS
from web.appraisals.models import Review, Session, Subject
from web.audit.actions import record
from web.audit.names import Action
from web.cases.models import Office
from web.common import clock
from web.common.text import normalise_name
from web.meetings import actions as meeting_actions
from web.meetings import appraisal, results
from web.meetings.models import Meeting, Poll
from web.meetings.queries import attendance
from web.org.models import Body, Household, Person, Unit
from web.org.queries import check_may_place, check_may_refer, check_path

#: the engine's flag of the village member scale (``jiceng.appraisal.FLAGS``)
VILLAGE_FLAG = "village_incompetent"
#: a review for a subject in the engine's bottom (``result["bottom"]``), and for one tied at its cut-off
BOTTOM_FLAG = "bottom"
TIED_FLAG = "bottom_tie"
MAX_WINDOW_DAYS = 60
ADULT_YEARS = 18


@dataclass(frozen=True)
class SubjectIn:
    """One subject as the organiser lists it: its name, kind, and what it is in the roster."""

    name: str
    kind: str = Subject.Kind.PERSON
    person: Person | None = None
    office: Office | None = None
    unit: Unit | None = None


def _refuse(message: str, code: str = "bad_session", status: int = 422) -> AppraisalError:
    return AppraisalError(message, code=code, status=status)


def _check_manages(user: Any, session: Session) -> None:
    check_path(user, session.unit_path, manage=True)


def _within(unit: Unit, path: str) -> bool:
    return path.startswith(unit.path)


def survey_rater_count(unit: Unit, raters: str, *, today: dt.date) -> int:
    """How many forms a survey hands out: the households of the unit, or its adults."""
    if raters == Session.Raters.HOUSEHOLDS:
        return Household.objects.filter(unit__path__startswith=unit.path).count()
    try:
        grown = today.replace(year=today.year - ADULT_YEARS)
    except ValueError:  # 29 February
        grown = today.replace(year=today.year - ADULT_YEARS, day=28)
    return Person.objects.filter(unit_path__startswith=unit.path, birth_date__lte=grown).count()


def _check_basics(*, title: str, year: int, mode: str, raters: str, visibility: str, scale: str) -> str:
    title = " ".join((title or "").split())
    if not title or len(title) > 200:
        raise _refuse(_("请填写测评名称（200 字以内）。"), "bad_title")
    if not 2000 <= year <= 2100:
        raise _refuse(_("年度应在 2000 到 2100 之间。"), "bad_year")
    if mode not in Session.Mode.values:
        raise _refuse(_("未知的测评方式。"), "bad_mode")
    if raters not in Session.Raters.values:
        raise _refuse(_("未知的测评人范围。"), "bad_raters")
    if visibility not in Session.Visibility.values:
        raise _refuse(_("请选择公开范围。"), "bad_visibility")
    if scale not in appraisal.SCALE_NAMES:
        raise _refuse(_("未知的等级标准“%(s)s”。") % {"s": str(scale)[:20]}, "bad_scale")
    survey = mode == Session.Mode.SURVEY
    if survey != (raters in (Session.Raters.HOUSEHOLDS, Session.Raters.PERSONS)):
        raise _refuse(
            _("测评码问卷的测评人是村（居）民（按户或按人）；会议现场的测评人是会议名册上的机构成员或代表。"),
            "bad_raters",
        )
    return title


def _check_subjects(user: Any, unit: Unit, subjects: list[SubjectIn]) -> None:
    for s in subjects:
        if s.kind not in Subject.Kind.values:
            raise _refuse(_("未知的测评对象类别。"), "bad_subject")
        for linked in (s.person, s.unit):
            if linked is not None:
                check_may_refer(user, linked)
        if s.office is not None and s.office.unit_id is not None:
            check_may_refer(user, s.office.unit)


def _window(opens_at: dt.datetime | None, closes_at: dt.datetime | None) -> None:
    if opens_at is None or closes_at is None:
        raise _refuse(_("测评码问卷要写明开始填写时间和截止时间。"), "bad_window")
    if closes_at <= opens_at:
        raise _refuse(_("截止时间要晚于开始填写时间。"), "bad_window")
    if closes_at - opens_at > dt.timedelta(days=MAX_WINDOW_DAYS):
        raise _refuse(_("填写期限最长 %(n)d 天。") % {"n": MAX_WINDOW_DAYS}, "bad_window")


def _meeting_for(
    *, user: Any, unit: Unit, mode: str, meeting: Meeting | None, body: Body | None, title: str, opens_at: Any
) -> Meeting:
    """The meeting that holds the poll: the one chosen (phone or paper), or for a survey a new
    meeting of the chosen body over the window (its codes are answered while its poll is open)."""
    if mode != Session.Mode.SURVEY:
        if meeting is None:
            raise _refuse(_("请选择举行测评的会议。"), "no_meeting")
        meeting = Meeting.objects.select_related("body__unit").get(pk=meeting.pk)
        check_may_refer(user, meeting.body)
        if not _within(unit, meeting.body.unit.path):
            raise _refuse(_("只能在本单位（或下级单位）的会议上测评。"), "meeting_elsewhere")
        if meeting.state == Meeting.State.CLOSED:
            raise _refuse(_("会议已结束。"), "meeting_closed", 409)
        return meeting
    if body is None:
        raise _refuse(_("请选择组织问卷的机构（如村民会议）。"), "no_body")
    check_may_refer(user, body)
    if not _within(unit, body.unit.path):
        raise _refuse(_("组织问卷的机构要是本单位（或下级单位）的机构。"), "body_elsewhere")
    return meeting_actions.do_create_meeting(
        body=body, title=_("%(title)s（测评码问卷）") % {"title": title}, starts_at=opens_at, acting_user=user
    )


@transaction.atomic
def do_create_session(
    *,
    unit: Unit,
    title: str,
    year: int,
    mode: str,
    raters: str,
    scale: str,
    subjects: list[SubjectIn],
    visibility: str,
    meeting: Meeting | None = None,
    body: Body | None = None,
    opens_at: dt.datetime | None = None,
    closes_at: dt.datetime | None = None,
    abstentions_in_base: bool = True,
    two_years_end_term: bool = True,
    ranking: dict[str, Any] | None = None,
    flags: dict[str, str] | None = None,
    more_settings: dict[str, Any] | None = None,
    rater_count: int | None = None,
    acting_user: Actor,
) -> Session:
    """Set up a session and its appraisal poll. Refused with a sentence, nothing stored: a
    unit the user does not manage, a meeting or body elsewhere, a closed meeting, a survey
    without its window, raters that do not fit the mode, and every refusal of the poll itself
    (no subject, too many, a subject twice, a scale the engine does not know). ``ranking`` and
    ``flags`` go to the engine (the bottom named; flag rules replacing the scale's);
    ``more_settings`` and ``rater_count`` are a session kind's own (``web.appraisals.departments``)."""
    check_may_place(acting_user, unit)
    subjects = [s for s in subjects if normalise_name(s.person.name if s.person else s.name)]
    title = _check_basics(title=title, year=year, mode=mode, raters=raters, visibility=visibility, scale=scale)
    _check_subjects(acting_user, unit, subjects)
    if mode == Session.Mode.SURVEY:
        _window(opens_at, closes_at)
    else:
        opens_at = closes_at = None
    held = _meeting_for(
        user=acting_user, unit=unit, mode=mode, meeting=meeting, body=body, title=title, opens_at=opens_at
    )
    people = all(s.kind == Subject.Kind.PERSON for s in subjects)
    poll = appraisal.do_create_appraisal_poll(
        meeting=held,
        title=title,
        subjects=[(s.name, s.person) for s in subjects],
        scale=scale,
        abstentions_in_base=abstentions_in_base,
        order="strokes" if people else "given",
        ranking=ranking,
        flags=flags,
        acting_user=acting_user,
    )
    count = (
        rater_count
        if rater_count is not None
        else (
            survey_rater_count(unit, raters, today=clock.now().date())
            if mode == Session.Mode.SURVEY
            else attendance(held)["expected"]
        )
    )
    session = Session.objects.create(
        unit=unit,
        title=title,
        year=year,
        mode=mode,
        raters=raters,
        rater_count=count,
        visibility=visibility,
        settings={
            "scale": scale,
            "abstentions_in_base": bool(abstentions_in_base),
            "two_years_end_term": bool(two_years_end_term),
            **(more_settings or {}),
        },
        meeting=held,
        poll=poll,
        opens_at=opens_at,
        closes_at=closes_at,
        created_by=acting_user,
        created_at=clock.now(),
    )
    keys = {c.name: c.key for c in poll.candidates.all()}
    Subject.objects.bulk_create(
        [
            Subject(
                session=session, key=keys[name], name=name, kind=s.kind, person=s.person, office=s.office, unit=s.unit
            )
            for s, (name, _p) in zip(
                subjects, appraisal.clean_subjects([(s.name, s.person) for s in subjects]), strict=True
            )
        ]
    )
    record(
        actor=acting_user,
        action=Action.APPRAISAL_CREATE,
        obj=session,
        changes={
            "title": [None, title],
            "mode": [None, mode],
            "raters": [None, raters],
            "visibility": [None, visibility],
            "poll": [None, poll.pk],
        },
    )
    return session


@transaction.atomic
def do_open_session(*, session: Session, acting_user: Actor) -> Session:
    """Open the session's poll (a survey's meeting too). In a meeting the meeting must have
    begun; the desk then hands out the slips as for any poll (the poll page)."""
    session = SESSIONS.locked(session, "poll", "meeting")
    _check_manages(acting_user, session)
    SESSIONS.check(session, "open")
    meeting, poll = session.meeting, session.poll
    if session.mode == Session.Mode.SURVEY and meeting.state == Meeting.State.DRAFT:
        meeting = meeting_actions.do_open_meeting(meeting=meeting, acting_user=acting_user)
    if meeting.state != Meeting.State.OPEN:
        raise _refuse(_("会议开始后才能测评：请先在会议页开始会议。"), "meeting_not_open", 409)
    if poll.state == Poll.State.DRAFT:
        meeting_actions.do_open_poll(poll=poll, acting_user=acting_user)
    SESSIONS.move(session, "open", acting_user)
    record(actor=acting_user, action=Action.APPRAISAL_OPEN, obj=session, changes={"state": ["draft", "open"]})
    return session


def _previous_village_flags(session: Session, people: list[int]) -> set[int]:
    """The people among ``people`` rated 不称职 in a counted session of the year before."""
    return set(
        Review.objects.filter(
            flag=VILLAGE_FLAG,
            subject__person_id__in=people,
            session__year=session.year - 1,
            session__state__in=(Session.State.COUNTED, Session.State.PUBLISHED),
        ).values_list("subject__person_id", flat=True)
    )


def _reviews_from(session: Session, result: dict[str, Any]) -> list[Review]:
    subjects = {s.key: s for s in session.subjects.all()}
    flagged = [(subjects[f["subject"]], f["flag"]) for f in result.get("flagged") or [] if f["subject"] in subjects]
    earlier = _previous_village_flags(
        session, [s.person_id for s, flag in flagged if flag == VILLAGE_FLAG and s.person_id]
    )
    bottom = result.get("bottom") or {}
    flagged += [(subjects[k], BOTTOM_FLAG) for k in bottom.get("subjects", []) if k in subjects]
    flagged += [(subjects[k], TIED_FLAG) for k in (bottom.get("tie") or {}).get("subjects", []) if k in subjects]
    return [
        Review(
            session=session,
            subject=subject,
            flag=flag,
            second_year=flag == VILLAGE_FLAG and subject.person_id in earlier,
            unit_path=session.unit_path,
        )
        for subject, flag in flagged
    ]


@transaction.atomic
def do_count_session(*, session: Session, acting_user: Actor) -> Session:
    """Close the poll (unless the meeting page closed it already) and count it with the engine;
    each flag raised becomes a review on the organisation's home page. A survey's meeting ends
    with it."""
    session = SESSIONS.locked(session, "poll", "meeting")
    _check_manages(acting_user, session)
    SESSIONS.check(session, "count")
    poll = session.poll
    if poll.state == Poll.State.DRAFT:
        raise _refuse(_("测评还没有开始投票。"), "poll_not_open", 409)
    if poll.state == Poll.State.OPEN:
        poll = session.poll = meeting_actions.do_close_poll(poll=poll, acting_user=acting_user)
    if session.mode == Session.Mode.SURVEY and session.meeting.state == Meeting.State.OPEN:
        meeting_actions.do_close_meeting(meeting=session.meeting, acting_user=acting_user)
    reviews = _reviews_from(session, poll.result or {})
    Review.objects.bulk_create(reviews)
    SESSIONS.move(session, "count", acting_user)
    record(
        actor=acting_user,
        action=Action.APPRAISAL_COUNT,
        obj=session,
        changes={
            "status": [None, (poll.result or {}).get("status")],
            "reviews": [None, len(reviews)],
            "record_sha256": [None, poll.record_sha256],
        },
    )
    return session


@transaction.atomic
def do_publish_session(*, session: Session, acting_user: Actor) -> Session:
    """Publish a public session's result and open record on the board (the poll is published
    as every result is, with a checkpoint of the audit chain). An internal session is refused."""
    session = SESSIONS.locked(session, "poll")
    _check_manages(acting_user, session)
    SESSIONS.check(session, "publish")
    if not session.is_public:
        raise _refuse(_("这次测评设为内部测评，结果不在公开栏公布。"), "restricted", 409)
    if session.poll.published_at is None:
        results.do_publish(poll=session.poll, acting_user=acting_user, by_holder=True)
    SESSIONS.move(session, "publish", acting_user)
    record(actor=acting_user, action=Action.APPRAISAL_PUBLISH, obj=session, changes={"state": ["counted", "published"]})
    return session


@transaction.atomic
def do_decide_review(*, review: Review, decision: str, acting_user: Actor) -> Review:
    """Record what the organisation decided on a flag (a sentence; the flag itself decides nothing)."""
    review = REVIEWS.locked(review)
    check_path(acting_user, review.unit_path, manage=True)
    decision = " ".join((decision or "").split())
    if len(decision) > 300:
        raise _refuse(_("研究意见最多 300 字。"), "too_long")
    review.decision = decision
    REVIEWS.move(review, "decide", acting_user, reason=decision, save=["decision"])
    record(
        actor=acting_user,
        action=Action.APPRAISAL_REVIEW,
        obj=review,
        changes={"flag": [None, review.flag], "decision": [None, decision]},
    )
    return review
