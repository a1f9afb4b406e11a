"""The chains as data: every rule is one the engine reads, and the party studies first."""

from __future__ import annotations

import pytest

from web.deliberation.chains import CHAINS
from web.deliberation.kinds import KINDS, villagers_decision
from web.deliberation.models import MatterStep
from web.meetings.actions import check_rules


@pytest.mark.parametrize("chain", sorted(CHAINS))
def test_every_rule_is_one_the_engine_reads(chain):
    for step in CHAINS[chain]["steps"]:
        kind = KINDS[step["kind"]]
        assert set(step["settings"]) <= set(kind.settings), f"{kind.key} does not take {step['settings']}"
        for rules in step["settings"].get("bodies", {}).values():
            check_rules(rules)
        if kind.voting:
            assert step["settings"]["bodies"]
            assert {step["settings"]["on_not_quorate"], step["settings"]["on_rejected"]} <= {"again", "back", "end"}


@pytest.mark.parametrize("chain", sorted(CHAINS))
def test_the_party_studies_a_matter_before_the_villagers_decide(chain):
    kinds = [KINDS[s["kind"]] for s in CHAINS[chain]["steps"]]
    if villagers_decision.KIND in kinds:
        assert any(k.party_review for k in kinds[: kinds.index(villagers_decision.KIND)])


def test_every_kind_is_a_voting_step_or_a_disclosure_and_its_choices_come_from_the_registry():
    for kind in KINDS:
        assert kind.voting != bool(kind.disclosure), kind.key
        assert set(kind.forms) == (
            {"disclose"} if kind.disclosure else {"hold", "defer", "conclude", "minutes", "attachment"}
        )
    assert MatterStep._meta.get_field("kind").choices == KINDS.choices()


def test_the_statutory_rules_of_domain_5_3():
    steps = {s["kind"]: s["settings"] for s in CHAINS["four_deliberations"]["steps"]}
    assert steps["members_review"]["bodies"]["members_meeting"] == {
        "quorum": "present >= 2/3 of expected",
        "passes": "yes >= 1/2 of expected",
    }
    assert steps["villagers_decision"]["bodies"]["villager_reps"] == {
        "quorum": "present >= 2/3 of expected",
        "passes": "yes > 1/2 of present",
    }
    assert steps["villagers_decision"]["bodies"]["villagers_meeting"]["quorum"] == "present > 1/2 of expected"
    joint = {s["kind"]: s["settings"] for s in CHAINS["joint_members_representatives"]["steps"]}["joint_meeting"]
    assert joint["bodies"]["members_meeting"]["quorum"] == {
        "all": ["members.present > 1/2 of members.expected", "reps.present >= 2/3 of reps.expected"]
    }
    assert (
        next(s for s in CHAINS["four_deliberations"]["steps"] if s["kind"] == "decision_disclosure")["settings"][
            "min_days"
        ]
        == 15
    )
