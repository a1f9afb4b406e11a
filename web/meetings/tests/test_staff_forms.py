"""The staff forms of a poll and a meeting, through the test client: a refusal says its sentence
and, where something was typed (a seed, a note, a batch size), gives the page back (422) with it
still typed; a choice button (the channel) comes back as a message; a valid one is taken."""

from __future__ import annotations

import pytest

from web.audit.models import AuditEntry
from web.meetings import actions
from web.meetings.models import Attendee, Poll, VotingCode
from web.meetings.testing import make_meeting


@pytest.fixture
def poll(world):
    meeting = make_meeting(world, voters=5, probationary=0)
    actions.do_open_meeting(meeting=meeting, acting_user=world.organiser)
    for a in meeting.attendees.all()[:4]:
        actions.do_check_in(attendee=a, method="search", acting_user=world.organiser)
    poll = actions.do_create_poll(
        meeting=meeting,
        title="委员选举",
        kind="election",
        seats=1,
        rules={"quorum": "present >= 4/5 of expected", "elected": "for > 1/2 of present"},
        candidates=[("王芳", None), ("李强", None)],
        needs_approval=True,
        acting_user=world.organiser,
    )
    return actions.do_open_poll(poll=poll, acting_user=world.organiser)


@pytest.fixture
def staff(world, client_for):
    return client_for(world.organiser)


def _said(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


# the speaking-order seed


def test_a_seed_too_long_comes_back_typed_with_the_sentence(staff, poll):
    seed = "掷骰" * 51
    response = staff.post(f"/staff/polls/{poll.pk}/speaking-order/", {"seed": seed})
    assert response.status_code == 422
    assert _said(response) == ["请填写会上公布的抽签种子（100 字以内）。"]
    assert f'value="{seed}"' in response.content.decode()
    assert Poll.objects.get(pk=poll.pk).speaking_draw is None


def test_a_blank_seed_is_refused_with_the_sentence(staff, poll):
    response = staff.post(f"/staff/polls/{poll.pk}/speaking-order/", {"seed": "   "})
    assert response.status_code == 422 and _said(response) == ["请填写会上公布的抽签种子（100 字以内）。"]


def test_a_draw_is_taken_once_and_a_second_refused_with_the_sentence(staff, poll):
    drawn = staff.post(f"/staff/polls/{poll.pk}/speaking-order/", {"seed": "2026-12-01 3-5"}, follow=True)
    assert _said(drawn) == ["发言顺序已抽定。"]
    again = staff.post(f"/staff/polls/{poll.pk}/speaking-order/", {"seed": "again 6"})
    assert again.status_code == 422 and _said(again) == ["发言顺序已经抽定，不能重抽。"]
    assert Poll.objects.get(pk=poll.pk).speaking_draw["record"]["seed"] == "2026-12-01 3-5"


# the upper level's approval


@pytest.fixture
def closed(world, poll):
    return actions.do_close_poll(poll=poll, acting_user=world.organiser)


def test_a_rejection_without_a_reason_comes_back_with_the_sentence(world, client_for, closed):
    response = client_for(world.street_staff).post(
        f"/staff/polls/{closed.pk}/approval", {"decision": "reject", "note": "  "}
    )
    assert response.status_code == 422 and _said(response) == ["不予批准须写明理由。"]
    assert Poll.objects.get(pk=closed.pk).approval == Poll.Approval.PENDING


def test_a_note_too_long_comes_back_typed(world, client_for, closed):
    note = "理由" * 151
    response = client_for(world.street_staff).post(
        f"/staff/polls/{closed.pk}/approval", {"decision": "reject", "note": note}
    )
    assert response.status_code == 422 and _said(response) == ["批准意见请写在 300 字以内。"]
    assert f'value="{note}"' in response.content.decode()
    assert Poll.objects.get(pk=closed.pk).approval == Poll.Approval.PENDING


def test_a_decision_that_is_neither_is_refused(world, client_for, closed):
    response = client_for(world.street_staff).post(
        f"/staff/polls/{closed.pk}/approval", {"decision": "maybe", "note": "再议"}
    )
    assert response.status_code == 422 and _said(response) == ["请选择批准或不予批准。"]
    assert 'value="再议"' in response.content.decode()


def test_a_rejection_with_its_reason_is_taken(world, client_for, closed):
    street = client_for(world.street_staff)
    response = street.post(
        f"/staff/polls/{closed.pk}/approval", {"decision": "reject", "note": "程序不符"}, follow=True
    )
    assert _said(response) == ["已退回，不予批准。"]
    poll = Poll.objects.get(pk=closed.pk)
    assert poll.approval == Poll.Approval.REJECTED and poll.approval_note == "程序不符"


# a batch of phone slips


@pytest.mark.parametrize(
    ("size", "sentences"),
    [
        ("3", ["每批投票码至少 5 张、至多 2000 张，这样谁也分不清哪张发给了谁。"]),
        ("2001", ["每批投票码至少 5 张、至多 2000 张，这样谁也分不清哪张发给了谁。"]),
        ("5.5", ["每批投票码至少 5 张、至多 2000 张，这样谁也分不清哪张发给了谁。"]),
        (
            "６",
            [
                "数字只能用半角 0–9 填写（不能用全角、上标或其他文字的数字）。",
                "每批投票码至少 5 张、至多 2000 张，这样谁也分不清哪张发给了谁。",
            ],
        ),
    ],
)
def test_a_batch_size_out_of_range_comes_back_typed(staff, poll, settings, size, sentences):
    settings.MEETINGS_MIN_CODE_BATCH = 5
    response = staff.post(f"/staff/polls/{poll.pk}/codes", {"size": size})
    assert response.status_code == 422 and _said(response) == sentences
    assert f'name="size" min="5" max="2000" value="{size}"' in response.content.decode()
    assert not VotingCode.objects.exists()


def test_a_batch_prints_its_slips_and_leaves_no_message_behind(staff, poll, settings):
    settings.MEETINGS_MIN_CODE_BATCH = 5
    page = staff.post(f"/staff/polls/{poll.pk}/codes", {"size": "5"})
    assert page.status_code == 200 and len(page.context["slips"]) == 5
    assert _said(page) == [] and _said(staff.get(f"/staff/polls/{poll.pk}/")) == []


# issuing a ballot (a choice button: refused, back to the poll with the sentence)


def test_a_channel_that_is_neither_is_refused_with_the_sentence(staff, poll):
    voter = poll.meeting.attendees.filter(checked_in_at__isnull=False).first()
    response = staff.post(f"/staff/polls/{poll.pk}/issue", {"attendee": voter.pk, "channel": "pigeon"}, follow=True)
    assert _said(response) == ["请选择手机投票码或纸质选票。"]
    assert not poll.issues.exists()


def test_a_paper_ballot_is_issued(staff, poll):
    voter = poll.meeting.attendees.filter(checked_in_at__isnull=False).first()
    response = staff.post(f"/staff/polls/{poll.pk}/issue", {"attendee": voter.pk, "channel": "paper"}, follow=True)
    assert _said(response) == [f"已向 {voter.person.name} 发放纸质选票。"]
    assert poll.issues.get().channel == "paper"


@pytest.mark.parametrize("attendee", ["", "abc", "99999", "1" * 30])
def test_an_attendee_not_on_the_roster_is_not_found(staff, poll, attendee):
    assert staff.post(f"/staff/polls/{poll.pk}/issue", {"attendee": attendee, "channel": "paper"}).status_code == 404
    check_in = f"/staff/meetings/{poll.meeting.pk}/check-in"
    assert staff.post(check_in, {"attendee": attendee}).status_code == 404
    assert not poll.issues.exists()


# checking in by name


def test_checking_in_by_name_then_again_says_so(staff, poll):
    late = poll.meeting.attendees.get(checked_in_at__isnull=True)
    check_in = f"/staff/meetings/{poll.meeting.pk}/check-in"
    assert _said(staff.post(check_in, {"attendee": late.pk}, follow=True)) == [f"{late.person.name} 签到成功。"]
    assert Attendee.objects.get(pk=late.pk).check_in_method == Attendee.Method.SEARCH
    before = AuditEntry.objects.count()
    assert _said(staff.post(check_in, {"attendee": late.pk}, follow=True)) == [f"{late.person.name} 已经签到。"]
    assert AuditEntry.objects.count() == before


def test_a_form_naming_no_channel_issues_the_phone_slip(staff, poll):
    voter = poll.meeting.attendees.filter(checked_in_at__isnull=False).first()
    assert staff.post(f"/staff/polls/{poll.pk}/codes", {"size": "5"}).status_code == 200
    said = _said(staff.post(f"/staff/polls/{poll.pk}/issue", {"attendee": voter.pk}, follow=True))
    assert said == [f"请从打印好的投票条中任取 1 张交给 {voter.person.name}。"]
    assert poll.issues.get().channel == "phone"
