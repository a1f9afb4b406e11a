"""Phone codes printed in batches of unnamed slips (web/meetings/batches.py): the minimum batch,
nothing stored but hashes, the desk recording only that a slip was taken, and the counts the
scrutineers and the public see (hall display: ballots received / slips taken; codes unused)."""

from __future__ import annotations

import pytest

from web.audit.models import AuditEntry
from web.meetings import actions, batches, secrecy
from web.meetings.errors import MeetingError
from web.meetings.models import BallotIssue, VotingCode
from web.meetings.testing import open_motion_with_paper


@pytest.fixture
def poll(world):
    """An open motion of 6 voters, all checked in."""
    return open_motion_with_paper(world, voters=6, paper=0, rules={"passes": "yes > 1/2 of present"})


@pytest.mark.parametrize("size", [-1, 0, 1, 4])
def test_a_batch_below_the_minimum_is_refused_with_a_sentence_and_writes_nothing(world, poll, size):
    with pytest.raises(MeetingError, match="至少 5 张") as refused:
        batches.do_issue_code_batch(poll=poll, size=size, acting_user=world.organiser)
    assert refused.value.code == "batch_size" and not VotingCode.objects.exists()


def test_the_minimum_is_a_setting(world, poll, settings):
    settings.MEETINGS_MIN_CODE_BATCH = 8
    with pytest.raises(MeetingError, match="至少 8 张"):
        batches.do_issue_code_batch(poll=poll, size=7, acting_user=world.organiser)
    assert len(batches.do_issue_code_batch(poll=poll, size=8, acting_user=world.organiser)) == 8


def test_a_batch_stores_hashes_only_and_its_audit_entry_says_how_many(world, poll):
    codes = batches.do_issue_code_batch(poll=poll, size=5, acting_user=world.organiser)
    assert len(set(codes)) == 5
    stored = set(VotingCode.objects.filter(poll=poll).values_list("valid_hash", flat=True))
    assert stored == {secrecy.valid_hash(poll.pk, c) for c in codes}
    entry = AuditEntry.objects.get(action="poll.code_batch")
    assert entry.changes == {"codes": [None, 5]} and not any(c in str(entry.changes) for c in codes)


def test_the_desk_records_a_slip_taken_without_a_code_and_no_more_than_printed(world, poll):
    voters = list(poll.meeting.attendees.order_by("id"))
    batches.do_issue_code_batch(poll=poll, size=5, acting_user=world.organiser)
    for a in voters[:5]:
        actions.do_issue_phone_slip(poll=poll, attendee=a)
    with pytest.raises(MeetingError, match="已经发完") as empty:
        actions.do_issue_phone_slip(poll=poll, attendee=voters[5])
    assert empty.value.code == "no_slips_left"
    assert BallotIssue.objects.filter(poll=poll).count() == 5  # the refused hand-over left nothing
    # who took a slip, for which poll (and the poll's group of recommendation classes): never a code
    fields = {f.name for f in BallotIssue._meta.get_fields()}
    assert fields == {"id", "poll", "attendee", "channel", "proxy_holder", "group"}


def test_a_closed_poll_prints_no_more_codes(world, poll):
    actions.do_close_poll(poll=poll, acting_user=world.organiser)
    with pytest.raises(MeetingError, match="不能再印"):
        batches.do_issue_code_batch(poll=poll, size=5, acting_user=world.organiser)


def test_the_slip_page_is_for_the_desk_shown_once_and_never_kept(world, poll, client_for):
    page = client_for(world.organiser).post(f"/staff/polls/{poll.pk}/codes", {"size": "6"})
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    names = poll.meeting.attendees.values_list("person__name", flat=True)
    assert len(page.context["slips"]) == 6 and not any(n in page.content.decode() for n in names)
    refused = client_for(world.organiser).post(f"/staff/polls/{poll.pk}/codes", {"size": "３"}, follow=True)
    assert "至少 5 张" in refused.content.decode() and VotingCode.objects.count() == 6
    assert client_for(world.member).post(f"/staff/polls/{poll.pk}/codes", {"size": "6"}).status_code == 403


def test_the_hall_display_counts_ballots_received_against_slips_taken(world, poll, client_for):
    voters = list(poll.meeting.attendees.order_by("id"))
    codes = actions.hand_out_codes(poll, voters[:3])
    actions.cast_ballot(poll_id=poll.pk, code=codes[0], content={"vote": "yes"})
    live = client_for(world.member).get(f"/staff/meetings/{poll.meeting.pk}/live").content.decode()
    assert "已收到选票 1 / 已领票 3 · 未使用投票码 4" in live
    page = client_for(world.member).get(f"/staff/polls/{poll.pk}/").content.decode()
    assert "已印 5 张，未使用 4 张" in page
