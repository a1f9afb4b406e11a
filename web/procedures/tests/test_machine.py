"""The procedure machinery (web/procedures/machine.py) as a table: every move of every workflow
from every state. A move is made exactly when the step is in one of the states it leaves;
then the step arrives where the move says, with its times, cleared fields and history event;
otherwise it is refused with the move's sentence and nothing changes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.db import transaction

from web.appraisals.flow import REVIEWS, SESSIONS
from web.cases import actions as case_actions
from web.cases.flow import CASES as CASE_MOVES
from web.common.errors import RefusedStep
from web.congress.flow import INQUIRIES
from web.deliberation import actions as deliberation_actions
from web.deliberation.flow import STEPS
from web.elections import actions as election_actions
from web.elections.flow import STAGES
from web.inspections.flow import DRAWS
from web.procedures.machine import Machine
from web.proposals.flow import PROPOSALS
from web.recommendations.flow import RECOMMENDATIONS

MACHINES = {
    "elections": STAGES,
    "deliberation": STEPS,
    "cases": CASE_MOVES,
    "congress": INQUIRIES,
    "proposals": PROPOSALS,
    "appraisals": SESSIONS,
    "appraisal_reviews": REVIEWS,
    "recommendations": RECOMMENDATIONS,
    "inspections": DRAWS,
}
ROOT = Path(__file__).resolve().parents[3]


def _step(world, workflow: str):
    user = world.organiser
    if workflow == "cases":
        from web.cases.testing import make_case_world

        cw = make_case_world(world)

        def take():
            case, _code = case_actions.do_take_case(
                channel="phone",
                entry=cw.entry("noise"),
                unit=world.building_a1,
                description="噪音",
                acting_user=cw.dispatcher,
                requester_phone="13800000001",
                consent=True,
            )
            return case

        other, case = take(), take()
        # a case may be moved to "merged" only naming the case it joined (a database constraint)
        case.merged_into = other
        case.save(update_fields=["merged_into"])
        return case
    if workflow == "congress":
        from web.congress.actions import do_file_inquiry
        from web.congress.testing import congress_meeting, representative

        meeting = congress_meeting(world)
        return do_file_inquiry(
            meeting=meeting, to="committee", to_name="", text="问", acting_user=representative(world)
        )
    if workflow == "proposals":
        from web.proposals import testing

        pw = testing.make_proposal_world(world)
        other, proposal = testing.file(pw), testing.file(pw, "school")
        # a proposal may be moved to "merged" only naming the one it joined (a database constraint)
        proposal.merged_into = other
        proposal.save(update_fields=["merged_into"])
        return proposal
    if workflow in ("appraisals", "appraisal_reviews"):
        from web.appraisals import testing as appraisal_testing
        from web.appraisals.models import Review

        session = appraisal_testing.meeting_session(world, names=["钱主任"])
        if workflow == "appraisals":
            return session
        return Review.objects.create(
            session=session, subject=session.subjects.get(), flag="removal_review", unit_path=session.unit_path
        )
    if workflow == "recommendations":
        from web.meetings.testing import make_meeting
        from web.recommendations.testing import create

        return create(world, make_meeting(world, voters=2, probationary=0))
    if workflow == "inspections":
        from web.inspections.testing import make_inspection_world

        return make_inspection_world(world).frozen()
    if workflow == "elections":
        election = election_actions.do_create_election(
            body=world.body_a, title="换届选举", template="village", acting_user=user
        )
        return election.stages.order_by("position")[1]
    matter = deliberation_actions.do_propose_matter(
        unit=world.community_a, title="修建村道", kind="project", chain="four_deliberations", acting_user=user
    )
    return matter.steps.order_by("position")[1]


CASES = [
    (workflow, name, state)
    for workflow, machine in MACHINES.items()
    for name in machine.moves
    for state in machine.step.State.values
]


@pytest.mark.parametrize(("workflow", "name", "state"), CASES)
def test_a_move_is_made_exactly_from_the_states_it_leaves(world, workflow, name, state):
    machine: Machine = MACHINES[workflow]
    move = machine.moves[name]
    step = _step(world, workflow)
    machine.step.objects.filter(pk=step.pk).update(state=state)
    step.refresh_from_db()
    events_before = list(step.events.values_list("kind", "reason"))
    reason = "理由" if move.needs_reason is not None else ""
    if state not in move.leaves:
        with pytest.raises(RefusedStep) as refused, transaction.atomic():
            machine.move(step, name, world.organiser, reason=reason)
        assert refused.value.code == move.code and str(refused.value.message) == str(move.refusal)
        step.refresh_from_db()
        assert step.state == state and list(step.events.values_list("kind", "reason")) == events_before
        return
    machine.move(step, name, world.organiser, reason=reason)
    step.refresh_from_db()
    assert step.state == move.arrives
    new = [(move.event, reason)] if move.event else []
    assert list(step.events.values_list("kind", "reason")) == events_before + new
    if move.finishes:
        assert step.finished_at is not None
    if move.starts:
        assert step.finished_at is None and getattr(step, "started_at", True) is not None
    for field in move.clears:
        assert getattr(step, f"{field}_id") is None


@pytest.mark.parametrize(
    ("workflow", "name"),
    [(w, n) for w, m in MACHINES.items() for n, move in m.moves.items() if move.needs_reason is not None],
)
def test_a_move_that_needs_a_reason_is_refused_without_one(world, workflow, name):
    machine = MACHINES[workflow]
    move = machine.moves[name]
    step = _step(world, workflow)
    machine.step.objects.filter(pk=step.pk).update(state=next(iter(move.leaves)))
    step.refresh_from_db()
    with pytest.raises(RefusedStep) as refused:
        machine.move(step, name, world.organiser, reason="  ")
    assert refused.value.code == "reason_required" and refused.value.status == 422
    assert str(refused.value.message) == str(move.needs_reason)


def test_only_the_machinery_writes_a_steps_state_or_history():
    """The apps keep no private copy: outside web/procedures no code sets a step's state one by
    one or writes its history events directly (bulk resets of later steps go through
    ``machine.after``)."""
    writes = re.compile(
        r"\b(stage|step|nxt|back_to|case|target|inquiry|proposal|session|review|rec|draw|live)\.state"
        r"\s*(,[^=()]*=(?!=)|=(?!=))"  # also a, b = …
        r"|(StageEvent|StepEvent|CaseEvent|InquiryEvent|ProposalEvent|SessionEvent|ReviewEvent|RecommendationEvent"
        r"|DrawEvent)\.objects\.create"
    )
    found = [
        f"{path.relative_to(ROOT)}:{n}"
        for app in (
            "elections",
            "deliberation",
            "cases",
            "congress",
            "proposals",
            "appraisals",
            "recommendations",
            "inspections",
        )
        for path in (ROOT / "web" / app).rglob("*.py")
        if "tests" not in path.parts and "migrations" not in path.parts
        for n, line in enumerate(path.read_text().splitlines(), start=1)
        if writes.search(line)
    ]
    assert found == []
