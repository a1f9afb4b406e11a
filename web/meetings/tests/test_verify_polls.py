"""``manage.py verify_polls`` finds a stored ballot or an open record changed after closing."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from web.meetings.models import Ballot, Poll


@pytest.fixture
def closed(world):
    from web.audit.tests.publications import closed_motion

    return closed_motion(world)


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


# -- an insider rewrites a published poll whole, with the public engine ---------------------------


@pytest.fixture
def published(world):
    from web.audit.tests.publications import publish_poll

    return publish_poll(world)


def _rewrite_whole(poll: Poll) -> Poll:
    """Every 'no' becomes 'yes' in the stored ballots; record, result and SHA-256 are made again
    from them with the engine, as anyone can (the insider's rewrite of issue 9 §3)."""
    from web.meetings.counting import build_record, count_record

    for ballot in Ballot.objects.filter(poll=poll, content__vote="no"):
        _sql(
            "UPDATE meetings_ballot SET content = %s WHERE id = %s",
            ['{"vote": "yes"}', ballot.pk.hex if connection.vendor == "sqlite" else ballot.pk],
        )
    poll = Poll.objects.get(pk=poll.pk)
    record_doc = build_record(poll)
    result, sha = count_record(record_doc)
    Poll.objects.filter(pk=poll.pk).update(record=record_doc, result=result, record_sha256=sha)
    return Poll.objects.get(pk=poll.pk)


def _append(poll: Poll, action: str, world) -> None:
    """A correctly chained entry, appended the way the application appends."""
    from django.db import transaction

    from web.audit.actions import record

    with transaction.atomic():
        record(actor=world.organiser, action=action, obj=poll, changes={"record_sha256": [None, poll.record_sha256]})


def test_a_whole_rewrite_is_found_by_the_first_close(published):
    _rewrite_whole(published)
    ok, text = _verify()
    assert not ok and "审计日志记载的记录哈希" in text and "公布结果的记录" in text


@pytest.mark.parametrize("appended", [("poll.close",), ("poll.close", "poll.publish")])
def test_a_whole_rewrite_with_a_second_close_appended_is_found(published, world, appended):
    poll = _rewrite_whole(published)
    for action in appended:
        _append(poll, action, world)
    ok, text = _verify()
    assert not ok
    assert "第二次结束投票" in text  # a poll closes once
    assert "审计日志记载的记录哈希" in text  # the first close still names the old SHA-256
    assert "公布结果的记录" in text  # and so does the first publication
    call_command("verify_audit")  # the chain itself is whole: the second close was chained correctly


def test_a_second_close_alone_is_named(closed, world):
    _append(closed, "poll.close", world)
    ok, text = _verify()
    assert not ok and "第二次结束投票" in text


def test_a_publication_naming_another_sha_is_named(closed, world):
    from django.db import transaction

    from web.audit.actions import record

    Poll.objects.filter(pk=closed.pk).update(published_at=closed.closed_at)
    ok, text = _verify()
    assert not ok and "审计日志中没有公布的记录" in text
    with transaction.atomic():
        record(actor=world.organiser, action="poll.publish", obj=closed, changes={"record_sha256": [None, "0" * 64]})
    ok, text = _verify()
    assert not ok and "公布结果的记录" in text


@pytest.mark.parametrize("keep", ["nothing", "an anchor"])
def test_a_whole_rewrite_with_the_audit_entries_edited_and_rehashed_is_found_by_verify_audit(
    published, world, tmp_path, keep
):
    """The thorough insider: the close and publish entries edited to the new SHA-256 and the chain
    re-hashed, so verify_polls agrees. The checkpoint taken at publication shows it; when the
    insider rewrites that too, a checkpoint list downloaded from the board still does."""
    import json

    from web.audit import anchors, testing
    from web.audit.models import AuditCheckpoint, AuditEntry

    anchor = tmp_path / "checkpoints.json"
    anchor.write_text(anchors.to_json(AuditCheckpoint.objects.all()), encoding="utf-8")
    poll = _rewrite_whole(published)
    for entry in AuditEntry.objects.filter(
        object_type="meetings.poll", object_id=str(poll.pk), action__in=["poll.close", "poll.publish"]
    ):
        changes = {**entry.changes, "record_sha256": [None, poll.record_sha256]}
        testing.edit_entry(entry.pk, rehash=True, changes=json.dumps(changes))
    assert _verify()[0]  # the ballots, record, result and audit entries now agree
    with pytest.raises(CommandError, match="now has another hash"):
        call_command("verify_audit")
    if keep == "an anchor":
        testing.rewrite_checkpoints()
        call_command("verify_audit")  # the database alone cannot tell any more
        with pytest.raises(CommandError, match="now has another hash"):
            call_command("verify_audit", "--anchor", str(anchor))
