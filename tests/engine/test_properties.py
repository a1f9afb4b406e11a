"""Invariants of the engine, checked with hypothesis."""

from __future__ import annotations

import json
import operator
from collections.abc import Callable
from fractions import Fraction
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from jiceng.election import tally_record as tally_election
from jiceng.motion import tally_record as tally_motion
from jiceng.record import compare_results, tally
from jiceng.rules import parse_rule

MARK = st.sampled_from(["for", "against", "abstain", None])
NAMES = st.sampled_from(["赵六", "钱七"])


@st.composite
def election_ballot(draw: st.DrawFn, n_candidates: int) -> dict[str, Any]:
    if draw(st.integers(0, 19)) == 0:
        return {"spoiled": True}
    marks = {f"c{i}": m for i in range(n_candidates) if (m := draw(MARK)) is not None}
    ballot: dict[str, Any] = {"marks": marks}
    against = [cid for cid, m in marks.items() if m == "against"]
    if against and draw(st.booleans()):
        ballot["write_ins"] = [{"replaces": draw(st.sampled_from(against)), "name": draw(NAMES)}]
    return ballot


@st.composite
def election_record(draw: st.DrawFn) -> dict[str, Any]:
    n_candidates = draw(st.integers(1, 5))
    ballots = draw(st.lists(election_ballot(n_candidates), max_size=40))
    expected = draw(st.integers(len(ballots) + 1, len(ballots) + 20))
    base = draw(st.sampled_from(["expected", "present", "voted", "valid"]))
    op = draw(st.sampled_from([">", ">="]))
    frac = draw(st.sampled_from(["1/2", "1/3", "2/3", "0", "40%"]))
    return {
        "format": "jiceng.tally/1",
        "kind": "election",
        "seats": draw(st.integers(1, 4)),
        "electorate": {"expected": expected, "present": expected},
        "ballots_issued": len(ballots) + 1,
        "rules": {"quorum": "present >= 4/5 of expected", "elected": f"for {op} {frac} of {base}"},
        "candidates": [{"id": f"c{i}", "name": f"候选人{i}"} for i in range(n_candidates)],
        "ballots": ballots,
    }


@settings(max_examples=200, deadline=None)
@given(election_record())
def test_adding_an_abstaining_ballot_never_elects_anyone_new(doc: dict[str, Any]) -> None:
    before = tally_election(doc)
    doc = {**doc, "ballots": [*doc["ballots"], {"marks": {}}]}
    after = tally_election(doc)
    assert set(after["elected"]) <= set(before["elected"])


@settings(max_examples=200, deadline=None)
@given(election_record(), st.randoms(use_true_random=False))
def test_permuting_ballots_never_changes_the_result(doc: dict[str, Any], rnd: Any) -> None:
    shuffled = list(doc["ballots"])
    rnd.shuffle(shuffled)
    assert tally_election({**doc, "ballots": shuffled}) == tally_election(doc)


@settings(max_examples=100, deadline=None)
@given(election_record())
def test_verify_accepts_every_election_result_tally_produces(doc: dict[str, Any]) -> None:
    published = json.loads(json.dumps(tally(doc), ensure_ascii=False))
    assert compare_results(published, tally(json.loads(json.dumps(doc)))) == []


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.sampled_from([{"vote": "yes"}, {"vote": "no"}, {"vote": "abstain"}, {"spoiled": True}]), max_size=30),
    st.integers(0, 5),
)
def test_verify_accepts_every_motion_result_and_permutation_is_harmless(ballots: list[Any], spare: int) -> None:
    doc = {
        "format": "jiceng.tally/1",
        "kind": "motion",
        "procedure": "representatives_meeting",
        "electorate": {"expected": len(ballots) + spare, "present": len(ballots)},
        "ballots_issued": len(ballots),
        "ballots": ballots,
    }
    published = json.loads(json.dumps(tally(doc), ensure_ascii=False))
    assert compare_results(published, tally(doc)) == []
    assert tally_motion({**doc, "ballots": ballots[::-1]}) == tally_motion(doc)


OPS: dict[str, Callable[[Any, Any], bool]] = {">": operator.gt, ">=": operator.ge, "<": operator.lt, "<=": operator.le}


@settings(max_examples=500)
@given(
    st.integers(0, 10**6),
    st.integers(0, 10**6),
    st.integers(0, 50),
    st.integers(1, 50),
    st.sampled_from(sorted(OPS)),
    st.booleans(),
)
def test_threshold_rules_agree_with_a_fraction_reference(x: int, y: int, p: int, q: int, op: str, pct: bool) -> None:
    factor_text = f"{p}%" if pct else f"{p}/{q}"
    factor = Fraction(p, 100) if pct else Fraction(p, q)
    check = parse_rule(f"x {op} {factor_text} of y").evaluate({"x": x, "y": y})
    assert check.passed is OPS[op](Fraction(x), factor * y)
    assert check.numbers == {"x": x, "y": y}


@settings(max_examples=200)
@given(
    st.lists(st.integers(0, 1000), min_size=1, max_size=4), st.integers(0, 5000), st.integers(1, 9), st.integers(1, 9)
)
def test_sums_agree_with_a_fraction_reference(terms: list[int], base: int, p: int, q: int) -> None:
    names = [f"t{i}" for i in range(len(terms))]
    rule = parse_rule(f"{'+'.join(names)} < {p}/{q} of base")
    values = dict(zip(names, terms, strict=True)) | {"base": base}
    assert rule.evaluate(values).passed is (Fraction(sum(terms)) < Fraction(p, q) * base)


@settings(max_examples=300)
@given(
    st.integers(0, 10**4), st.integers(0, 10**4), st.integers(1, 12), st.integers(0, 12), st.sampled_from(sorted(OPS))
)
def test_integer_form_agrees_with_integer_reference(x: int, y: int, a: int, b: int, op: str) -> None:
    check = parse_rule(f"{a}*x {op} {b}*y").evaluate({"x": x, "y": y})
    assert check.passed is OPS[op](a * x, b * y)
