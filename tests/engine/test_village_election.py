"""Villagers' committee elections (村民委员会组织法; DOMAIN.md §5.2)."""

from __future__ import annotations

from typing import Any

import pytest

from jiceng.election import Problem, Proxy, check_proxies, tally_record
from tests.engine.builders import election, votes


def village(*, registered: int, ballots: list[dict[str, Any]], seats: int = 1, **extra: Any) -> dict[str, Any]:
    candidates = extra.pop("candidates", ["a", "b"])
    return election(
        seats=seats,
        candidates=candidates,
        electorate={"registered": registered},
        ballots=ballots,
        variant=extra.pop("variant", "village"),
        **extra,
    )


def test_exactly_half_of_registered_voting_is_not_a_valid_election() -> None:
    ballots = votes(400, for_=["a"], against=["b"]) + votes(100, for_=["b"], against=["a"])
    result = tally_record(village(registered=1000, ballots=ballots))
    assert result["status"] == "not_quorate"
    assert result["checks"][0]["rule"] == "voted > 1/2 of registered"


def test_one_more_than_half_of_registered_voting_is_valid() -> None:
    ballots = votes(401, for_=["a"], against=["b"]) + votes(100, for_=["b"], against=["a"])
    result = tally_record(village(registered=1000, ballots=ballots))
    assert result["status"] == "complete"
    assert result["elected"] == ["a"]


def test_invalid_ballots_count_in_voted() -> None:
    # 501 voted, 50 of them spoiled; 250 for a is not more than half of 501, though it is of the 451 valid.
    ballots = votes(250, for_=["a"]) + votes(201, for_=["b"]) + [{"spoiled": True}] * 50
    result = tally_record(village(registered=1000, ballots=ballots))
    assert result["ballots"]["invalid"] == 50
    assert result["elected"] == [] and result["status"] == "seats_unfilled"
    assert result["checks"][3]["numbers"] == {"for": 250, "voted": 501}


def test_more_than_half_of_voted_is_elected() -> None:
    ballots = votes(251, for_=["a"]) + votes(200, for_=["b"]) + [{"spoiled": True}] * 50
    assert tally_record(village(registered=1000, ballots=ballots))["elected"] == ["a"]


def test_village_list_must_be_competitive_as_a_warning() -> None:
    ballots = votes(301, for_=["a"])
    result = tally_record(village(registered=600, ballots=ballots, candidates=["a"]))
    margin = [c for c in result["checks"] if c["rule"] == "candidates > seats"]
    assert margin and margin[0]["passed"] is False
    assert result["warnings"]


def supplementary(*, a: int, b: int, c: int, seats: int, spoiled: int = 0) -> dict[str, Any]:
    ballots = votes(a, for_=["a"]) + votes(b, for_=["b"]) + votes(c, for_=["c"]) + [{"spoiled": True}] * spoiled
    return tally_record(
        village(
            registered=500, ballots=ballots, seats=seats, candidates=["a", "b", "c"], variant="village_supplementary"
        )
    )


def test_supplementary_round_is_plurality_with_a_one_third_floor() -> None:
    result = supplementary(a=150, b=120, c=30, seats=1)
    assert result["rules"]["elected"] == "for >= 1/3 of voted"
    assert result["elected"] == ["a"] and result["status"] == "complete"


def test_supplementary_round_exactly_one_third_is_enough() -> None:
    result = supplementary(a=100, b=99, c=101, seats=2)
    assert result["elected"] == ["c", "a"]


def test_supplementary_round_one_under_one_third_leaves_the_seat_unfilled() -> None:
    result = supplementary(a=99, b=99, c=99, seats=1, spoiled=3)
    assert result["elected"] == [] and result["unfilled_seats"] == 1


def test_supplementary_round_tie_at_the_cut_off_goes_to_runoff() -> None:
    result = supplementary(a=100, b=100, c=60, seats=1)
    assert result["status"] == "runoff_needed"
    assert result["runoff"] == {"candidates": ["a", "b"], "seats": 1}


def test_supplementary_round_through_the_issue_rule_text() -> None:
    ballots = votes(110, for_=["a"]) + votes(100, for_=["b"]) + votes(90, for_=["c"])
    doc = village(
        registered=500,
        ballots=ballots,
        seats=2,
        candidates=["a", "b", "c"],
        rules={"quorum": "voted > 1/2 of registered", "elected": "for >= 1/3 of voted"},
    )
    result = tally_record(doc)
    assert result["elected"] == ["a", "b"]


@pytest.mark.parametrize(
    ("proxies", "codes"),
    [
        ([Proxy(voter=f"v{n}", holder="h") for n in range(3)], []),
        ([Proxy(voter=f"v{n}", holder="h") for n in range(4)], ["too_many"]),
        ([Proxy(voter="v1", holder="cand")], ["candidate_holds"]),
        ([Proxy(voter="v1", holder="v1")], ["self"]),
        ([Proxy(voter="v1", holder="h"), Proxy(voter="v1", holder="k")], ["twice"]),
    ],
)
def test_proxy_limits(proxies: list[Proxy], codes: list[str]) -> None:
    problems = check_proxies(proxies, candidates={"cand"})
    assert [p.code for p in problems] == codes
    assert all(isinstance(p, Problem) and p.zh and p.en for p in problems)
