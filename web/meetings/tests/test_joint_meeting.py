"""A joint meeting of two bodies: one roster from both, each person once, quorum per group."""

from __future__ import annotations

import pytest
from django.utils import timezone

from web.meetings import actions, queries
from web.meetings.counting import build_record
from web.meetings.errors import MeetingError
from web.meetings.testing import JOINT_QUORUM, joint_meeting


@pytest.fixture
def joint(world):
    return joint_meeting(world)


def test_the_roster_joins_both_bodies_once_per_person(joint, world):
    groups = sorted(joint.attendees.values_list("person__name", "group"))
    assert len(groups) == 5 and ("李强", "reps") in groups
    assert queries.attendance(joint) == {
        "expected": 5,
        "present": 0,
        "observers": 0,
        "excluded": 0,
        "members.expected": 4,
        "members.present": 0,
        "reps.expected": 1,
        "reps.present": 0,
    }
    assert joint.quorum == JOINT_QUORUM


def test_each_group_has_its_own_quorum_in_the_count(joint, world):
    actions.do_open_meeting(meeting=joint, acting_user=world.organiser)
    for attendee in joint.attendees.filter(group="members")[:3]:
        actions.do_check_in(attendee=attendee, method="search", acting_user=world.organiser)
    poll = actions.do_create_poll(
        meeting=joint,
        title="集体收益使用",
        kind="motion",
        rules={"passes": "yes > 1/2 of present"},
        acting_user=world.organiser,
    )
    assert poll.rules["quorum"] == JOINT_QUORUM
    assert build_record(poll)["electorate"] == {
        "groups": {"members": {"expected": 4, "present": 3}, "reps": {"expected": 1, "present": 0}}
    }
    actions.do_open_poll(poll=poll, acting_user=world.organiser)
    poll = actions.do_close_poll(poll=poll, acting_user=world.organiser)
    assert poll.result["status"] == "not_quorate"
    quorum = poll.result["checks"][0]
    assert [part["passed"] for part in quorum["parts"]] == [True, False]


def test_a_joint_meeting_needs_two_bodies_and_two_groups(world):
    with pytest.raises(MeetingError):
        actions.do_create_meeting(
            body=world.body_a,
            title="x",
            starts_at=timezone.now(),
            joint_body=world.body_a,
            groups=("a", "b"),
            acting_user=world.organiser,
        )


def test_the_live_page_checks_both_quorums(joint, world, client_for):
    page = client_for(world.organiser).get(f"/staff/meetings/{joint.pk}/live")
    assert page.status_code == 200 and "未达法定人数" in page.content.decode()
