"""The meetings' part of the home page: open and coming meetings for those who manage them, a
teller's paper ballots, the meetings of a body one sits on; none of it for anyone else."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.utils import timezone

from web.common import attention
from web.meetings import actions
from web.meetings.testing import appoint_user_as_teller, make_meeting, open_motion_with_paper
from web.org.models import BodySeat

MOTION = {"quorum": "present > 1/2 of expected", "passes": "yes > 1/2 of present"}


def _home(client):
    response = client.get("/staff/")
    assert response.status_code == 200
    return {s.source.key: s.found for s in response.context["sections"]}, response.content.decode()


def test_an_open_meeting_is_on_its_managers_home_and_nobody_elses(world, client_for):
    meeting = make_meeting(world)
    actions.do_open_meeting(meeting=meeting, acting_user=world.organiser)
    found, page = _home(client_for(world.organiser))
    assert found["meetings"].total == 1 and f"/staff/meetings/{meeting.pk}/" in page and "进行中" in page
    assert "meetings" in _home(client_for(world.street_staff))[0]
    for persona in ("member", "observer", "outsider"):
        assert "meetings" not in _home(client_for(getattr(world, persona)))[0], persona


def test_a_meeting_in_preparation_shows_two_weeks_ahead_and_late_once_its_time_has_passed(world, client_for):
    meeting = make_meeting(world)
    c = client_for(world.organiser)
    type(meeting).objects.filter(pk=meeting.pk).update(starts_at=timezone.now() + dt.timedelta(days=15))
    assert "meetings" not in _home(c)[0]
    type(meeting).objects.filter(pk=meeting.pk).update(starts_at=timezone.now() + dt.timedelta(days=13))
    [item] = _home(c)[0]["meetings"].items
    assert "筹备中" in item.text and not item.late
    type(meeting).objects.filter(pk=meeting.pk).update(starts_at=timezone.now() - dt.timedelta(hours=1))
    [item] = _home(c)[0]["meetings"].items
    assert item.late and "已逾期" in _home(c)[1]


def test_a_tellers_paper_ballots_are_on_their_home_until_accepted(world, client_for):
    poll = open_motion_with_paper(world, voters=4, paper=2, rules=MOTION)
    teller = appoint_user_as_teller(world, poll.meeting, get_user_model().objects.create_user(username="jipiao"))
    found, page = _home(client_for(teller))
    [item] = found["counting"].items
    assert item.url == f"/staff/polls/{poll.pk}/paper" and "录入纸质选票" in item.text and "计票任务" in page
    type(poll).objects.filter(pk=poll.pk).update(paper_accepted=True)
    assert "counting" not in _home(client_for(teller))[0]
    assert "counting" not in _home(client_for(world.organiser))[0]


def test_a_representative_sees_the_meetings_of_their_body(world, client_for):
    meeting = make_meeting(world)
    user = get_user_model().objects.create_user(username="daibiao")
    user.person = world.person_a
    user.save()
    assert BodySeat.objects.filter(body=meeting.body, person=world.person_a).exists()
    [item] = _home(client_for(user))[0]["my_meetings"].items
    assert item.url == f"/staff/meetings/{meeting.pk}/" and meeting.title in item.text
    actions.do_open_meeting(meeting=meeting, acting_user=world.organiser)
    actions.do_close_meeting(meeting=meeting, acting_user=world.organiser)
    assert "my_meetings" not in _home(client_for(user))[0]


def test_the_home_page_reads_in_a_fixed_number_of_queries(world, client_for, django_assert_max_num_queries):
    make_meeting(world)
    for i in range(3):
        meeting = actions.do_create_meeting(
            body=world.body_a, title=f"会议{i}", starts_at=timezone.now(), quorum_rule=None, acting_user=world.organiser
        )
        actions.do_open_meeting(meeting=meeting, acting_user=world.organiser)
    c = client_for(world.organiser)
    c.get("/staff/")
    with django_assert_max_num_queries(20):
        c.get("/staff/")
    assert len(attention.sources()) >= 3
