"""Paper ballots counted by hand: totals in ``hand_count`` beside the ballots (jiceng.handcount)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jiceng.cli import main
from jiceng.election import format_text as election_sheet
from jiceng.election import tally_record as tally_election
from jiceng.errors import RecordError
from jiceng.motion import format_text as motion_sheet
from jiceng.motion import tally_record as tally_motion
from jiceng.record import tally
from tests.engine.builders import ballot, election, motion
from tests.engine.test_schemas import validate

PARTY = {"quorum": "present >= 4/5 of expected", "elected": "for > 1/2 of expected"}
MOTION = {"quorum": "present >= 2/3 of expected", "passes": "yes > 1/2 of present"}


def hand(
    returned: int, invalid: int = 0, write_ins: dict[str, int] | None = None, **candidates: tuple[int, int, int]
) -> dict[str, Any]:
    out: dict[str, Any] = {
        "returned": returned,
        "invalid": invalid,
        "candidates": {cid: dict(zip(("for", "against", "abstain"), v, strict=True)) for cid, v in candidates.items()},
    }
    if write_ins is not None:
        out["write_ins"] = write_ins
    return out


def by_id(result: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {entry["id"]: entry for entry in result["tally"]}


def test_a_hand_count_alone_elects_like_its_ballots() -> None:
    doc = election(
        seats=2,
        candidates=["a", "b"],
        ballots=[],
        issued=20,
        electorate={"expected": 20, "present": 20},
        rules=PARTY,
        hand_count=hand(20, 1, {"赵六": 2}, a=(15, 3, 1), b=(9, 8, 2)),
    )
    result = tally_election(doc)
    assert result["ballots"] == {"issued": 20, "returned": 20, "valid": 19, "invalid": 1}
    assert result["invalid_reasons"] == {"hand_count": 1}
    assert result["hand_count"] == {"returned": 20, "valid": 19, "invalid": 1}
    assert by_id(result)["a"] == {
        "id": "a",
        "name": "候选人a",
        "for": 15,
        "against": 3,
        "abstain": 1,
        "write_in": False,
        "qualified": True,
        "elected": True,
    }
    assert by_id(result)["write-in:赵六"]["for"] == 2
    assert result["elected"] == ["a"] and result["status"] == "seats_unfilled"


def test_phone_ballots_and_a_hand_count_add_up() -> None:
    phone = [ballot(for_=["a"], against=["b"], write_ins={"b": "赵六"}), ballot(for_=["b"]), {"spoiled": True}]
    doc = election(
        seats=2,
        candidates=["a", "b"],
        ballots=phone,
        issued=10,
        electorate={"expected": 10, "present": 10},
        rules=PARTY,
        hand_count=hand(7, 1, {"赵六": 1}, a=(4, 2, 0), b=(1, 3, 2)),
    )
    result = tally_election(doc)
    assert result["ballots"] == {"issued": 10, "returned": 10, "valid": 8, "invalid": 2}
    assert result["invalid_reasons"] == {"hand_count": 1, "spoiled": 1}
    assert [(e["id"], e["for"], e["against"], e["abstain"]) for e in result["tally"]] == [
        ("a", 5, 2, 1),
        ("b", 2, 4, 2),
        ("write-in:赵六", 2, 0, 0),
    ]
    # 5 for of 10 expected is exactly half: "more than half" fails (DOMAIN.md §5)
    assert result["elected"] == [] and result["status"] == "seats_unfilled"


def test_a_record_without_hand_count_has_no_hand_count_in_its_result() -> None:
    result = tally_election(election(seats=1, candidates=["a"], ballots=[ballot(for_=["a"])], rules=PARTY))
    assert "hand_count" not in result


def test_hand_count_returned_beyond_issued_makes_the_round_void() -> None:
    doc = election(
        seats=1,
        candidates=["a"],
        ballots=[ballot(for_=["a"])],
        issued=5,
        electorate={"expected": 5, "present": 5},
        rules=PARTY,
        hand_count=hand(5, a=(5, 0, 0)),
    )
    assert tally_election(doc)["status"] == "void"
    doc["hand_count"] = hand(4, a=(4, 0, 0))
    assert tally_election(doc)["status"] == "complete"


def test_an_empty_hand_count_adds_nothing() -> None:
    doc = election(
        seats=1, candidates=["a"], ballots=[ballot(for_=["a"])], rules=PARTY, hand_count=hand(0, a=(0, 0, 0))
    )
    result = tally_election(doc)
    assert result["ballots"]["returned"] == 1 and result["invalid_reasons"] == {}
    assert result["hand_count"] == {"returned": 0, "valid": 0, "invalid": 0}


def test_all_hand_counted_ballots_invalid_is_consistent_with_zero_marks() -> None:
    doc = election(seats=1, candidates=["a"], ballots=[], issued=3, rules=PARTY, hand_count=hand(3, 3, a=(0, 0, 0)))
    assert tally_election(doc)["ballots"] == {"issued": 3, "returned": 3, "valid": 0, "invalid": 3}


def test_missing_marks_default_to_zero() -> None:
    doc = election(seats=1, candidates=["a"], ballots=[], issued=3, rules=PARTY, hand_count=hand(3, a=(3, 0, 0)))
    doc["hand_count"]["candidates"]["a"] = {"for": 3}
    assert by_id(tally_election(doc))["a"]["for"] == 3


def test_a_write_in_with_no_votes_is_left_out() -> None:
    doc = election(
        seats=1, candidates=["a"], ballots=[], issued=3, rules=PARTY, hand_count=hand(3, 0, {"赵六": 0}, a=(3, 0, 0))
    )
    assert [e["id"] for e in tally_election(doc)["tally"]] == ["a"]


def test_write_in_names_are_joined_with_ballot_write_ins_after_spacing_is_made_one() -> None:
    doc = election(
        seats=1,
        candidates=["a"],
        ballots=[ballot(against=["a"], write_ins={"a": "欧阳 明"})],
        issued=3,
        rules=PARTY,
        hand_count=hand(2, 0, {" 欧阳  明 ": 2}, a=(0, 2, 0)),
    )
    assert by_id(tally_election(doc))["write-in:欧阳 明"]["for"] == 3


@pytest.mark.parametrize(
    ("count", "path", "words"),
    [
        (
            hand(10, a=(5, 3, 1), b=(5, 5, 0)),
            "hand_count.candidates.a",
            "候选人候选人a：赞成 5 + 不赞成 3 + 弃权 1 = 9",
        ),
        (hand(10, a=(5, 5, 0), b=(6, 5, 0)), "hand_count.candidates.b", "不等于手工计票的有效票 10 张"),
        (hand(10, 1, a=(5, 5, 0), b=(5, 5, 0)), "hand_count.candidates.a", "有效票 9 张"),
        (hand(3, 4, a=(0, 0, 0), b=(0, 0, 0)), "hand_count.invalid", "无效票 4 张多于收回的 3 张"),
        (hand(-1, a=(0, 0, 0), b=(0, 0, 0)), "hand_count.returned", "不能为负数"),
        (hand(2, a=(3, -1, 0), b=(2, 0, 0)), "hand_count.candidates.a.against", "不能为负数"),
        (hand(2, 0, {"赵六": -1}, a=(0, 2, 0), b=(2, 0, 0)), "hand_count.write_ins.赵六", "不能为负数"),
        (hand(2, 0, {"赵六": 3}, a=(0, 2, 0), b=(0, 2, 0)), "hand_count.write_ins.赵六", "多于有效票 2 张"),
        (hand(4, 0, {"赵六": 2}, a=(3, 1, 0), b=(4, 0, 0)), "hand_count.write_ins", "多于不赞成票 1 票"),
        (hand(2, 0, {"赵六": 1}, a=(2, 0, 0), b=(1, 1, 0)), "hand_count", "多于应选名额 1 × 有效票 2"),
        (hand(2, a=(2, 0, 0)), "hand_count.candidates.b", "缺少候选人候选人b的票数"),
        (hand(2, a=(2, 0, 0), b=(2, 0, 0), c=(2, 0, 0)), "hand_count.candidates.c", "未知的候选人编号"),
        ({"returned": 1, "candidates": {}, "spoiled": 1}, "hand_count.spoiled", "未知的字段"),
        ({"returned": 1.0, "candidates": {}}, "hand_count.returned", "必须是整数"),
        ({"returned": 1}, "hand_count.candidates", "缺少此项"),
        ([1, 2], "hand_count", "必须是对象"),
    ],
)
def test_inconsistent_totals_are_refused_naming_the_place(count: Any, path: str, words: str) -> None:
    doc = election(seats=1, candidates=["a", "b"], ballots=[], issued=20, rules=PARTY, hand_count=count)
    with pytest.raises(RecordError) as caught:
        tally_election(doc)
    assert caught.value.path == path
    assert words in caught.value.message


def test_an_unknown_mark_and_a_doubled_name_are_refused() -> None:
    doc = election(seats=1, candidates=["a"], ballots=[], issued=2, rules=PARTY, hand_count=hand(2, a=(2, 0, 0)))
    doc["hand_count"]["candidates"]["a"]["yes"] = 1
    with pytest.raises(RecordError, match=r"hand_count\.candidates\.a\.yes"):
        tally_election(doc)
    doc["hand_count"] = hand(2, 0, {"赵六": 1, "赵 六": 0, " 赵六": 1}, a=(0, 2, 0))
    with pytest.raises(RecordError, match="重复"):
        tally_election(doc)


def test_the_seats_bound_allows_exactly_seats_per_valid_ballot() -> None:
    # 2 seats, 3 valid ballots: at most 6 for-votes and write-ins together
    doc = election(
        seats=2,
        candidates=["a", "b", "c"],
        ballots=[],
        issued=3,
        rules=PARTY,
        hand_count=hand(3, 0, {"赵六": 1}, a=(3, 0, 0), b=(2, 1, 0), c=(0, 0, 3)),
    )
    assert tally_election(doc)["ballots"]["valid"] == 3
    doc["hand_count"] = hand(3, 0, {"赵六": 1}, a=(3, 0, 0), b=(3, 0, 0), c=(0, 1, 2))
    with pytest.raises(RecordError, match="多于应选名额 2 × 有效票 3"):
        tally_election(doc)


def test_the_result_sheet_says_how_many_were_counted_by_hand() -> None:
    doc = election(seats=1, candidates=["a"], ballots=[], issued=3, rules=PARTY, hand_count=hand(3, 1, a=(2, 0, 0)))
    sheet = election_sheet(tally(doc))
    assert "其中手工计票 of which counted by hand: 收回 returned 3，有效 valid 2，无效 invalid 1" in sheet
    assert "手工计票时当场判定无效 / judged invalid by the tellers in the hall: 1" in sheet


# Motions


def test_a_motion_adds_the_hand_count_to_its_ballots() -> None:
    doc = motion(
        electorate={"expected": 12, "present": 12},
        rules=MOTION,
        yes=2,
        no=1,
        issued=12,
        hand_count={"yes": 5, "no": 2, "abstain": 1, "invalid": 1},
    )
    result = tally_motion(doc)
    assert result["counts"] == {"yes": 7, "no": 3, "abstain": 1}
    assert result["ballots"] == {"issued": 12, "returned": 12, "valid": 11, "invalid": 1}
    assert result["hand_count"] == {"returned": 9, "valid": 8, "invalid": 1}
    assert result["status"] == "passed"  # 7 of 12 present is more than half
    assert "其中手工计票" in motion_sheet(tally(doc))


def test_a_motion_hand_count_exactly_half_is_rejected_and_beyond_issued_is_void() -> None:
    doc = motion(electorate={"expected": 10, "present": 10}, rules=MOTION, issued=10, hand_count={"yes": 5, "no": 5})
    assert tally_motion(doc)["status"] == "rejected"
    doc["hand_count"] = {"yes": 6, "no": 5}
    assert tally_motion(doc)["status"] == "void"


@pytest.mark.parametrize(
    ("extra", "path"),
    [
        ({"hand_count": {"yes": -1}}, "hand_count.yes"),
        ({"hand_count": {"maybe": 1}}, "hand_count.maybe"),
        ({"hand_count": {"yes": True}}, "hand_count.yes"),
        ({"hand_count": "5"}, "hand_count"),
    ],
)
def test_a_bad_motion_hand_count_is_refused(extra: dict[str, Any], path: str) -> None:
    doc = motion(electorate={"expected": 3, "present": 3}, rules=MOTION, yes=1, **extra)
    with pytest.raises(RecordError) as caught:
        tally_motion(doc)
    assert caught.value.path == path


def test_a_motion_hand_count_with_show_of_hands_counts_is_refused() -> None:
    doc = motion(electorate={"expected": 3, "present": 3}, rules=MOTION, hand_count={"yes": 1})
    del doc["ballots"]
    doc["counts"] = {"yes": 2}
    with pytest.raises(RecordError, match="hand_count"):
        tally_motion(doc)


# jiceng verify recomputes such records


def test_verify_recomputes_a_record_with_a_hand_count(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = election(
        seats=2,
        candidates=["a", "b"],
        ballots=[ballot(for_=["a"])],
        issued=10,
        electorate={"expected": 10, "present": 10},
        rules=PARTY,
        hand_count=hand(8, 1, a=(5, 2, 0), b=(2, 4, 1)),
    )
    record = tmp_path / "record.json"
    record.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    published = tmp_path / "result.json"
    published.write_text(json.dumps(tally(doc), ensure_ascii=False), encoding="utf-8")
    assert main(["verify", str(record), str(published)]) == 0
    assert "match" in capsys.readouterr().out
    doc["hand_count"]["candidates"]["a"] = {"for": 6, "against": 1, "abstain": 0}
    record.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    assert main(["verify", str(record), str(published)]) == 1
    out = capsys.readouterr().out
    assert "mismatch" in out and "tally[0].for: published 6, recomputed 7" in out


# The property: a hand count of valid ballots gives what counting those ballots gives


@st.composite
def valid_ballot(draw: st.DrawFn, n_candidates: int, seats: int) -> dict[str, Any]:
    """A ballot the tellers would judge valid: for-marks and write-ins within the seats,
    write-ins only beside against, no name twice."""
    marks: dict[str, str] = {}
    used = 0
    names = iter(draw(st.permutations(["赵六", "钱七", "孙八"])))
    write_ins: list[dict[str, str]] = []
    for i in range(n_candidates):
        mark = draw(st.sampled_from(["for", "against", "abstain", None]))
        if mark == "for" and used >= seats:
            mark = "against"
        if mark == "for":
            used += 1
        if mark is not None:
            marks[f"c{i}"] = mark
        if mark == "against" and used < seats and draw(st.booleans()):
            name = next(names, None)
            if name is not None:
                write_ins.append({"replaces": f"c{i}", "name": name})
                used += 1
    out: dict[str, Any] = {"marks": marks}
    if write_ins:
        out["write_ins"] = write_ins
    return out


def totals(ballots: list[dict[str, Any]], n_candidates: int) -> dict[str, Any]:
    """The hand count a hall would write down for these ballots, counted independently."""
    candidates = {f"c{i}": {"for": 0, "against": 0, "abstain": 0} for i in range(n_candidates)}
    write_ins: dict[str, int] = {}
    invalid = 0
    for b in ballots:
        if b.get("spoiled"):
            invalid += 1
            continue
        for cid, row in candidates.items():
            row[b["marks"].get(cid, "abstain")] += 1
        for w in b.get("write_ins", []):
            write_ins[w["name"]] = write_ins.get(w["name"], 0) + 1
    return {"returned": len(ballots), "invalid": invalid, "candidates": candidates, "write_ins": write_ins}


@st.composite
def mixed_election(draw: st.DrawFn) -> tuple[dict[str, Any], int]:
    n_candidates = draw(st.integers(1, 4))
    seats = draw(st.integers(1, 3))
    ballot_st = st.one_of(valid_ballot(n_candidates, seats), st.just({"spoiled": True}))
    ballots = draw(st.lists(ballot_st, max_size=30))
    expected = draw(st.integers(max(1, len(ballots)), len(ballots) + 10))
    base = draw(st.sampled_from(["expected", "present", "voted", "valid"]))
    frac = draw(st.sampled_from(["1/2", "1/3", "0"]))
    doc = {
        "format": "jiceng.tally/1",
        "kind": "election",
        "seats": seats,
        "electorate": {"expected": expected, "present": expected},
        "ballots_issued": draw(st.integers(max(0, len(ballots) - 2), len(ballots) + 2)),
        "rules": {"quorum": "present >= 4/5 of expected", "elected": f"for > {frac} of {base}"},
        "candidates": [{"id": f"c{i}", "name": f"候选人{i}"} for i in range(n_candidates)],
        "ballots": ballots,
    }
    return doc, draw(st.integers(0, len(ballots)))


SAME = ("status", "ballots", "tally", "elected", "runoff", "unfilled_seats", "checks", "warnings")


@settings(max_examples=300, deadline=None)
@given(mixed_election())
def test_a_hand_count_of_valid_ballots_gives_the_same_result_as_counting_them(case: tuple[dict[str, Any], int]) -> None:
    doc, split = case
    n_candidates = len(doc["candidates"])
    phone, paper = doc["ballots"][:split], doc["ballots"][split:]
    one_by_one = tally_election(doc)
    mixed = tally_election({**doc, "ballots": phone, "hand_count": totals(paper, n_candidates)})
    assert {k: mixed[k] for k in SAME} == {k: one_by_one[k] for k in SAME}
    spoiled = sum(1 for b in paper if b.get("spoiled"))
    assert mixed["hand_count"] == {"returned": len(paper), "valid": len(paper) - spoiled, "invalid": spoiled}


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from([{"vote": "yes"}, {"vote": "no"}, {"vote": "abstain"}, {"spoiled": True}]), max_size=30),
    st.data(),
)
def test_a_motion_hand_count_gives_the_same_result_as_counting_the_ballots(ballots: list[Any], data: Any) -> None:
    split = data.draw(st.integers(0, len(ballots)))
    doc = motion(electorate={"expected": len(ballots) + 1, "present": len(ballots)}, rules=MOTION)
    doc["ballots"] = ballots
    doc["ballots_issued"] = len(ballots)
    paper = ballots[split:]
    hand_count = {k: sum(1 for b in paper if b.get("vote") == k) for k in ("yes", "no", "abstain")}
    hand_count["invalid"] = sum(1 for b in paper if b.get("spoiled"))
    mixed = tally_motion({**doc, "ballots": ballots[:split], "hand_count": hand_count})
    mixed.pop("hand_count")
    assert mixed == tally_motion(doc)


# The JSON Schemas know the field


def test_the_schemas_accept_hand_counts_and_refuse_bad_ones() -> None:
    good = election(seats=1, candidates=["a"], ballots=[], issued=3, rules=PARTY, hand_count=hand(3, 1, a=(2, 0, 0)))
    validate(good)
    validate(motion(electorate={"expected": 3, "present": 3}, rules=MOTION, hand_count={"yes": 2, "invalid": 1}))
    for bad in (
        {**good, "hand_count": {"returned": -1, "candidates": {}}},
        {**good, "hand_count": {"returned": 1}},
        {**good, "hand_count": {"returned": 1, "candidates": {"a": {"yes": 1}}}},
        {**good, "hand_count": {"returned": 1, "candidates": {}, "write_ins": {"赵六": 1.5}}},
        {**good, "hand_count": {"returned": 1, "candidates": {}, "spoiled": 1}},
    ):
        with pytest.raises(jsonschema.ValidationError):
            validate(bad)
    shown = motion(electorate={"expected": 3, "present": 3}, rules=MOTION, hand_count={"yes": 1})
    for bad in ({**shown, "hand_count": {"maybe": 1}}, {**shown, "counts": {"yes": 1}, "ballots": None}):
        bad = {k: v for k, v in bad.items() if v is not None}
        with pytest.raises(jsonschema.ValidationError):
            validate(bad)
