"""``manage.py verify_polls`` finds a stored ballot or an open record changed after closing."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from web.meetings import actions
from web.meetings.models import Ballot, Poll
from web.meetings.testing import make_meeting


@pytest.fixture
def closed(world):
    meeting = make_meeting(world, voters=4, probationary=0)
    actions.do_open_meeting(meeting=meeting, acting_user=world.organiser)
    poll = actions.do_open_poll(
        poll=actions.do_create_poll(
            meeting=meeting,
            title="是否同意",
            kind="motion",
            rules={"passes": "yes > 1/2 of present"},
            acting_user=world.organiser,
        ),
        acting_user=world.organiser,
    )
    for a, vote in zip(meeting.attendees.all(), ["yes", "yes", "no", "abstain"], strict=True):
        a = actions.do_check_in(attendee=a, method="search", acting_user=world.organiser)
        code = actions.do_issue_phone_code(poll=poll, attendee=a)
        actions.cast_ballot(poll_id=poll.pk, code=code, content={"vote": vote})
    return actions.do_close_poll(poll=poll, acting_user=world.organiser)


def _verify() -> tuple[bool, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("verify_polls", stdout=out, stderr=err)
    except CommandError as exc:
        return False, err.getvalue() + str(exc)
    return True, out.getvalue()


def _sql(statement: str, params: list) -> None:
    with connection.cursor() as cur:
        cur.execute(statement, params)


def test_an_untouched_poll_verifies(closed):
    ok, text = _verify()
    assert ok and "OK: 1" in text


def test_a_changed_ballot_is_named(closed):
    ballot = Ballot.objects.filter(poll=closed, content__vote="no").first()
    _sql(
        "UPDATE meetings_ballot SET content = %s WHERE id = %s",
        ['{"vote": "yes"}', ballot.pk.hex if connection.vendor == "sqlite" else ballot.pk],
    )
    ok, text = _verify()
    assert not ok and f"选票 {ballot.receipt} 与公开记录不一致" in text


def test_a_removed_or_added_ballot_is_named(closed):
    gone = Ballot.objects.filter(poll=closed).first()
    Ballot.objects.filter(pk=gone.pk).delete()
    Ballot.objects.create(poll=closed, receipt="ZZZZZZZZZZ", content={"vote": "yes"})
    ok, text = _verify()
    assert not ok
    assert f"选票 {gone.receipt} 在公开记录中但库中没有" in text
    assert "选票 ZZZZZZZZZZ 在库中但不在公开记录中" in text


def test_an_edited_record_or_result_is_found(closed):
    record = dict(closed.record)
    record["ballots"] = [dict(b, vote="yes") for b in record["ballots"]]
    Poll.objects.filter(pk=closed.pk).update(record=record)
    ok, text = _verify()
    assert not ok and "哈希与结束时不符" in text and "与公开记录不一致" in text
    Poll.objects.filter(pk=closed.pk).update(record=closed.record, result={**closed.result, "passed": False})
    ok, text = _verify()
    assert not ok and "存储的结果与重新计票不符" in text
