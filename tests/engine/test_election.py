"""Party basic-level elections and primaries (DOMAIN.md §5.1), boundaries named by their numbers."""

from __future__ import annotations

from typing import Any

import pytest

from jiceng.election import (
    Selection,
    competitive_margin,
    format_text,
    select_winners,
    tally_record,
)
from jiceng.errors import RecordError
from tests.engine.builders import ballot, election, votes


def by_id(result: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {entry["id"]: entry for entry in result["tally"]}


def test_issue_example_counts_write_in_and_spoiled_ballot() -> None:
    doc = election(
        seats=3,
        candidates=["c1", "c2"],
        electorate={"expected": 30, "present": 26},
        issued=26,
        rules={"quorum": "present >= 4/5 of expected", "elected": "for > 1/2 of expected"},
        ballots=[ballot(for_=["c1"], against=["c2"], write_ins={"c2": "赵六"}), {"spoiled": True}],
    )
    result = tally_record(doc)
    assert result["ballots"] == {"issued": 26, "returned": 2, "valid": 1, "invalid": 1}
    assert by_id(result)["write-in:赵六"]["for"] == 1
    assert by_id(result)["c2"]["against"] == 1
    assert result["status"] == "seats_unfilled"
    assert result["unfilled_seats"] == 3
    assert result["runoff"] is None


def test_exactly_four_fifths_present_is_quorate() -> None:
    doc = election(seats=1, candidates=["a"], electorate={"expected": 30, "present": 24}, ballots=votes(24, for_=["a"]))
    result = tally_record(doc)
    assert result["checks"][0]["passed"] is True
    assert result["status"] == "complete"


def test_one_under_four_fifths_is_not_quorate_and_nothing_is_counted() -> None:
    doc = election(seats=1, candidates=["a"], electorate={"expected": 30, "present": 23}, ballots=votes(23, for_=["a"]))
    result = tally_record(doc)
    assert result["status"] == "not_quorate"
    assert result["tally"] == [] and result["elected"] == []


def test_strict_1990_quorum_setting_fails_at_exactly_four_fifths() -> None:
    doc = election(
        seats=1,
        candidates=["a"],
        electorate={"expected": 30, "present": 24},
        rules={"quorum": "present > 4/5 of expected"},
        ballots=votes(24, for_=["a"]),
    )
    assert tally_record(doc)["status"] == "not_quorate"


def test_exactly_half_of_expected_is_not_elected() -> None:
    doc = election(seats=1, candidates=["a"], ballots=votes(15, for_=["a"]) + votes(15, against=["a"]))
    result = tally_record(doc)
    assert result["elected"] == [] and result["status"] == "seats_unfilled"


def test_one_more_than_half_of_expected_is_elected() -> None:
    doc = election(seats=1, candidates=["a"], ballots=votes(16, for_=["a"]) + votes(14, abstain=["a"]))
    assert tally_record(doc)["elected"] == ["a"]


def test_base_present_follows_the_seed_001_pilot() -> None:
    # Seed 001 part 1: quorum 4/5 of expected; elected with more than half of those present.
    rules = {"quorum": "present >= 4/5 of expected", "elected": "for > 1/2 of present"}
    electorate = {"expected": 30, "present": 26}
    ballots = votes(14, for_=["a"]) + votes(12, against=["a"])
    doc = election(seats=1, candidates=["a"], electorate=electorate, rules=rules, ballots=ballots)
    assert tally_record(doc)["elected"] == ["a"]  # 14 > 13
    doc["ballots"] = votes(13, for_=["a"]) + votes(13, against=["a"])
    assert tally_record(doc)["elected"] == []  # exactly half of 26 fails


@pytest.mark.parametrize(("for_votes", "elected"), [(248, False), (249, True)])
def test_seed_001_township_secretary_497_members_present(for_votes: int, elected: bool) -> None:
    # Seed 001 part 4: 497 members voted directly for the township secretary, two candidates, one seat.
    doc = election(
        seats=1,
        candidates=["x", "y"],
        electorate={"expected": 520, "present": 497},
        rules={"elected": "for > 1/2 of present"},
        ballots=votes(for_votes, for_=["x"], against=["y"]) + votes(497 - for_votes, for_=["y"], against=["x"]),
    )
    result = tally_record(doc)
    assert (result["elected"] == ["x"]) is elected
    if not elected:
        assert result["elected"] == ["y"]  # 249 for y


def test_missing_mark_is_an_abstention() -> None:
    doc = election(seats=2, candidates=["a", "b"], ballots=[ballot(for_=["a"]), {"marks": {}}, {}])
    result = by_id(tally_record(doc))
    assert result["a"] == result["a"] | {"for": 1, "against": 0, "abstain": 2}
    assert result["b"]["abstain"] == 3


def test_for_marks_equal_to_seats_is_valid_one_more_is_invalid() -> None:
    doc = election(seats=2, candidates=["a", "b", "c"], ballots=[ballot(for_=["a", "b"]), ballot(for_=["a", "b", "c"])])
    result = tally_record(doc)
    assert result["ballots"]["valid"] == 1 and result["ballots"]["invalid"] == 1
    assert result["invalid_reasons"] == {"too_many": 1}


def test_for_marks_plus_write_ins_over_seats_is_invalid() -> None:
    doc = election(
        seats=2,
        candidates=["a", "b", "c"],
        ballots=[ballot(for_=["a", "b"], against=["c"], write_ins={"c": "赵六"})],
    )
    result = tally_record(doc)
    assert result["ballots"]["invalid"] == 1 and result["invalid_reasons"] == {"too_many": 1}


def test_write_in_beside_an_abstention_invalidates_the_ballot() -> None:
    doc = election(seats=2, candidates=["a", "b"], ballots=[ballot(for_=["a"], abstain=["b"], write_ins={"b": "赵六"})])
    result = tally_record(doc)
    assert result["ballots"]["invalid"] == 1
    assert result["invalid_reasons"] == {"write_in_not_against": 1}


def test_write_in_beside_a_missing_mark_invalidates_the_ballot() -> None:
    doc = election(seats=2, candidates=["a", "b"], ballots=[ballot(for_=["a"], write_ins={"b": "赵六"})])
    assert tally_record(doc)["ballots"]["invalid"] == 1


def test_write_in_beside_a_for_mark_invalidates_the_ballot() -> None:
    doc = election(seats=2, candidates=["a", "b"], ballots=[ballot(for_=["a", "b"], write_ins={"b": "赵六"})])
    assert tally_record(doc)["invalid_reasons"] == {"write_in_not_against": 1}


def test_lenient_setting_ignores_a_write_in_beside_an_abstention() -> None:
    doc = election(
        seats=2,
        candidates=["a", "b"],
        ballots=[ballot(for_=["a"], abstain=["b"], write_ins={"b": "赵六"})],
        settings={"write_in_needs_against": False},
    )
    result = tally_record(doc)
    assert result["ballots"]["valid"] == 1
    assert [e["id"] for e in result["tally"]] == ["a", "b"]


def test_same_write_in_name_twice_on_one_ballot_is_invalid() -> None:
    doc = election(
        seats=3,
        candidates=["a", "b"],
        ballots=[ballot(against=["a", "b"], write_ins={"a": "赵六", "b": "赵六"})],
    )
    assert tally_record(doc)["invalid_reasons"] == {"same_name_twice": 1}


def test_two_write_ins_in_one_place_is_invalid() -> None:
    doc = election(seats=3, candidates=["a"], ballots=[ballot(against=["a"])])
    doc["ballots"][0]["write_ins"] = [{"replaces": "a", "name": "赵六"}, {"replaces": "a", "name": "钱七"}]
    assert tally_record(doc)["invalid_reasons"] == {"two_write_ins_one_place": 1}


def test_write_in_can_be_elected() -> None:
    doc = election(seats=1, candidates=["a"], ballots=votes(16, against=["a"], write_ins={"a": " 赵  六 "}))
    result = tally_record(doc)
    assert result["elected"] == ["write-in:赵 六"]
    assert by_id(result)["write-in:赵 六"] | {} == {
        "id": "write-in:赵 六",
        "name": "赵 六",
        "for": 16,
        "against": 0,
        "abstain": 0,
        "write_in": True,
        "qualified": True,
        "elected": True,
    }


def test_returned_more_than_issued_is_void() -> None:
    doc = election(seats=1, candidates=["a"], issued=29, ballots=votes(30, for_=["a"]))
    result = tally_record(doc)
    assert result["status"] == "void"
    assert result["tally"] == [] and result["elected"] == []
    assert result["checks"][1]["passed"] is False


def test_returned_equal_to_issued_is_valid() -> None:
    doc = election(seats=1, candidates=["a"], issued=30, ballots=votes(30, for_=["a"]))
    assert tally_record(doc)["status"] == "complete"


def test_more_qualifiers_than_seats_take_seats_by_for_votes() -> None:
    doc = election(
        seats=2,
        candidates=["a", "b", "c"],
        ballots=votes(10, for_=["a", "b"]) + votes(8, for_=["b", "c"]) + votes(7, for_=["a", "c"]),
    )
    # a 17, b 18, c 15; all over 15 of expected 30 except c (exactly half)
    result = tally_record(doc)
    assert result["elected"] == ["b", "a"]
    assert result["status"] == "complete"
    assert by_id(result)["c"]["qualified"] is False


def test_candidates_tied_under_the_bar_are_not_a_runoff() -> None:
    doc = election(
        seats=2,
        candidates=["a", "b", "c"],
        ballots=votes(20, for_=["a"]) + votes(9, for_=["b", "c"]) + votes(1, for_=["a", "b"]) + votes(1, for_=["c"]),
        electorate={"expected": 31, "present": 31},
    )
    # a 21, b 10+... compute: a 21, b 10, c 10 -> only a qualifies (>15.5)
    result = tally_record(doc)
    assert result["elected"] == ["a"]
    assert result["status"] == "seats_unfilled"


def test_three_qualifiers_tied_for_two_seats_go_to_runoff() -> None:
    ballots = votes(6, for_=["a", "b"]) + votes(6, for_=["b", "c"]) + votes(6, for_=["a", "c"]) + votes(2, for_=["d"])
    doc = election(
        seats=2, candidates=["a", "b", "c", "d"], ballots=ballots, electorate={"expected": 20, "present": 20}
    )
    result = tally_record(doc)
    assert result["status"] == "runoff_needed"
    assert result["elected"] == []
    assert result["runoff"] == {"candidates": ["a", "b", "c"], "seats": 2}
    assert result["unfilled_seats"] == 0


def test_tie_below_a_clear_winner_runs_off_for_the_seat_left() -> None:
    ballots = votes(5, for_=["a", "b"]) + votes(5, for_=["a", "c"]) + votes(2, for_=["a"])
    doc = election(seats=2, candidates=["a", "b", "c"], ballots=ballots, electorate={"expected": 12, "present": 12})
    doc["rules"] = {"elected": "for >= 1/3 of expected"}
    result = tally_record(doc)
    assert result["elected"] == ["a"]
    assert result["runoff"] == {"candidates": ["b", "c"], "seats": 1}


def test_tied_candidates_who_all_fit_are_all_elected() -> None:
    ballots = votes(16, for_=["a", "b"]) + votes(14, for_=["c"])
    result = tally_record(election(seats=2, candidates=["a", "b", "c"], ballots=ballots))
    assert result["elected"] == ["a", "b"] and result["status"] == "complete"


def test_fewer_qualifiers_never_fill_from_below_the_bar() -> None:
    ballots = votes(16, for_=["a", "b"]) + votes(14, for_=["c"])
    result = tally_record(election(seats=3, candidates=["a", "b", "c"], ballots=ballots))
    assert result["elected"] == ["a", "b"]
    assert result["unfilled_seats"] == 1 and result["status"] == "seats_unfilled"


def test_primary_qualifies_in_order_of_votes() -> None:
    ballots = votes(20, for_=["a", "b", "c"]) + votes(5, for_=["b"]) + votes(5, for_=["d"])
    doc = election(seats=3, candidates=["a", "b", "c", "d"], ballots=ballots, variant="primary")
    result = tally_record(doc)
    assert result["rules"] == {"quorum": "present >= 4/5 of expected", "qualifies": "for > 1/2 of expected"}
    assert result["elected"] == ["b", "a", "c"]
    assert result["checks"][2]["en"].endswith("enough votes to qualify.")


@pytest.mark.parametrize(
    ("candidates", "seats", "village", "passed"),
    [
        (4, 3, False, True),
        (3, 3, False, False),
        (6, 5, False, True),
        (8, 7, False, False),
        (9, 7, False, True),
        (1, 1, False, False),
        (6, 6, True, False),
        (7, 6, True, True),
    ],
)
def test_competitive_margin(candidates: int, seats: int, village: bool, passed: bool) -> None:
    check = competitive_margin(candidates=candidates, seats=seats, village=village)
    assert check.passed is passed


def test_margin_rule_in_record_is_a_check_and_a_warning_not_a_status() -> None:
    doc = election(seats=3, candidates=["a", "b", "c"], ballots=votes(16, for_=["a", "b", "c"]))
    doc["rules"] = {"margin": "candidates >= 6/5 of seats"}
    result = tally_record(doc)
    assert result["status"] == "complete"
    assert result["checks"][2]["passed"] is False
    assert len(result["warnings"]) == 1


@pytest.mark.parametrize(
    ("ranked", "seats", "expected"),
    [
        ([], 2, Selection(elected=(), runoff=(), runoff_seats=0, unfilled_seats=2)),
        ([("a", 5)], 1, Selection(elected=("a",), runoff=(), runoff_seats=0, unfilled_seats=0)),
        ([("a", 5), ("b", 5)], 1, Selection(elected=(), runoff=("a", "b"), runoff_seats=1, unfilled_seats=0)),
        (
            [("a", 6), ("b", 5), ("c", 5)],
            2,
            Selection(elected=("a",), runoff=("b", "c"), runoff_seats=1, unfilled_seats=0),
        ),
        ([("a", 6), ("b", 5), ("c", 4)], 2, Selection(elected=("a", "b"), runoff=(), runoff_seats=0, unfilled_seats=0)),
        (
            [("a", 6), ("b", 6), ("c", 5), ("d", 5), ("e", 5)],
            3,
            Selection(elected=("a", "b"), runoff=("c", "d", "e"), runoff_seats=1, unfilled_seats=0),
        ),
    ],
)
def test_select_winners(ranked: list[tuple[str, int]], seats: int, expected: Selection) -> None:
    assert select_winners(ranked, seats=seats) == expected


@pytest.mark.parametrize(
    ("mutate", "path"),
    [
        (lambda d: d["ballots"][1]["marks"].update(c9="for"), "ballots[1].marks.c9"),
        (lambda d: d["ballots"][0]["marks"].update(a="yes"), "ballots[0].marks.a"),
        (lambda d: d.update(seats=0), "seats"),
        (lambda d: d.update(seats=1.0), "seats"),
        (lambda d: d["electorate"].update(present=-1), "electorate.present"),
        (lambda d: d["electorate"].update(present=31), "electorate.present"),
        (lambda d: d["electorate"].update(valid=3), "electorate.valid"),
        (lambda d: d["electorate"].update({"for": 3}), "electorate.for"),
        (lambda d: d.update(ballots_issued=-2), "ballots_issued"),
        (lambda d: d.update(rules={"quorum": "present >= 4/5 expected"}), "rules.quorum"),
        (lambda d: d.update(rules={"elected": "present >= 1/2 of expected"}), "rules.elected"),
        (lambda d: d.update(rules={"elected": "for > 1/2 of registered"}), "rules.elected"),
        (lambda d: d.update(rules={"winner": "for > 1/2 of expected"}), "rules.winner"),
        (lambda d: d.update(variant="club"), "variant"),
        (lambda d: d["candidates"].append({"id": "a", "name": "重名"}), "candidates[2].id"),
        (lambda d: d["candidates"].append({"id": "write-in:x", "name": "x"}), "candidates[2].id"),
        (lambda d: d["candidates"].append({"id": "z"}), "candidates[2].name"),
        (lambda d: d.update(candidates=[]), "candidates"),
        (lambda d: d["ballots"].append([]), "ballots[2]"),
        (lambda d: d["ballots"].append({"spoiled": "yes"}), "ballots[2].spoiled"),
        (lambda d: d["ballots"].append({"marks": ["a"]}), "ballots[2].marks"),
        (lambda d: d["ballots"].append({"write_ins": {"a": "x"}}), "ballots[2].write_ins"),
        (
            lambda d: d["ballots"].append({"write_ins": [{"replaces": "q", "name": "x"}]}),
            "ballots[2].write_ins[0].replaces",
        ),
        (
            lambda d: d["ballots"].append({"write_ins": [{"replaces": "a", "name": " "}]}),
            "ballots[2].write_ins[0].name",
        ),
        (lambda d: d.update(format="jiceng.tally/2"), "format"),
        (lambda d: d.update(kind="motion"), "kind"),
        (lambda d: d.pop("ballots"), "ballots"),
        (lambda d: d.update(settings={"write_in_needs_against": 1}), "settings.write_in_needs_against"),
    ],
)
def test_bad_records_name_the_place(mutate: Any, path: str) -> None:
    doc = election(seats=1, candidates=["a", "b"], ballots=[ballot(for_=["a"]), ballot(for_=["b"])])
    mutate(doc)
    with pytest.raises(RecordError) as info:
        tally_record(doc)
    assert info.value.path == path


def test_result_sheet_names_the_winners_and_the_checks() -> None:
    doc = election(seats=1, candidates=["a", "b"], ballots=votes(16, for_=["a"]) + votes(14, for_=["b"]))
    text = format_text(tally_record(doc))
    assert "当选（按赞成票） Elected (by for-votes): 候选人a" in text
    assert "符合法定人数" in text and "quorate" in text


def test_result_sheet_shows_runoff() -> None:
    ballots = votes(16, for_=["a"]) + votes(16, for_=["b"])
    doc = election(seats=1, candidates=["a", "b"], ballots=ballots, electorate={"expected": 32, "present": 32})
    doc["rules"] = {"elected": "for >= 1/2 of expected"}
    result = tally_record(doc)
    assert result["status"] == "runoff_needed"
    assert "再次投票 Run-off for 1 seat(s): 候选人a、候选人b" in format_text(result)


def test_empty_title_is_allowed() -> None:
    doc = election(seats=1, candidates=["a"], ballots=votes(16, for_=["a"]), title="")
    assert tally_record(doc)["title"] == ""


@pytest.mark.parametrize(
    ("present", "issued", "words"),
    [(23, 23, "到会人数不足，选举不能进行"), (30, 29, "收回选票多于发出选票，本轮无效")],
)
def test_result_sheet_of_a_round_that_counts_nothing(present: int, issued: int, words: str) -> None:
    doc = election(
        seats=1,
        candidates=["a"],
        electorate={"expected": 30, "present": present},
        issued=issued,
        ballots=votes(present, for_=["a"]),
    )
    text = format_text(tally_record(doc))
    assert words in text and "候选人 Candidate" not in text
