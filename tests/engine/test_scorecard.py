"""The scorecard kind: rates beside their numerators and denominators, the bottom of each tier
with ties reported, the counts' consistency refused in words, and recounting from the record."""

from __future__ import annotations

import copy
import json
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jiceng.errors import RecordError
from jiceng.record import format_text, tally

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "schemas" / "examples" / "scorecard-quarter.json"


def record(units: list[tuple[str, str, dict[str, int]]], **settings: Any) -> dict[str, Any]:
    return {
        "format": "jiceng.tally/1",
        "kind": "scorecard",
        "settings": settings,
        "units": [{"id": uid, "name": uid.upper(), "tier": tier} for uid, tier, _c in units],
        "counts": [{"unit": uid, "category": "c", **counts} for uid, _t, counts in units],
    }


def counts(dispatched: int, signed: int, visited: int, solved: int, satisfied: int) -> dict[str, int]:
    return {
        "dispatched": dispatched,
        "signed": signed,
        "signed_on_time": signed,
        "replied": visited,
        "replied_on_time": visited,
        "visited": visited,
        "solved": solved,
        "satisfied": satisfied,
    }


def test_the_example_names_the_weak_department_and_lists_what_was_left_out() -> None:
    result = tally(json.loads(EXAMPLE.read_text(encoding="utf-8")))
    tiers = {t["tier"]: t for t in result["tiers"]}
    assert tiers["district"]["bottom"] == ["o-market"]
    assert tiers["grid"]["bottom"] == [] and tiers["grid"]["not_ranked"] == ["o-g2"]  # one ranked grid: no bottom
    market = next(u for u in result["units"] if u["id"] == "o-market")
    assert market["rates"]["satisfaction"] == {"numerator": 9, "denominator": 15, "fraction": "3/5", "percent": "60.00"}
    assert market["ratings"]["attitude"]["fraction"] == "3/1" and market["ratings"]["count"] == 2
    assert [c["category"] for c in market["categories"]] == ["food-safety", "price-fraud"]
    assert result["excluded"][0]["reason"] == "已进入诉讼程序"
    assert "▼ 区市场监督管理局" in format_text(result)


@pytest.mark.parametrize(
    ("scores", "bottom", "named", "tied"),
    [
        # satisfied out of 10 per unit (response and resolution full): lower satisfaction, lower score
        ([5, 6, 7, 8], 2, ["a", "b"], []),
        ([5, 6, 6, 8], 2, ["a", "b", "c"], []),  # tied at the cut-off, both fit? no: 1 place for 2
        ([5, 5, 7, 8], 2, ["a", "b"], []),  # tied below the cut-off, both fit
        ([6, 6, 6, 8], 2, [], ["a", "b", "c"]),  # three tied for two places
        ([5, 6], 2, [], []),  # a tier no larger than the bottom names nobody
    ],
)
def test_the_bottom_is_the_lowest_scores_and_ties_at_the_cut_off_are_reported(
    scores: list[int], bottom: int, named: list[str], tied: list[str]
) -> None:
    units = [(chr(97 + i), "t", counts(10, 10, 10, 10, s)) for i, s in enumerate(scores)]
    tier = tally(record(units, bottom=bottom))["tiers"][0]
    if named == ["a", "b", "c"]:  # b and c tie for the one place left after a
        assert tier["bottom"] == ["a"] and tier["tie"] == {"units": ["b", "c"], "places": 1}
        return
    assert tier["bottom"] == named
    assert (tier["tie"] or {}).get("units", []) == tied


def test_units_with_too_few_cases_or_no_visit_are_not_ranked() -> None:
    units = [("a", "t", counts(4, 4, 4, 4, 4)), ("b", "t", counts(10, 10, 0, 0, 0)), ("c", "t", counts(10, 9, 9, 9, 9))]
    result = tally(record(units, min_cases=5, bottom=1))
    tier = result["tiers"][0]
    assert tier["ranked"] == ["c"] and set(tier["not_ranked"]) == {"a", "b"}
    b = next(u for u in result["units"] if u["id"] == "b")
    assert b["score"] is None and b["rates"]["satisfaction"] is None  # no visit: no rate, not 0%


def test_tiers_are_ranked_apart() -> None:
    units = [("d1", "district", counts(10, 10, 10, 2, 2)), ("d2", "district", counts(10, 10, 10, 9, 9))]
    units += [("g1", "grid", counts(10, 10, 10, 9, 9)), ("g2", "grid", counts(10, 10, 10, 10, 10))]
    tiers = {t["tier"]: t for t in tally(record(units, bottom=1))["tiers"]}
    assert tiers["district"]["bottom"] == ["d1"] and tiers["grid"]["bottom"] == ["g1"]


@pytest.mark.parametrize(
    ("field", "value", "path"),
    [
        ("signed", 11, "counts[0].signed"),  # more signed than dispatched
        ("satisfied", 11, "counts[0].satisfied"),  # more satisfied than visited
        ("visited", -1, "counts[0].visited"),
        ("solved", "3", "counts[0].solved"),
    ],
)
def test_inconsistent_counts_are_refused_with_their_place(field: str, value: Any, path: str) -> None:
    doc = record([("a", "t", counts(10, 10, 10, 10, 10))])
    doc["counts"][0][field] = value
    with pytest.raises(RecordError) as refused:
        tally(doc)
    assert refused.value.path == path


def test_weights_must_add_up_to_one_and_name_rates() -> None:
    doc = record([("a", "t", counts(10, 10, 10, 10, 10))])
    doc["settings"] = {"weights": {"response": "1/2", "satisfaction": "1/3"}}
    with pytest.raises(RecordError, match="add up to 1"):
        tally(doc)
    doc["settings"] = {"weights": {"speed": "1"}}
    with pytest.raises(RecordError, match="unknown rate"):
        tally(doc)


def test_ratings_sums_must_fit_their_count() -> None:
    doc = record([("a", "t", counts(10, 10, 10, 10, 10))])
    doc["counts"][0]["ratings"] = {"count": 2, "attitude": 11, "speed": 6, "style": 6, "satisfaction": 6}
    with pytest.raises(RecordError) as refused:
        tally(doc)
    assert refused.value.path == "counts[0].ratings.attitude"


_count = st.integers(min_value=0, max_value=40)


@st.composite
def consistent(draw: Any) -> dict[str, int]:
    dispatched = draw(_count)
    signed = draw(st.integers(0, dispatched))
    replied = draw(st.integers(0, dispatched))
    visited = draw(st.integers(0, replied))
    return {
        "dispatched": dispatched,
        "signed": signed,
        "signed_on_time": draw(st.integers(0, signed)),
        "replied": replied,
        "replied_on_time": draw(st.integers(0, replied)),
        "returned": draw(st.integers(0, dispatched)),
        "redone": draw(st.integers(0, replied)),
        "visited": visited,
        "solved": draw(st.integers(0, visited)),
        "satisfied": draw(st.integers(0, visited)),
    }


@given(st.lists(consistent(), min_size=1, max_size=12), st.integers(1, 6))
def test_properties_rates_are_exact_and_the_bottom_is_never_above_a_ranked_unit_left_out(
    rows: list[dict[str, int]], bottom: int
) -> None:
    doc = record([(f"u{i}", "t", row) for i, row in enumerate(rows)], bottom=bottom)
    result = tally(doc)
    assert tally(copy.deepcopy(doc))["record_sha256"] == result["record_sha256"]
    scores = {u["id"]: Fraction(u["score"]["fraction"]) for u in result["units"] if u["ranked"]}
    tier = result["tiers"][0]
    named = set(tier["bottom"]) | set((tier["tie"] or {}).get("units", []))
    assert len(tier["bottom"]) <= bottom
    for uid in named:
        for other, score in scores.items():
            if other not in named:
                assert scores[uid] <= score
    for unit in result["units"]:
        for rate in unit["rates"].values():
            if rate is not None:
                assert 0 <= Fraction(rate["numerator"], rate["denominator"]) <= 1
                assert Fraction(rate["fraction"]) == Fraction(rate["numerator"], rate["denominator"])
