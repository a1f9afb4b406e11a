"""A case from intake to closing, through every move, with its deadlines, history and audit."""

from __future__ import annotations

import pytest

from web.audit.models import AuditEntry
from web.cases import actions
from web.cases.errors import CaseError
from web.cases.models import Case, CaseEvent
from web.common.testing import local_at as at


def kinds(case: Case) -> list[str]:
    return list(case.events.values_list("kind", flat=True))


def test_a_case_goes_from_intake_to_closing(cw, take, clock):
    case = take("noise")
    assert case.state == Case.State.RECEIVED and case.lead == cw.street  # the dispatcher's office took it
    assert case.dispatched_at is None and case.reply_by is None  # no clock before dispatch

    clock.set("2026-03-03")
    case = actions.do_dispatch_case(case=case, acting_user=cw.dispatcher)
    assert case.office == cw.community_a  # the catalogue: a community matter
    assert case.dispatched_at == at("2026-03-03")
    assert case.sign_by == at("2026-03-04", 23, 59).replace(second=59)  # 1 working day
    assert case.reply_by == at("2026-03-10", 23, 59).replace(second=59)  # 5 working days

    case = actions.do_sign_case(case=case, acting_user=cw.community_handler)
    case = actions.do_reply_case(case=case, text="已上门协调，装修改在白天。", acting_user=cw.community_handler)
    actions.do_visit_case(case=case, method="phone", satisfaction=4, solved=True, acting_user=cw.dispatcher)
    case.refresh_from_db()
    assert case.state == Case.State.VISITED and case.satisfaction == 4 and case.solved is True
    case = actions.do_close_case(case=case, acting_user=cw.dispatcher)
    assert case.state == Case.State.CLOSED and case.finished_at is not None
    assert kinds(case) == ["received", "dispatch", "signed", "replied", "visited", "closed"]
    assert list(AuditEntry.objects.filter(object_type="cases.case").values_list("action", flat=True)) == [
        "case.take", "case.dispatch", "case.sign", "case.reply", "case.visit", "case.close",
    ]  # fmt: skip


def test_working_days_skip_a_weekend_and_urgent_cases_count_hours(cw, take, clock):
    clock.set("2026-03-06", 16)  # a Friday afternoon
    case = actions.do_dispatch_case(case=take("noise"), acting_user=cw.dispatcher)
    assert case.sign_by.date().isoformat() == "2026-03-09"  # Monday
    urgent = actions.do_dispatch_case(case=take("water_cut"), acting_user=cw.dispatcher)
    assert urgent.sign_by == at("2026-03-06", 18) and urgent.reply_by == at("2026-03-07", 16)


def test_a_return_does_not_restart_the_clock_and_is_counted(cw, take, clock):
    case = actions.do_dispatch_case(case=take("noise"), acting_user=cw.dispatcher)
    reply_by = case.reply_by
    clock.set("2026-03-04")
    case = actions.do_return_case(
        case=case, reason_code="wrong_place", reason="地址在第二网格，不在本社区？", acting_user=cw.community_handler
    )
    assert case.state == Case.State.RETURNED and case.returns == 1
    event = case.events.get(kind=CaseEvent.Kind.RETURNED)
    assert event.office == cw.community_a and event.code == "wrong_place" and event.reason
    case = actions.do_dispatch_case(case=case, acting_user=cw.dispatcher, office=cw.grid_a1)
    assert case.reply_by == reply_by and case.transfers == 1  # the clock kept running
    assert case.sign_by.date().isoformat() == "2026-03-05"  # the new office's own window


def test_a_return_needs_a_reason_and_a_reason_code(cw, take):
    case = actions.do_dispatch_case(case=take("noise"), acting_user=cw.dispatcher)
    with pytest.raises(CaseError) as no_reason:
        actions.do_return_case(case=case, reason_code="other", reason=" ", acting_user=cw.community_handler)
    assert no_reason.value.code == "reason_required"
    with pytest.raises(CaseError) as no_code:
        actions.do_return_case(case=case, reason_code="", reason="不归我们", acting_user=cw.community_handler)
    assert no_code.value.code == "reason_code_required"
    case.refresh_from_db()
    assert case.state == Case.State.DISPATCHED and case.returns == 0  # nothing half-written


def test_a_department_cannot_push_its_own_case_down(cw, take):
    case = actions.do_dispatch_case(case=take("rubbish"), acting_user=cw.dispatcher)
    assert case.office == cw.sanitation
    with pytest.raises(CaseError) as refused:
        actions.do_return_case(
            case=case, reason_code="not_ours", reason="应由社区处理", acting_user=cw.sanitation_handler
        )
    assert refused.value.code == "catalogue_says_yours"
    case = actions.do_return_case(
        case=case, reason_code="unclear", reason="没有写明楼栋", acting_user=cw.sanitation_handler
    )
    with pytest.raises(CaseError) as down:
        actions.do_dispatch_case(case=case, acting_user=cw.dispatcher, office=cw.community_a)
    assert down.value.code == "pushed_down"
    case.refresh_from_db()
    assert case.state == Case.State.RETURNED and case.office == cw.sanitation


def test_the_dispatcher_may_send_a_return_back(cw, take):
    case = actions.do_dispatch_case(case=take("noise"), acting_user=cw.dispatcher)
    case = actions.do_return_case(
        case=case, reason_code="not_ours", reason="不归社区", acting_user=cw.community_handler
    )
    case = actions.do_send_back_case(case=case, reason="目录规定由社区调解", acting_user=cw.dispatcher)
    assert case.state == Case.State.DISPATCHED and case.office == cw.community_a and case.returns == 1


def test_a_dissatisfied_visit_reopens_the_case_for_redo(cw, take, clock):
    case = actions.do_dispatch_case(case=take("noise"), acting_user=cw.dispatcher)
    case = actions.do_sign_case(case=case, acting_user=cw.community_handler)
    case = actions.do_reply_case(case=case, text="已协调。", acting_user=cw.community_handler)
    clock.set("2026-03-05")
    actions.do_visit_case(case=case, method="sms", satisfaction=2, solved=False, acting_user=None)
    case.refresh_from_db()
    assert case.state == Case.State.SIGNED and case.redos == 1 and case.dissatisfied == 1
    assert case.satisfaction is None  # a dissatisfied answer does not close anything
    assert (case.first_satisfaction, case.first_solved) == (2, False)  # kept for the scorecards
    assert case.reply_by.date().isoformat() == "2026-03-26"  # 15 working days to redo


def test_an_extension_only_before_the_deadline_and_once(cw, take, clock):
    case = actions.do_dispatch_case(case=take("noise"), acting_user=cw.dispatcher)
    case = actions.do_sign_case(case=case, acting_user=cw.community_handler)
    before = case.reply_by
    case = actions.do_extend_case(case=case, days=3, reason="需要物业配合", acting_user=cw.community_handler)
    assert case.reply_by > before and case.extended and case.extension_reason == "需要物业配合"
    with pytest.raises(CaseError) as twice:
        actions.do_extend_case(case=case, days=1, reason="再等等", acting_user=cw.community_handler)
    assert twice.value.code == "extended_once"


def test_an_overdue_case_cannot_be_extended(cw, take, clock):
    case = actions.do_dispatch_case(case=take("noise"), acting_user=cw.dispatcher)
    case = actions.do_sign_case(case=case, acting_user=cw.community_handler)
    clock.set("2026-03-20")
    with pytest.raises(CaseError) as late:
        actions.do_extend_case(case=case, days=2, reason="忙", acting_user=cw.community_handler)
    assert late.value.code == "too_late"


def test_escalation_goes_up_a_level_and_keeps_the_office_below_assisting(cw, take):
    case = actions.do_dispatch_case(case=take("litter"), acting_user=cw.dispatcher)
    assert case.office == cw.grid_a1
    case = actions.do_escalate_case(case=case, acting_user=cw.dispatcher, reason="三次退单")
    assert case.office == cw.community_a and case.level == 1 and case.state == Case.State.DISPATCHED
    case = actions.do_escalate_case(case=case, acting_user=cw.dispatcher, reason="逾期")
    assert case.office == cw.street and case.level == 2
    assert set(case.assists.values_list("office__code", flat=True)) == {"O-C1G1", "O-C1"}


def test_a_department_case_escalates_to_the_district(cw, take):
    case = actions.do_dispatch_case(case=take("rubbish"), acting_user=cw.dispatcher)
    case = actions.do_escalate_case(case=case, acting_user=cw.dispatcher, reason="两次不满意")
    assert case.office == cw.district  # no district sanitation department: the district's own office
    with pytest.raises(CaseError) as top:
        actions.do_escalate_case(case=case, acting_user=cw.dispatcher, reason="再提级")
    assert top.value.code == "top_level"


def test_a_district_department_case_goes_to_that_department(cw, take):
    case = actions.do_dispatch_case(case=take("building"), acting_user=cw.dispatcher)
    assert case.office == cw.housing


def test_a_request_is_entered_for_someone_only_where_the_actor_works(cw, take):
    """The outside community's handler cannot enter a request located in community A; nothing is written."""
    before = Case.objects.count()
    with pytest.raises(CaseError) as refused:
        take("noise", by=cw.outside_handler)
    assert refused.value.code == "not_your_place" and refused.value.status == 403
    assert Case.objects.count() == before
    assert take("noise", by=cw.community_handler).lead == cw.community_a  # their own place
