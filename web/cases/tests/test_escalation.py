"""Escalation by the rules as data: each threshold as a boundary (2 returns no, 3 yes), once per
crossing, the street's rule before the district's before the defaults, at the action that
crosses it, never past the top."""

from __future__ import annotations

import pytest

from web.cases import actions, escalation, jobs
from web.cases.models import Case, EscalationRule

Trigger = EscalationRule.Trigger


def escalations(case: Case) -> list[str]:
    return list(case.events.filter(kind="escalated").values_list("code", flat=True))


def bounce(cw, case: Case, times: int) -> Case:  # type: ignore[no-untyped-def]
    """The office holding it returns it, the dispatcher sends it to that office again, ``times`` times."""
    handlers = {
        cw.grid_a1.pk: cw.grid_handler,
        cw.community_a.pk: cw.community_handler,
        cw.street.pk: cw.street_handler,
    }
    for _ in range(times):
        if case.state == Case.State.RETURNED:
            case = actions.do_dispatch_case(case=case, acting_user=cw.dispatcher, office=case.office)
        case = actions.do_return_case(
            case=case, reason_code="other", reason="请核实", acting_user=handlers[case.office_id]
        )
    return case


@pytest.mark.parametrize(
    ("returns", "escalated", "office"),
    [
        (2, [], "grid_a1"),
        (3, ["returned"], "community_a"),  # the third return crosses the rule: up at once
        (4, ["returned"], "community_a"),  # past it: the same crossing, not again
        (5, ["returned"], "community_a"),
        (6, ["returned", "returned"], "street"),  # twice the threshold: the next crossing
    ],
)
def test_returned_three_times_escalates_once_per_crossing(cw, take, returns, escalated, office):
    case = actions.do_dispatch_case(case=take("litter"), acting_user=cw.dispatcher)
    case = bounce(cw, case, returns)
    assert escalations(case) == escalated
    assert case.returns == returns and case.office == getattr(cw, office)
    if escalated and returns % 3 == 0:
        assert case.state == Case.State.DISPATCHED  # the office above must sign for it
        assert escalation.after_action(Case.objects.get(pk=case.pk)).escalated == len(escalated)  # again: nothing


def visit_badly(cw, case: Case) -> Case:  # type: ignore[no-untyped-def]
    handler = {cw.community_a.pk: cw.community_handler, cw.street.pk: cw.street_handler}[case.office_id]
    if case.state == Case.State.DISPATCHED:
        case = actions.do_sign_case(case=case, acting_user=handler)
    case = actions.do_reply_case(case=case, text="已处理。", acting_user=handler)
    actions.do_visit_case(case=case, method="phone", satisfaction=2, solved=False, acting_user=cw.dispatcher)
    return Case.objects.get(pk=case.pk)


def test_dissatisfied_twice_then_redone_three_times(cw, take):
    case = actions.do_dispatch_case(case=take("noise"), acting_user=cw.dispatcher)
    case = visit_badly(cw, case)
    assert escalations(case) == [] and case.state == Case.State.SIGNED  # once: redone where it was
    case = visit_badly(cw, case)
    assert escalations(case) == ["dissatisfied"] and case.office == cw.street
    case = visit_badly(cw, case)
    assert escalations(case) == ["dissatisfied", "redone"] and case.redos == 3


def thresholds(path: str) -> dict[str, int]:
    rules = escalation.Rules.load()
    return {t: rules.threshold(path, t) for t in Trigger.values}


def test_the_streets_rules_then_the_districts_then_the_defaults(cw, take):
    path = cw.org.building_a1.path
    assert thresholds(path) == {"overdue": 1, "returned": 3, "redone": 3, "dissatisfied": 2}  # the street's rows
    EscalationRule.objects.filter(unit=cw.org.street).delete()
    assert thresholds(path) == escalation.DEFAULTS  # no unit above keeps any: the issue's
    EscalationRule.objects.create(unit=cw.org.district, trigger=Trigger.RETURNED, threshold=2)
    assert thresholds(path) == {**escalation.DEFAULTS, "returned": 2}  # the district's, the defaults for the rest
    EscalationRule.objects.create(unit=cw.org.street, trigger=Trigger.RETURNED, threshold=1)
    assert thresholds(path)["returned"] == 1  # the street's before the district's
    case = actions.do_dispatch_case(case=take("litter"), acting_user=cw.dispatcher)
    assert escalations(bounce(cw, case, 1)) == ["returned"]


def test_a_rule_the_street_set_to_zero_does_not_escalate(cw, take, clock):
    from web.cases.rules import do_set_escalation_rule

    do_set_escalation_rule(unit=cw.org.street, trigger=Trigger.RETURNED, threshold=0, acting_user=cw.org.street_staff)
    case = actions.do_dispatch_case(case=take("litter"), acting_user=cw.dispatcher)
    case = bounce(cw, case, 3)
    assert escalations(case) == [] and case.returns == 3
    actions.do_dispatch_case(case=case, acting_user=cw.dispatcher, office=case.office)
    clock.set("2026-03-09")
    assert (jobs.overdue(), jobs.escalate()) == (1, 1)  # its other rules still hold


def test_a_threshold_of_zero_turns_the_trigger_off(cw, take):
    EscalationRule.objects.filter(unit=cw.org.street, trigger=Trigger.RETURNED).update(threshold=0)
    case = actions.do_dispatch_case(case=take("litter"), acting_user=cw.dispatcher)
    assert escalations(bounce(cw, case, 4)) == []


def test_a_dispatchers_own_escalation_is_not_a_rules_crossing(cw, take):
    case = actions.do_dispatch_case(case=take("litter"), acting_user=cw.dispatcher)
    case = actions.do_escalate_case(case=case, acting_user=cw.dispatcher, reason="群众反映强烈")
    case = bounce(cw, case, 3)
    assert escalations(case) == ["", "returned"] and case.office == cw.street


def test_at_the_top_the_sweep_leaves_the_case_where_it_is(cw, take, clock):
    case = actions.do_dispatch_case(case=take("building"), acting_user=cw.dispatcher)
    assert case.office == cw.housing
    clock.set("2026-03-23")
    assert jobs.overdue() == 1
    assert jobs.escalate() == 0
    case.refresh_from_db()
    assert case.office == cw.housing and escalations(case) == []


def test_overdue_twice_escalates_at_the_second_missed_deadline(cw, take, clock):
    EscalationRule.objects.filter(unit=cw.org.street, trigger=Trigger.OVERDUE).update(threshold=2)
    clock.set("2026-03-03")
    case = actions.do_dispatch_case(case=take("noise"), acting_user=cw.dispatcher)  # reply by 03-10
    case = actions.do_sign_case(case=case, acting_user=cw.community_handler)
    clock.set("2026-03-11")
    assert (jobs.overdue(), jobs.escalate()) == (1, 0)  # one missed deadline of two
    case = actions.do_reply_case(case=case, text="已处理。", acting_user=cw.community_handler)
    actions.do_visit_case(case=case, method="phone", satisfaction=2, solved=False, acting_user=cw.dispatcher)
    case.refresh_from_db()
    assert case.reply_by.date().isoformat() == "2026-04-01" and escalations(case) == []  # redo: 15 working days
    clock.set("2026-04-02")
    assert (jobs.overdue(), jobs.escalate(), jobs.escalate()) == (1, 1, 0)
    assert escalations(case) == ["overdue"]


@pytest.mark.parametrize(
    ("count", "threshold", "done", "crossed"),
    [(0, 1, 0, False), (1, 1, 0, True), (1, 1, 1, False), (2, 3, 0, False), (3, 3, 0, True), (5, 3, 1, False),
     (6, 3, 1, True), (9, 3, 3, False), (4, 0, 0, False)],
)  # fmt: skip
def test_crossings_are_multiples_of_the_threshold(count, threshold, done, crossed):
    assert escalation.crossed(count, threshold, done) is crossed
