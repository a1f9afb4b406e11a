"""Motions (DOMAIN.md §5.3): quorums, round validity, pass rules, procedures."""

from __future__ import annotations

from typing import Any

import pytest

from jiceng.errors import RecordError
from jiceng.motion import electorate_values, format_text, tally_record
from tests.engine.builders import motion

JOINT = {
    "groups": {"members": {"expected": 40, "present": 25}, "reps": {"expected": 30, "present": 21}},
}
JOINT_RULES = {
    "quorum": {"all": ["members.present > 1/2 of members.expected", "reps.present >= 2/3 of reps.expected"]},
    "passes": "yes > 1/2 of present",
}


def test_issue_example() -> None:
    doc = motion(electorate=JOINT, rules=JOINT_RULES, yes=1, no=1, abstain=1, spoiled=1, issued=46)
    result = tally_record(doc)
    assert result["status"] == "rejected"
    assert result["ballots"] == {"issued": 46, "returned": 4, "valid": 3, "invalid": 1}
    assert result["counts"] == {"yes": 1, "no": 1, "abstain": 1}


def test_present_of_a_grouped_electorate_is_the_sum_of_the_groups() -> None:
    values = electorate_values(JOINT)
    assert values["present"] == 46 and values["expected"] == 70
    assert values["members.present"] == 25 and values["reps.expected"] == 30


def test_joint_meeting_passes_with_more_than_half_of_present() -> None:
    assert tally_record(motion(electorate=JOINT, rules=JOINT_RULES, yes=24, no=22, issued=46))["status"] == "passed"


def test_joint_meeting_exactly_half_of_present_is_rejected() -> None:
    assert tally_record(motion(electorate=JOINT, rules=JOINT_RULES, yes=23, no=23, issued=46))["status"] == "rejected"


@pytest.mark.parametrize(
    ("members_present", "reps_present", "status"),
    [
        (21, 20, "passed"),  # seed 001 part 3: more than half the members, at least 2/3 of the representatives
        (20, 20, "not_quorate"),  # exactly half the members
        (21, 19, "not_quorate"),  # one under 2/3 of the representatives
    ],
)
def test_joint_meeting_needs_both_quorums(members_present: int, reps_present: int, status: str) -> None:
    electorate = {
        "groups": {
            "members": {"expected": 40, "present": members_present},
            "reps": {"expected": 30, "present": reps_present},
        }
    }
    present = members_present + reps_present
    result = tally_record(motion(electorate=electorate, procedure="joint_meeting", rules={}, yes=present))
    assert result["status"] == status


def test_villagers_meeting_quorum_by_adults_or_by_households() -> None:
    rules = {
        "quorum": {"any": ["present > 1/2 of expected", "household_reps >= 2/3 of households"]},
        "passes": "yes > 1/2 of present",
    }
    electorate = {"expected": 1000, "present": 400, "households": 300, "household_reps": 200}
    assert tally_record(motion(electorate=electorate, rules=rules, yes=300, no=100))["status"] == "passed"
    electorate["household_reps"] = 199
    assert tally_record(motion(electorate=electorate, rules=rules, yes=300, no=100))["status"] == "not_quorate"


def test_exactly_two_thirds_of_representatives_present_is_quorate() -> None:
    electorate = {"expected": 30, "present": 20}
    result = tally_record(motion(electorate=electorate, procedure="representatives_meeting", rules={}, yes=11, no=9))
    assert result["status"] == "passed"
    assert result["rules"] == {"quorum": "present >= 2/3 of expected", "passes": "yes > 1/2 of present"}


def test_members_review_exactly_half_of_expected_passes() -> None:
    electorate = {"expected": 40, "present": 30}
    result = tally_record(motion(electorate=electorate, procedure="members_review", rules={}, yes=20, no=10))
    assert result["status"] == "passed"
    result = tally_record(motion(electorate=electorate, procedure="members_review", rules={}, yes=19, no=11))
    assert result["status"] == "rejected"


def test_members_review_strict_setting() -> None:
    electorate = {"expected": 40, "present": 30}
    rules = {"passes": "yes > 1/2 of expected"}
    result = tally_record(motion(electorate=electorate, procedure="members_review", rules=rules, yes=20, no=10))
    assert result["status"] == "rejected"


def test_committee_under_two_thirds_present_cannot_decide() -> None:
    electorate = {"expected": 9, "present": 5}
    result = tally_record(motion(electorate=electorate, procedure="committee", rules={}, yes=5))
    assert result["status"] == "not_quorate"
    assert result["counts"] is None


def test_returned_more_than_issued_is_void() -> None:
    doc = motion(electorate={"expected": 30, "present": 30}, procedure="committee", rules={}, yes=20, issued=19)
    result = tally_record(doc)
    assert result["status"] == "void" and result["counts"] is None


def test_without_ballots_issued_returned_is_checked_against_present() -> None:
    doc = motion(electorate={"expected": 30, "present": 20}, procedure="committee", rules={}, yes=21)
    doc.pop("ballots_issued")
    result = tally_record(doc)
    assert result["status"] == "void"
    assert result["checks"][1]["rule"] == "returned <= present"


def test_missing_vote_is_an_abstention() -> None:
    doc = motion(electorate={"expected": 3, "present": 3}, procedure="committee", rules={}, yes=2)
    doc["ballots"].append({})
    doc["ballots_issued"] = 3
    assert tally_record(doc)["counts"] == {"yes": 2, "no": 0, "abstain": 1}


def test_show_of_hands_counts() -> None:
    doc = motion(electorate={"expected": 30, "present": 25}, procedure="representatives_meeting", rules={})
    doc.pop("ballots")
    doc["counts"] = {"yes": 13, "no": 12}
    doc["ballots_issued"] = 25
    result = tally_record(doc)
    assert result["status"] == "passed" and result["counts"] == {"yes": 13, "no": 12, "abstain": 0}


@pytest.mark.parametrize(
    ("mutate", "path"),
    [
        (lambda d: d["ballots"].append({"vote": "maybe"}), "ballots[2].vote"),
        (lambda d: d["ballots"].append({"vote": "invalid"}), "ballots[2].vote"),
        (lambda d: d["ballots"].append("yes"), "ballots[2]"),
        (lambda d: d.update(procedure="party"), "procedure"),
        (lambda d: d.update(rules={"passes": "yes > 1/2 of present"}), "rules.quorum"),
        (lambda d: d.update(rules={"quorum": "present > 1/2 of expected", "passes": "yes > half"}), "rules.passes"),
        (lambda d: d.update(rules={"quorum": "present > 1/2 of expected", "passes": "yes > 1/2 of x"}), "rules.passes"),
        (lambda d: d.update(rules={"quorum": "present >= 1 of expected", "passes": "yes > no", "x": "y"}), "rules.x"),
        (lambda d: d["electorate"].update(present=-1), "electorate.present"),
        (lambda d: d["electorate"].update(present=31), "electorate.present"),
        (lambda d: d["electorate"].update(yes=3), "electorate.yes"),
        (lambda d: d.update(electorate={"groups": {}}), "electorate.groups"),
        (
            lambda d: d.update(electorate={"groups": {"a": {"expected": 3, "present": 4}}}),
            "electorate.groups.a.present",
        ),
        (lambda d: d.update(electorate={"groups": {"a": {"expected": 3}}}), "electorate.groups.a.present"),
        (
            lambda d: d.update(electorate={"present": 3, "groups": {"a": {"expected": 3, "present": 3}}}),
            "electorate.present",
        ),
        (lambda d: d.update(counts={"yes": 1}), "counts"),
    ],
)
def test_bad_records_name_the_place(mutate: Any, path: str) -> None:
    doc = motion(
        electorate={"expected": 30, "present": 30},
        rules={"quorum": "present > 1/2 of expected", "passes": "yes > no"},
        yes=1,
        no=1,
    )
    mutate(doc)
    with pytest.raises(RecordError) as info:
        tally_record(doc)
    assert info.value.path == path


def test_result_sheet() -> None:
    text = format_text(tally_record(motion(electorate=JOINT, rules=JOINT_RULES, yes=24, no=22, issued=46)))
    assert "结果 Status: 通过 / passed" in text
    assert "赞成 yes 24，反对 no 22，弃权 abstain 0" in text


@pytest.mark.parametrize(
    ("voted", "yes", "status"),
    [
        (500, 400, "not_quorate"),  # exactly half of the registered voted
        (501, 251, "passed"),
        (501, 250, "rejected"),  # 250 is not more than half of 501
    ],
)
def test_recall_of_a_village_committee_member(voted: int, yes: int, status: str) -> None:
    doc = motion(electorate={"registered": 1000}, procedure="recall", rules={}, yes=yes, no=voted - yes)
    doc.pop("ballots_issued")
    result = tally_record(doc)
    assert result["status"] == status
    assert result["checks"][1]["rule"] == "returned <= registered"


def test_without_any_base_there_is_no_round_check() -> None:
    doc = motion(electorate={"members": 9}, rules={"quorum": "voted >= 2/3 of members", "passes": "yes > no"}, yes=6)
    doc.pop("ballots_issued")
    result = tally_record(doc)
    assert result["status"] == "passed" and len(result["checks"]) == 2
