"""Issue 15 item 2: the commitments' year-end satisfaction survey held as a survey session; its
open record replaces the counts entered by hand, the committees' flag reads the same."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from jiceng.record import tally
from web.appraisals import actions, commitments, testing
from web.audit.models import AuditEntry
from web.commitments import actions as commitment_actions
from web.commitments.models import Survey
from web.common.errors import RefusedStep
from web.meetings import batches
from web.org.models import BodySeat

pytestmark = pytest.mark.django_db


def _reviewed_year(world):
    org = world.organiser
    year = commitment_actions.do_create_year(unit=world.community_a, year=2026, acting_user=org)
    commitment_actions.do_add_commitment(
        year=year, item="硬化道路", owner=world.person_a2, deadline=dt.date(2026, 12, 20),
        budget=Decimal(1000), category="infrastructure", acting_user=org,
    )  # fmt: skip
    commitment_actions.do_adopt_year(year=year, meeting=None, acting_user=org)
    return commitment_actions.do_review_year(year=year, meeting=None, note="年终评议", acting_user=org)


def _survey(world):
    BodySeat.objects.create(body=world.body_a, person=world.person_a2, post=BodySeat.Post.SECRETARY)
    subjects = [
        actions.SubjectIn(name="社区“两委”班子", kind="group"),
        actions.SubjectIn(name="李强", person=world.person_a2),
    ]
    s = testing.survey_session(world, households=6, subject_list=subjects)
    actions.do_open_session(session=s, acting_user=world.organiser)
    codes = batches.do_issue_code_batch(poll=s.poll, size=6, acting_user=world.organiser)
    keys = [c.key for c in s.poll.candidates.order_by("key")]
    # the committees: 2 of 5 satisfied, under 60%
    testing.cast(s, codes, [{"grades": {keys[0]: "满意", keys[1]: "满意"}}] * 2 + [{"grades": {keys[0]: "不满意"}}] * 3)
    return actions.do_count_session(session=s, acting_user=world.organiser)


def test_a_survey_session_replaces_the_entered_counts(world):
    year = _reviewed_year(world)
    commitment_actions.do_enter_survey(
        year=year, forms={"returned": 10, "blank": 0, "spoiled": 0},
        committees={"satisfied": 9, "basic": 1, "unsatisfied": 0}, cadres=[], acting_user=world.organiser,
    )  # fmt: skip
    s = _survey(world)
    assert commitments.year_for(s) == year
    survey = commitments.do_take_into_commitments(session=s, acting_user=world.organiser)
    assert Survey.objects.count() == 1
    survey.refresh_from_db()
    assert survey.record == s.poll.record and tally(survey.record)["record_sha256"] == survey.record_sha256
    assert survey.committees_below_60  # the session's committees' subject, flagged by the engine
    from web.commitments.queries import barred_ids

    assert barred_ids(survey) == [world.person_a2.pk]  # the secretary, a flag for the organisation
    assert AuditEntry.objects.filter(action="appraisal.to_commitments").count() == 1


def test_before_the_year_is_reviewed_it_is_refused_and_nothing_written(world):
    org = world.organiser
    commitment_actions.do_create_year(unit=world.community_a, year=2026, acting_user=org)
    s = _survey(world)
    with pytest.raises(RefusedStep) as refused:
        commitments.do_take_into_commitments(session=s, acting_user=org)
    assert refused.value.code == "wrong_state" and not Survey.objects.exists()
