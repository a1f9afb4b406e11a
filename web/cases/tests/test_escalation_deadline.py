"""Escalation gives the office above a fresh handling deadline (the catalogue's handling time from
the escalation, in working days; never earlier than the one running); the case's original
deadline is kept, and when it had passed the office below carries it: the scorecard counts the
case against that office's on-time rate and judges the office above by its own deadline."""

from __future__ import annotations

from web.cases import actions, jobs
from web.cases.models import Case
from web.cases.scorecards import build_record


def _late_and_escalated(cw, take, clock) -> Case:  # type: ignore[no-untyped-def]
    """A noise case (5 working days) dispatched on Tuesday 3 March, due 10 March, missed, and
    escalated by the sweep on the 11th from the community to the street."""
    clock.set("2026-03-03")
    case = actions.do_dispatch_case(case=take("noise"), acting_user=cw.dispatcher)
    case = actions.do_sign_case(case=case, acting_user=cw.community_handler)
    assert case.reply_by.date().isoformat() == "2026-03-10"
    clock.set("2026-03-11", hour=10)
    assert (jobs.overdue(), jobs.escalate()) == (1, 1)
    case.refresh_from_db()
    return case


def test_the_office_above_gets_a_fresh_deadline_and_the_original_is_kept(cw, take, clock):
    case = _late_and_escalated(cw, take, clock)
    assert case.office == cw.street and case.escalated == 1
    assert case.reply_by.date().isoformat() == "2026-03-18"  # 5 working days from the 11th
    assert case.first_reply_by.date().isoformat() == "2026-03-10"
    assert case.late_office == cw.community_a
    assert jobs.escalate() == 0  # the fresh deadline is not missed: nothing more
    clock.set("2026-03-19", hour=10)  # the street missed its own deadline too: up again
    assert (jobs.overdue(), jobs.escalate()) == (1, 1)
    case.refresh_from_db()
    assert case.escalated == 2 and case.reply_by.date().isoformat() == "2026-03-26"
    assert case.first_reply_by.date().isoformat() == "2026-03-10"  # the first one, still
    assert case.late_office == cw.community_a


def test_the_office_above_is_reminded_of_its_new_deadline(cw, take, clock):
    case = _late_and_escalated(cw, take, clock)
    case = actions.do_sign_case(case=case, acting_user=cw.street_handler)
    clock.set("2026-03-17", hour=10)  # due tomorrow, the 18th
    assert jobs.remind()["reply"] == 1
    assert case.events.filter(kind="reminded", code="reply", reason__startswith="2026-03-18").exists()


def test_an_escalation_before_the_deadline_never_shortens_it_and_blames_nobody(cw, take, clock):
    clock.set("2026-03-03")
    case = actions.do_dispatch_case(case=take("noise"), acting_user=cw.dispatcher)
    case = actions.do_sign_case(case=case, acting_user=cw.community_handler)
    case = actions.do_extend_case(case=case, days=5, reason="需要物业配合", acting_user=cw.community_handler)
    assert case.reply_by.date().isoformat() == "2026-03-17"
    clock.set("2026-03-04")
    case = actions.do_escalate_case(case=case, acting_user=cw.dispatcher, reason="群众反映强烈")
    assert case.reply_by.date().isoformat() == "2026-03-17"  # later than 5 working days from the 4th
    assert case.first_reply_by.date().isoformat() == "2026-03-17" and case.late_office is None


def test_a_case_escalated_before_any_dispatch_starts_its_clock(cw, take, clock):
    clock.set("2026-03-03")
    case = actions.do_escalate_case(case=take("noise"), acting_user=cw.dispatcher, reason="重大紧急")
    assert case.state == Case.State.DISPATCHED and case.dispatched_at is not None
    assert case.reply_by.date().isoformat() == "2026-03-10" and case.first_reply_by is None


def test_the_scorecard_counts_the_missed_deadline_against_the_office_below(cw, take, clock):
    case = _late_and_escalated(cw, take, clock)
    case = actions.do_sign_case(case=case, acting_user=cw.street_handler)
    actions.do_reply_case(case=case, text="街道已协调处理", acting_user=cw.street_handler)  # on the 11th
    clock.set("2026-04-02")
    counts = {(c["unit"], c["category"]): c for c in build_record(cw.org.street, 2026, 1)["counts"]}
    above = counts[(f"o{cw.street.pk}", "noise")]
    below = counts[(f"o{cw.community_a.pk}", "noise")]
    assert (above["dispatched"], above["replied"], above["replied_on_time"]) == (1, 1, 1)  # by its own deadline
    assert (below["dispatched"], below["replied"], below["replied_on_time"]) == (1, 1, 0)  # due there, missed


def test_the_case_page_shows_the_original_deadline_and_who_missed_it(cw, take, clock, client_for):
    case = _late_and_escalated(cw, take, clock)
    html = client_for(cw.dispatcher).get(f"/staff/cases/{case.pk}/").content.decode()
    assert "原办理时限" in html and "2026-03-10 23:59" in html
    assert f"{cw.community_a.name}逾期未办结，提级后重新计时" in html
