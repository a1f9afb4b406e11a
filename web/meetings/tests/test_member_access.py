"""Issue 12: a member of a body reads that body's meetings and polls, and changes nothing.

The representative of the demo got 404 on their own body's meetings: access was only by staff
role on the unit. Now sitting on the body (a seat held by the account's roster person, or a
representative's role tied to the body) lets one read, while every change still needs staff
who manage the unit (403 for the member, 404 for anyone else)."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model

from web.audit.models import AuditEntry
from web.meetings import actions
from web.meetings.testing import make_meeting, motion
from web.org.models import Body, BodySeat, Role


@pytest.fixture
def seated(world):
    """王芳 (person_a) sits on A's members' meeting; her account has no staff role."""
    user = get_user_model().objects.create_user(username="wangfang", password="x", person=world.person_a)
    meeting = make_meeting(world, voters=3, probationary=0)
    poll = motion(world, meeting, "表决")
    return user, meeting, poll


def _pages(world, meeting, poll):
    return [
        f"/staff/bodies/{world.body_a.pk}/meetings/",
        meeting.get_absolute_url(),
        f"/staff/meetings/{meeting.pk}/live",
        poll.get_absolute_url(),
    ]


def _staff_forms(response) -> list[str]:  # type: ignore[no-untyped-def]
    forms = re.findall(r'<form[^>]*method="post"[^>]*action="([^"]*)"', response.content.decode())
    return [action for action in forms if action.startswith("/staff/")]  # not sign-out or language


def test_a_member_reads_the_bodys_meetings_and_polls_without_a_way_to_change_them(world, seated, client_for):
    user, meeting, poll = seated
    client = client_for(user)
    for url in _pages(world, meeting, poll):
        response = client.get(url)
        assert response.status_code == 200, url
        assert _staff_forms(response) == [], url
    assert _staff_forms(client_for(world.organiser).get(meeting.get_absolute_url()))  # staff have them
    assert meeting.title in client.get(f"/staff/bodies/{world.body_a.pk}/meetings/").content.decode()


def test_the_meeting_page_links_a_member_to_all_of_the_bodys_meetings(world, seated, client_for):
    """From the meeting on their home page, a member reaches the rest of their body's meetings
    by the body's name (it was plain text: only a typed address led there)."""
    user, meeting, _poll = seated
    page = client_for(user).get(meeting.get_absolute_url()).content.decode()
    link = f'href="/staff/bodies/{world.body_a.pk}/meetings/"'
    assert link in page and page.index(link) < page.index(world.body_a.name + "</a>")


def test_a_member_is_refused_every_change_with_403_and_nothing_is_written(world, seated, client_for):
    user, meeting, poll = seated
    client = client_for(user)
    before = AuditEntry.objects.count()
    for url in (
        f"/staff/bodies/{world.body_a.pk}/meetings/",
        f"/staff/meetings/{meeting.pk}/open/",
        f"/staff/meetings/{meeting.pk}/polls/new",
        f"/staff/polls/{poll.pk}/open/",
    ):
        assert client.post(url, {"title": "x"}).status_code == 403, url
    assert client.get(f"/staff/meetings/{meeting.pk}/check-in").status_code == 403
    assert AuditEntry.objects.count() == before
    meeting.refresh_from_db()
    assert meeting.state == "draft"


def test_only_this_bodys_members_read_it_and_a_seat_given_up_ends_it(world, seated, client_for):
    user, meeting, poll = seated
    other = Body.objects.create(name="和平社区居民代表会议", kind="resident_reps", unit=world.community_a)
    elsewhere = get_user_model().objects.create_user(username="lq", password="x", person=world.person_a2)
    BodySeat.objects.create(body=other, person=world.person_a2)
    rep_elsewhere = get_user_model().objects.create_user(username="rep", password="x")
    Role.objects.create(user=rep_elsewhere, unit=world.community_a, body=other, kind=Role.Kind.REPRESENTATIVE)
    for outsider in (elsewhere, rep_elsewhere):
        for url in _pages(world, meeting, poll):
            assert client_for(outsider).get(url).status_code == 404, url
    assert client_for(rep_elsewhere).get(f"/staff/bodies/{other.pk}/meetings/").status_code == 200
    BodySeat.objects.filter(body=world.body_a, person=world.person_a).delete()
    assert client_for(user).get(meeting.get_absolute_url()).status_code == 404


def test_a_representatives_role_tied_to_the_body_is_membership(world, seated, client_for):
    _user, meeting, _poll = seated
    rep = get_user_model().objects.create_user(username="rep", password="x")
    Role.objects.create(user=rep, unit=world.community_a, body=world.body_a, kind=Role.Kind.REPRESENTATIVE)
    assert client_for(rep).get(meeting.get_absolute_url()).status_code == 200
    teller = get_user_model().objects.create_user(username="t", password="x")
    Role.objects.create(user=teller, unit=world.community_a, body=world.body_a, kind=Role.Kind.TELLER)
    assert client_for(teller).get(meeting.get_absolute_url()).status_code == 404  # a teller is no member


def test_a_member_of_the_joint_body_reads_the_joint_meeting(world, client_for):
    """两村两会: a joint meeting of the party members' meeting and the representatives'."""
    reps = Body.objects.create(name="和平社区居民代表会议", kind="resident_reps", unit=world.community_a)
    BodySeat.objects.create(body=reps, person=world.person_a2)
    rep = get_user_model().objects.create_user(username="lq", password="x", person=world.person_a2)
    alone = make_meeting(world, voters=2, probationary=0)
    joint = actions.do_create_meeting(
        body=world.body_a,
        title="党员和居民代表联席会议",
        starts_at=alone.starts_at,
        joint_body=reps,
        groups=("members", "reps"),
        acting_user=world.organiser,
    )
    assert client_for(rep).get(joint.get_absolute_url()).status_code == 200
    assert client_for(rep).get(alone.get_absolute_url()).status_code == 404
    assert client_for(rep).post(f"/staff/meetings/{joint.pk}/open/").status_code == 403
