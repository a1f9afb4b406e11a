"""The three-ballot method's weighted structured recommendation (DOMAIN.md §4.2, §5.5; seed 001 part 4)."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jiceng.errors import RecordError
from jiceng.weighted import format_text, parse_fraction, tally_record

LAYERS = (
    ("A", "区以上代表", "30%", 40),
    ("B", "镇机关干部", "20%", 60),
    ("C", "村民代表", "20%", 50),
    ("D", "领导小组", "20%", 15),
)


def weighted(
    trust: dict[str, tuple[int, int]], layers: dict[str, dict[str, int]] | None = None, **extra: Any
) -> dict[str, Any]:
    """``trust`` maps a candidate to (trust votes, own unit's valid forms); layers A–D give votes."""
    layers = layers or {}
    doc: dict[str, Any] = {
        "format": "jiceng.tally/1",
        "kind": "weighted",
        "title": "镇党委书记结构化推荐",
        "candidates": [{"id": cid, "name": f"人选{cid}"} for cid in trust],
        "components": [
            {
                "id": "trust",
                "name": "信任度测评",
                "weight": "1/10",
                "trust": True,
                "bases": {cid: base for cid, (_, base) in trust.items()},
                "votes": {cid: votes for cid, (votes, _) in trust.items()},
            }
        ]
        + [
            {"id": lid, "name": name, "weight": weight, "base": base, "votes": layers.get(lid, {})}
            for lid, name, weight, base in LAYERS
        ],
    }
    doc.update(extra)
    return doc


def candidate(result: dict[str, Any], cid: str) -> dict[str, Any]:
    return next(e for e in result["candidates"] if e["id"] == cid)


def test_seed_001_trust_scores_32_of_33_is_96_97_and_19_of_19_is_100() -> None:
    result = tally_record(weighted({"huang": (32, 33), "ren": (19, 19)}))
    assert candidate(result, "huang")["components"]["trust"]["score"] == {"fraction": "32/33", "points": "96.97"}
    assert candidate(result, "ren")["components"]["trust"]["score"] == {"fraction": "1/1", "points": "100.00"}


def test_seed_001_case_warns_that_the_bases_are_incomparable() -> None:
    result = tally_record(weighted({"huang": (32, 33), "ren": (19, 19)}))
    [warning] = result["warnings"]
    assert warning["code"] == "incomparable_bases" and warning["component"] == "trust"
    assert (warning["smallest_base"], warning["largest_base"]) == (19, 33)
    assert warning["reversals"] == [["huang", "ren"]]  # more votes, lower score
    assert "不可直接比较" in warning["zh"] and "not comparable" in warning["en"]
    assert "注意 Warning" in format_text(result)


@pytest.mark.parametrize(
    ("bases", "warns"),
    [((20, 22), False), ((20, 23), True), ((30, 30), False), ((10, 11), False), ((10, 12), True)],
    ids=["22-is-exactly-10%-more-than-20", "23-of-20", "equal-bases", "11-of-10", "12-of-10"],
)
def test_incomparable_bases_tolerance(bases: tuple[int, int], warns: bool) -> None:
    result = tally_record(weighted({"a": (bases[0], bases[0]), "b": (bases[1], bases[1])}))
    assert bool(result["warnings"]) is warns


def test_the_tolerance_is_a_setting() -> None:
    doc = weighted({"huang": (32, 33), "ren": (19, 19)}, settings={"base_tolerance": "1"})
    assert tally_record(doc)["warnings"] == [] and tally_record(doc)["settings"] == {"base_tolerance": "1/1"}


# The trust gate: 2*trust >= base; exactly half passes.
@pytest.mark.parametrize(
    ("trust", "base", "passes"),
    [(10, 20, True), (9, 20, False), (17, 33, True), (16, 33, False), (0, 1, False)],
    ids=["exactly-half-passes", "9-of-20", "17-of-33", "16-of-33", "0-of-1"],
)
def test_trust_gate(trust: int, base: int, passes: bool) -> None:
    result = tally_record(weighted({"x": (trust, base), "y": (base, base)}))
    assert candidate(result, "x")["passes_gate"] is passes
    assert ("x" in result["ranking"]) is passes
    assert candidate(result, "x")["rank"] is None or passes


def test_the_total_is_the_exact_weighted_sum() -> None:
    layers = {"A": {"h": 30}, "B": {"h": 40}, "C": {"h": 35}, "D": {"h": 10}}
    result = tally_record(weighted({"h": (32, 33)}, layers))
    expected = (
        Fraction(1, 10) * Fraction(32, 33)
        + Fraction(3, 10) * Fraction(30, 40)
        + Fraction(2, 10) * Fraction(40, 60)
        + Fraction(2, 10) * Fraction(35, 50)
        + Fraction(2, 10) * Fraction(10, 15)
    )
    h = candidate(result, "h")
    assert h["total"]["fraction"] == f"{expected.numerator}/{expected.denominator}"
    assert h["total"]["points"] == "72.86"
    assert h["components"]["trust"]["weighted"]["points"] == "9.70"
    shares = sum(Fraction(p["share_of_total"]["fraction"]) for p in h["components"].values())
    assert shares == 1


def test_each_layer_shows_its_size_weight_and_share_of_the_scores() -> None:
    result = tally_record(weighted({"h": (32, 33), "r": (19, 19)}, {"A": {"h": 40, "r": 40}}))
    layers = {c["id"]: c for c in result["components"]}
    assert layers["trust"]["size"] == {"smallest": 19, "largest": 33}
    assert layers["A"]["size"] == {"base": 40}
    assert layers["A"]["weight"] == {"fraction": "3/10", "percent": "30.00"}
    assert layers["B"]["share_of_scores"] == {"fraction": "0/1", "points": "0.00"}
    total = sum(Fraction(c["share_of_scores"]["fraction"]) for c in result["components"])
    assert total == 1


def test_top_five_advance_by_default() -> None:
    trust = {f"c{i}": (10, 10) for i in range(7)}
    layers = {"A": {f"c{i}": 40 - i for i in range(7)}}
    result = tally_record(weighted(trust, layers))
    assert result["advance"] == 5 and result["status"] == "complete"
    assert result["advancing"] == ["c0", "c1", "c2", "c3", "c4"]
    assert result["tie"] is None and result["unfilled"] == 0


def test_a_tie_at_the_cut_off_is_reported_not_broken() -> None:
    trust = {f"c{i}": (10, 10) for i in range(7)}
    layers = {"A": {"c0": 40, "c1": 39, "c2": 38, "c3": 37, "c4": 36, "c5": 36, "c6": 30}}
    result = tally_record(weighted(trust, layers))
    assert result["status"] == "tie_at_cutoff"
    assert result["advancing"] == ["c0", "c1", "c2", "c3"]
    assert result["tie"] == {"candidates": ["c4", "c5"], "places": 1}
    assert "并列" in format_text(result)


def test_ties_that_all_fit_advance() -> None:
    trust = {f"c{i}": (10, 10) for i in range(3)}
    result = tally_record(weighted(trust, {"A": {"c0": 5, "c1": 5, "c2": 1}}, advance=2))
    assert result["advancing"] == ["c0", "c1"] and result["status"] == "complete"


def test_fewer_passing_the_gate_than_places() -> None:
    result = tally_record(weighted({"a": (1, 10), "b": (10, 10)}))
    assert result["advancing"] == ["b"] and result["unfilled"] == 4


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("3/10", Fraction(3, 10)),
        ("30%", Fraction(3, 10)),
        ("12.5%", Fraction(1, 8)),
        (1, Fraction(1)),
        (0, Fraction(0)),
    ],
)
def test_weights_are_exact(text: Any, value: Fraction) -> None:
    assert parse_fraction(text, "w") == value


@pytest.mark.parametrize(
    ("mutate", "path"),
    [
        (lambda d: d["components"][1].update(weight="31%"), "components"),
        (lambda d: d["components"][1].update(weight=0.3), "components[1].weight"),
        (lambda d: d["components"][1].update(weight="3/0"), "components[1].weight"),
        (lambda d: d["components"][1]["votes"].update(a=41), "components[1].votes.a"),
        (lambda d: d["components"][1]["votes"].update(z=1), "components[1].votes.z"),
        (lambda d: d["components"][1].update(base=0), "components[1].base"),
        (lambda d: d["components"][1].update(bases={"a": 1}), "components[1]"),
        (lambda d: d["components"][0]["bases"].pop("a"), "components[0].bases.a"),
        (lambda d: d["components"][2].update(id="A"), "components"),
        (lambda d: d["components"][2].update(trust=True), "components"),
        (lambda d: d.update(rules={"gate": "votes >= 1/2 of base"}), "rules.gate"),
        (lambda d: d.update(advance=0), "advance"),
        (lambda d: d.update(settings={"tolerance": "1/10"}), "settings.tolerance"),
    ],
)
def test_bad_records_name_the_place(mutate: Any, path: str) -> None:
    doc = weighted({"a": (5, 10), "b": (5, 10)})
    mutate(doc)
    with pytest.raises(RecordError) as caught:
        tally_record(doc)
    assert caught.value.path == path


@settings(max_examples=50, deadline=None)
@given(
    votes=st.lists(st.tuples(st.integers(0, 40), st.integers(1, 40)), min_size=1, max_size=8),
    layer=st.lists(st.integers(0, 40), min_size=8, max_size=8),
)
def test_totals_stay_within_0_and_100_and_advancing_never_exceeds_the_places(
    votes: list[tuple[int, int]], layer: list[int]
) -> None:
    trust = {f"c{i}": (min(v, b), b) for i, (v, b) in enumerate(votes)}
    result = tally_record(weighted(trust, {"A": {cid: layer[i] for i, cid in enumerate(trust)}}))
    for entry in result["candidates"]:
        assert 0 <= Fraction(entry["total"]["fraction"]) <= 1
    assert len(result["advancing"]) <= result["advance"]
    assert set(result["advancing"]) <= set(result["ranking"])
