"""Boundaries and refusals: each a sentence in both languages, nothing written; a representative
acts on their own seat only, the liaison staff in their area; the reminders job once per deadline."""

from __future__ import annotations

import pytest
from django.utils import translation

from web.audit.models import AuditEntry
from web.proposals import actions, jobs, testing
from web.proposals.errors import ProposalError
from web.proposals.models import Proposal, ProposalEvent


def _refused(call, zh: str, en: str, status: int) -> None:  # type: ignore[no-untyped-def]
    """Refused in Chinese, and again with the English switch (a sentence made when refused is in
    the language of the request; one made at import is translated when shown), writing nothing."""
    before = (AuditEntry.objects.count(), ProposalEvent.objects.count(), Proposal.objects.count())
    with pytest.raises(ProposalError) as refused:
        call()
    assert refused.value.status == status
    assert zh in str(refused.value.message)
    with translation.override("en"), pytest.raises(ProposalError) as refused_en:
        call()
    with translation.override("en"):
        assert en in str(refused_en.value.message)
    assert (AuditEntry.objects.count(), ProposalEvent.objects.count(), Proposal.objects.count()) == before


def test_a_representative_edits_only_their_own(pw, clock):
    p = testing.file(pw)
    _refused(
        lambda: actions.do_edit_proposal(
            proposal=p, theme=pw.theme(), title="改", situation="改", request="改", acting_user=pw.reps[1]
        ),
        "只有提案人本人可以这样做。",
        "Only the proposer may do this.",
        403,
    )
    _refused(
        lambda: actions.do_submit_proposal(proposal=p, acting_user=pw.reps[1]),
        "只有提案人本人",
        "Only the proposer",
        403,
    )


def test_staff_act_only_in_their_area(pw, clock):
    p = testing.submitted(pw, "school")  # 王芳's: the street's delegation
    _refused(
        lambda: actions.do_review_proposal(proposal=p, accept=True, reason="", acting_user=pw.org.organiser),
        "只有负责党代表联络工作的街道或区里的工作人员可以这样做。",
        "Only the staff of the street or district",
        403,
    )
    theirs = testing.file(pw, "parking", by=2, cosigners=(3, 4))  # 张伟's, also the street's
    assert theirs.unit_path == pw.org.street.path
    actions.do_review_proposal(proposal=p, accept=True, reason="", acting_user=pw.org.street_staff)


def test_the_deadline_and_the_minimum_of_seconds(pw, clock):
    _refused(lambda: testing.file(pw, cosigners=(1,)), "提案至少要有 2 位其他代表附议", "needs at least 2 other", 422)
    p = testing.file(pw)
    _refused(
        lambda: actions.do_submit_proposal(proposal=p, acting_user=pw.reps[0]),
        "现在有 0 位已确认附议",
        "0 have confirmed",
        409,
    )
    clock.set("2026-11-02")  # after the filing deadline (1 November)
    _refused(lambda: testing.file(pw, "school"), "已过，不能再提出或提交提案", "has passed", 409)
    _refused(lambda: actions.do_second_proposal(proposal=p, acting_user=pw.reps[1]), "已过", "has passed", 409)


def test_a_rating_after_its_deadline_is_refused(pw, clock):
    p = testing.answered(pw)
    clock.set("2026-10-27")  # the answer of 12 October is to be rated by the 26th
    _refused(
        lambda: actions.do_rate_answer(proposal=p, rating="satisfied", acting_user=pw.reps[0]),
        "评价截止日期 2026-10-26 已过",
        "The rating deadline 2026-10-26 has passed",
        409,
    )


def test_machine_refusals_are_sentences(pw, clock):
    p = testing.file(pw)
    _refused(
        lambda: actions.do_review_proposal(proposal=p, accept=True, reason="", acting_user=pw.district_staff),
        "只有待立案审查的提案可以立案。",
        "Only a proposal waiting for review can be accepted.",
        409,
    )
    q = testing.submitted(pw, "school")
    _refused(
        lambda: actions.do_review_proposal(proposal=q, accept=False, reason=" ", acting_user=pw.district_staff),
        "不予立案要写明理由",
        "Not accepting needs a reason",
        422,
    )
    _refused(
        lambda: actions.do_answer_proposal(proposal=q, text="答", acting_user=pw.traffic_handler),
        "这件提案不在您的单位办理。",
        "not handled by your unit",
        403,
    )


def test_reminders_once_per_deadline_and_again_after_a_reopening(pw, clock):
    p = testing.assigned(pw)  # due Monday 9 November
    clock.set("2026-11-03")  # within five working days
    assert jobs.remind() == {"soon": 1, "overdue": 0}
    assert jobs.remind() == {"soon": 0, "overdue": 0}
    clock.set("2026-11-10")  # the working day after the deadline
    assert jobs.remind() == {"soon": 0, "overdue": 1}
    assert jobs.remind() == {"soon": 0, "overdue": 0}
    assert list(p.events.filter(kind__in=["reminded", "overdue"]).values_list("kind", "reason")) == [
        ("reminded", "2026-11-09"),
        ("overdue", "2026-11-09"),
    ]
