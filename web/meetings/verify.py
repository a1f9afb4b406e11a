"""Checking stored ballots and open records against each other (``manage.py verify_polls``).

For every closed poll: the ballots stored in the database are exactly the ballots of its open
record (same receipts, same marks); the record still has the SHA-256 fixed at closing, which is
also written in the audit entry of the close; and the engine, counting the record again, gets
the stored result. A ballot changed, removed or added after closing, a record edited, or a
result rewritten is named here.

The SHA-256 that counts is the one of the poll's *first* ``poll.close`` entry: an insider who
rewrites ballots, record, result and SHA-256 together and appends a second, correctly chained
close is named twice (the first close no longer matches, and a poll closes only once). Every
``poll.publish`` entry must name the same SHA-256. An insider who instead edits the close entry
and re-hashes the chain is caught by ``verify_audit`` against the published checkpoints."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from web.audit.models import AuditEntry
from web.meetings.channels import merged_count_holds
from web.meetings.models import Poll


@dataclass
class PollReport:
    poll_id: int
    title: str
    problems: list[str] = field(default_factory=list)


def _marks(ballot: dict[str, Any]) -> str:
    # a recommendation form's class is the poll's, written beside each form in the record
    return json.dumps(
        {k: v for k, v in ballot.items() if k not in ("receipt", "class")}, sort_keys=True, ensure_ascii=False
    )


def verify_poll(poll: Poll) -> PollReport:
    from jiceng.errors import RecordError
    from jiceng.record import tally

    report = PollReport(poll.pk, poll.title)
    record = poll.record or {}
    listed = (
        record.get("forms") if poll.kind in (Poll.Kind.APPRAISAL, Poll.Kind.RECOMMENDATION) else record.get("ballots")
    )
    in_record = {b.get("receipt"): _marks(b) for b in (listed if isinstance(listed, list) else [])}
    stored = {r: _marks(c) for r, c in poll.ballots.values_list("receipt", "content")}
    # the phone ballots (an appraisal's phone forms) are inside the hand count (channels.py)
    if record.get("channels_merged") or (poll.kind == Poll.Kind.APPRAISAL and "counts" in record):
        if not merged_count_holds(poll, record):
            report.problems.append(
                "the stored ballots no longer add up to the merged hand count / 库中选票与合并后的手工计票合计不符"
            )
        stored = {}
    for receipt in sorted(set(in_record) - set(stored)):
        report.problems.append(
            f"ballot {receipt} is in the open record but not stored / 选票 {receipt} 在公开记录中但库中没有"
        )
    for receipt in sorted(set(stored) - set(in_record)):
        report.problems.append(
            f"ballot {receipt} is stored but not in the open record / 选票 {receipt} 在库中但不在公开记录中"
        )
    for receipt in sorted(set(stored) & set(in_record)):
        if stored[receipt] != in_record[receipt]:
            report.problems.append(f"ballot {receipt} differs from the open record / 选票 {receipt} 与公开记录不一致")
    report.problems += _audit_problems(poll)
    try:
        result = tally(record)
    except RecordError as exc:
        report.problems.append(f"the engine refuses the record: {exc} / 计票引擎拒绝这份记录")
        return report
    if result["record_sha256"] != poll.record_sha256:
        report.problems.append(
            "the open record no longer has the SHA-256 fixed at closing / 公开记录的哈希与结束时不符"
        )
    if result != poll.result:
        report.problems.append("the stored result differs from a recount of the record / 存储的结果与重新计票不符")
    return report


def _audited_sha(entry: AuditEntry) -> str | None:
    return (entry.changes.get("record_sha256") or [None, None])[1]


def _audit_problems(poll: Poll) -> list[str]:
    """The poll's history in the audit log: the FIRST close fixes the record's SHA-256 (a later
    close, correctly chained or not, is how an insider would re-fix it, so it is named, not
    believed), and every publication names that same SHA-256."""
    entries = list(
        AuditEntry.objects.filter(
            object_type="meetings.poll", object_id=str(poll.pk), action__in=["poll.close", "poll.publish"]
        ).order_by("id")
    )
    closes = [e for e in entries if e.action == "poll.close"]
    problems = []
    if not closes:
        problems.append("no audit entry records the close / 审计日志中没有结束投票的记录")
    elif _audited_sha(closes[0]) != poll.record_sha256:
        problems.append(
            f"the audit entry of the close (#{closes[0].pk}) names another record SHA-256 / "
            f"审计日志记载的记录哈希（第 {closes[0].pk} 条）不符"
        )
    for extra in closes[1:]:
        problems.append(
            f"a second close is in the audit log (#{extra.pk}); a poll closes once / "
            f"审计日志中有第二次结束投票的记录（第 {extra.pk} 条），一项投票只能结束一次"
        )
    publishes = [e for e in entries if e.action == "poll.publish"]
    for entry in publishes:
        if _audited_sha(entry) != poll.record_sha256:
            problems.append(
                f"the audit entry of the publication (#{entry.pk}) names another record SHA-256 / "
                f"审计日志中公布结果的记录（第 {entry.pk} 条）所载哈希不符"
            )
    if poll.published_at and not publishes:
        problems.append("published, but no audit entry records the publication / 已公布，但审计日志中没有公布的记录")
    return problems


def verify_polls(poll_ids: list[int] | None = None) -> list[PollReport]:
    polls = Poll.objects.filter(state=Poll.State.CLOSED).order_by("id")
    if poll_ids:
        polls = polls.filter(pk__in=poll_ids)
    return [verify_poll(p) for p in polls]
