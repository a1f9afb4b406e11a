"""Appraisal sessions, action by action: set up in a meeting and as a survey, opened, counted
by the engine, flags turned into reviews, published; refused with a sentence and nothing written."""

from __future__ import annotations

import pytest

from jiceng.record import tally
from web.appraisals import actions, testing
from web.appraisals.models import Review, Session, Subject
from web.audit.models import AuditEntry
from web.common.errors import RefusedStep
from web.meetings import batches
from web.meetings.models import Ballot, Meeting, Poll

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, int, int, int]:
    return Session.objects.count(), Poll.objects.count(), Meeting.objects.count(), AuditEntry.objects.count()


def test_a_session_in_a_meeting_creates_its_appraisal_poll(world):
    s = testing.meeting_session(world, names=["钱主任", "孙委员"])
    assert s.poll.kind == Poll.Kind.APPRAISAL and s.poll.meeting_id == s.meeting_id
    assert s.rater_count == 5 and s.state == Session.State.DRAFT
    assert [(x.key, x.name) for x in Subject.objects.filter(session=s).order_by("key")] == sorted(
        (c.key, c.name) for c in s.poll.candidates.all()
    )


def test_counted_flags_become_reviews_and_the_result_is_the_engines(world):
    s = testing.meeting_session(world, names=["钱主任", "孙委员", "周委员"])
    actions.do_open_session(session=s, acting_user=world.organiser)
    codes = testing.hand_out(s)
    keys = {c.name: c.key for c in s.poll.candidates.all()}
    bad = {"grades": {keys["钱主任"]: "不称职", keys["孙委员"]: "优秀", keys["周委员"]: "称职"}}
    good = {"grades": {keys["钱主任"]: "称职", keys["孙委员"]: "优秀", keys["周委员"]: "称职"}}
    testing.cast(s, codes, [bad, bad, good, good, good])
    s = actions.do_count_session(session=s, acting_user=world.organiser)
    s.poll.refresh_from_db()
    assert s.state == Session.State.COUNTED and s.poll.state == Poll.State.CLOSED
    assert tally(s.poll.record)["flagged"] == s.poll.result["flagged"]
    # 2 of 5 不称职 is over a third: removal review; 3 of 5 competent (or basically competent)
    # or better is under 2/3: admonition, and seed 002's move to a non-leading post
    assert {(r.subject.name, r.flag) for r in Review.objects.filter(session=s)} == {
        ("钱主任", "removal_review"),
        ("钱主任", "admonition_review"),
        ("钱主任", "non_leading_post_review"),
    }
    assert Ballot.objects.filter(poll=s.poll).count() == 5


def test_the_organiser_records_what_was_decided_once(world):
    s = testing.meeting_session(world, names=["钱主任"])
    actions.do_open_session(session=s, acting_user=world.organiser)
    codes = testing.hand_out(s)
    key = s.poll.candidates.get().key
    testing.cast(s, codes, [{"grades": {key: "不称职"}}] * 5)
    actions.do_count_session(session=s, acting_user=world.organiser)
    review = Review.objects.filter(session=s).first()
    with pytest.raises(RefusedStep) as no_reason:
        actions.do_decide_review(review=review, decision="  ", acting_user=world.organiser)
    assert no_reason.value.code == "reason_required"
    actions.do_decide_review(review=review, decision="经党委研究，进行诫勉谈话。", acting_user=world.organiser)
    review.refresh_from_db()
    assert review.state == Review.State.DONE and review.decision == "经党委研究，进行诫勉谈话。"
    with pytest.raises(RefusedStep):
        actions.do_decide_review(review=review, decision="再次", acting_user=world.organiser)


def test_a_public_session_is_published_with_its_poll_and_an_internal_one_is_refused(world):
    s = testing.meeting_session(world, names=["钱主任"], visibility="restricted")
    actions.do_open_session(session=s, acting_user=world.organiser)
    testing.cast(s, testing.hand_out(s), [{"blank": True}])
    actions.do_count_session(session=s, acting_user=world.organiser)
    with pytest.raises(RefusedStep) as refused:
        actions.do_publish_session(session=s, acting_user=world.organiser)
    assert refused.value.code == "restricted"
    s.refresh_from_db()
    assert s.state == Session.State.COUNTED and s.poll.published_at is None
    s.visibility = Session.Visibility.PUBLIC
    s.save(update_fields=["visibility"])
    actions.do_publish_session(session=s, acting_user=world.organiser)
    s.refresh_from_db()
    assert s.state == Session.State.PUBLISHED and s.poll.published_at is not None


def test_a_session_opens_only_once_its_meeting_has_begun(world):
    s = testing.meeting_session(world, open_meeting=False)
    with pytest.raises(RefusedStep) as refused:
        actions.do_open_session(session=s, acting_user=world.organiser)
    assert refused.value.code == "meeting_not_open"
    s.refresh_from_db()
    assert s.state == Session.State.DRAFT and s.poll.state == Poll.State.DRAFT


def test_a_survey_runs_over_its_window_on_unnamed_codes(world):
    s = testing.survey_session(world, households=6)
    assert s.rater_count == 6 and s.meeting.state == Meeting.State.DRAFT
    actions.do_open_session(session=s, acting_user=world.organiser)
    s.meeting.refresh_from_db()
    assert s.meeting.state == Meeting.State.OPEN
    codes = batches.do_issue_code_batch(poll=s.poll, size=6, acting_user=world.organiser)
    keys = [c.key for c in s.poll.candidates.all()]
    testing.cast(s, codes, [{"grades": {keys[0]: "不满意", keys[1]: "满意"}}] * 3 + [{"grades": {keys[0]: "满意"}}])
    s = actions.do_count_session(session=s, acting_user=world.organiser)
    s.meeting.refresh_from_db()
    assert s.meeting.state == Meeting.State.CLOSED
    assert s.poll.result["forms"]["valid"] == 4
    # 1 of 4 satisfied is under 60%: the engine's flag, a review of the group
    assert [r.flag for r in Review.objects.filter(session=s)] == ["satisfaction_below_60"]


def test_the_village_member_rule_reads_the_year_before(world):
    def held(year: int, grade: str) -> Session:
        s = testing.meeting_session(
            world,
            year=year,
            scale="village_member",
            subject_list=[actions.SubjectIn(name="李强", person=world.person_a2)],
        )
        actions.do_open_session(session=s, acting_user=world.organiser)
        key = s.poll.candidates.get().key
        # exactly half 不称职: rated 不称职 (half or more)
        testing.cast(s, testing.hand_out(s), [{"grades": {key: grade}}] * 2 + [{"grades": {key: "称职"}}] * 2)
        return actions.do_count_session(session=s, acting_user=world.organiser)

    first = held(2025, "不称职")
    [review] = Review.objects.filter(session=first)
    assert review.flag == "village_incompetent" and not review.second_year
    second = held(2026, "不称职")
    [again] = Review.objects.filter(session=second)
    assert again.second_year


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"title": " "}, "bad_title"),
        ({"scale": "stars"}, "bad_scale"),
        ({"mode": "post"}, "bad_mode"),
        ({"raters": "households"}, "bad_raters"),
        ({"visibility": "secret"}, "bad_visibility"),
        ({"subjects": []}, "no_subjects"),
        ({"meeting": None}, "no_meeting"),
    ],
)
def test_bad_setup_is_refused_with_a_sentence_and_nothing_written(world, change, code):
    from web.meetings.testing import make_meeting

    meeting = make_meeting(world, voters=3, probationary=0)
    before = _counts()
    args = {
        "unit": world.community_a,
        "title": "测评",
        "year": 2026,
        "mode": "phone",
        "raters": "body",
        "scale": "individual",
        "subjects": testing.subjects(["钱主任"]),
        "visibility": "public",
        "meeting": meeting,
        **change,
    }
    with pytest.raises(RefusedStep) as refused:
        actions.do_create_session(**args, acting_user=world.organiser)
    assert refused.value.code == code and str(refused.value.message)
    assert _counts() == before


def test_a_survey_window_must_close_after_it_opens(world):
    import datetime as dt

    from django.utils import timezone

    before = _counts()
    now = timezone.now()
    with pytest.raises(RefusedStep) as refused:
        actions.do_create_session(
            unit=world.community_a,
            title="满意度测评",
            year=2026,
            mode="survey",
            raters="households",
            scale="satisfaction",
            subjects=testing.subjects(["社区居委会"], "group"),
            visibility="public",
            body=testing.villagers_body(world),
            opens_at=now,
            closes_at=now - dt.timedelta(hours=1),
            acting_user=world.organiser,
        )
    assert refused.value.code == "bad_window"
    assert _counts()[:3] == before[:3]


def test_another_units_organiser_cannot_set_one_up_here(world):
    from django.http import Http404

    from web.meetings.testing import make_meeting

    meeting = make_meeting(world, voters=3, probationary=0)
    with pytest.raises(Http404):
        actions.do_create_session(
            unit=world.community_a,
            title="测评",
            year=2026,
            mode="phone",
            raters="body",
            scale="individual",
            subjects=testing.subjects(["钱主任"]),
            visibility="public",
            meeting=meeting,
            acting_user=world.outsider,
        )
    assert not Session.objects.exists()


def test_a_survey_is_counted_by_the_job_once_its_window_has_closed(world, monkeypatch):
    import datetime as dt

    from web.appraisals.jobs import count_due
    from web.common import clock

    s = testing.survey_session(world, households=5)
    actions.do_open_session(session=s, acting_user=world.organiser)
    codes = batches.do_issue_code_batch(poll=s.poll, size=5, acting_user=world.organiser)
    key = s.poll.candidates.order_by("key").first().key
    testing.cast(s, codes[:2], [{"grades": {key: "满意"}}] * 2)
    assert count_due() == 0  # still open
    later = s.closes_at + dt.timedelta(minutes=1)
    monkeypatch.setattr(clock, "now", lambda: later)
    assert count_due() == 1
    s.refresh_from_db()
    assert s.state == Session.State.COUNTED and s.poll.result["forms"]["valid"] == 2
    assert count_due() == 0  # run again: nothing counted twice
