"""A proposal from filing to its rated answer, through every move, with history, audit and notices."""

from __future__ import annotations

import datetime as dt

from web.audit.models import AuditEntry
from web.notify.models import Notice
from web.proposals import actions, testing
from web.proposals.models import Proposal


def kinds(p: Proposal) -> list[str]:
    return list(p.events.values_list("kind", flat=True))


def test_a_proposal_goes_from_filing_to_a_rated_answer(pw, clock):
    p = testing.file(pw)
    assert p.state == "signing" and p.number == 1
    assert p.delegation is not None and p.delegation.unit == pw.org.street  # 王芳 lives in the street
    assert p.unit_path == pw.org.street.path
    assert Notice.objects.filter(kind="proposal.cosign").count() == 2
    p = testing.answered(pw)  # a second one, all the way
    assert p.number == 2 and p.state == "answered"
    assert p.office == pw.transport and list(p.assists.values_list("office__name", flat=True)) == ["锦江区教育局"]
    assert p.answer_by == dt.date(2026, 11, 9)  # 20 working days from Monday 12 October
    assert p.poll is not None and p.poll.result["status"] == "passed"
    answer = p.answers.get()
    assert answer.rate_by == dt.date(2026, 10, 26)
    actions.do_rate_answer(proposal=p, rating="basic", acting_user=pw.reps[0])
    p.refresh_from_db()
    assert p.state == "closed" and p.rating == "basic" and p.finished_at is not None
    assert kinds(p) == [
        "filed", "signed", "signed", "submitted", "accepted", "discussed", "voting", "adopted", "assigned",
        "answered", "rated",
    ]  # fmt: skip
    assert list(AuditEntry.objects.filter(object_type="proposals.proposal", object_id=str(p.pk)).values_list(
        "action", flat=True
    )) == [
        "proposal.file", "proposal.second", "proposal.second", "proposal.submit", "proposal.accept",
        "proposal.discuss", "proposal.vote", "proposal.conclude", "proposal.assign", "proposal.answer",
        "proposal.rate",
    ]  # fmt: skip
    assert Notice.objects.filter(kind="proposal.answered").exists()
    assert Notice.objects.filter(kind="proposal.assigned", user=pw.traffic_handler).exists()


def test_dissatisfied_reopens_once_and_the_second_rating_is_final(pw, clock):
    p = testing.answered(pw)
    actions.do_rate_answer(proposal=p, rating="dissatisfied", note="只开放了一所学校", acting_user=pw.reps[0])
    p.refresh_from_db()
    assert p.state == "assigned" and p.reopened == 1 and p.rating == ""
    assert Notice.objects.filter(kind="proposal.reopened", user=pw.traffic_handler).exists()
    actions.do_answer_proposal(proposal=p, text="又协调了两所学校。", acting_user=pw.traffic_handler)
    actions.do_rate_answer(proposal=p, rating="dissatisfied", acting_user=pw.reps[0])
    p.refresh_from_db()
    assert p.state == "closed" and p.rating == "dissatisfied" and p.reopened == 1
    assert list(p.answers.values_list("round", "rating")) == [(1, "dissatisfied"), (2, "dissatisfied")]


def test_a_vote_that_fails_ends_it_and_one_without_quorum_waits_for_another(pw, clock):
    p = testing.voted(pw, yes=1, no=4)
    assert p.state == "voted_down" and p.finished_at is not None


def test_merging_brings_the_signers_and_tells_both(pw, clock):
    kept = testing.submitted(pw)
    dup = testing.file(pw, "school", by=3, cosigners=(4, 2))
    actions.do_second_proposal(proposal=dup, acting_user=pw.reps[4])
    actions.do_merge_proposal(proposal=dup, into=kept, acting_user=pw.district_staff)
    dup.refresh_from_db()
    assert dup.state == "merged" and dup.merged_into == kept
    signers = set(kept.signatures.filter(state="confirmed").values_list("seat__person__name", flat=True))
    assert signers == {"李强", "张伟", "赵敏", "孙丽"}  # 张伟 once; 赵敏 the proposer, 孙丽 who seconded
    told = set(Notice.objects.filter(kind="proposal.merged").values_list("person__name", flat=True))
    assert told == {"王芳", "赵敏"}
