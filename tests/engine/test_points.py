"""The points kind: totals by type, the three ones, and every entry checked again against its
version's points and caps, so a tampered record is caught."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jiceng.errors import RecordError
from jiceng.record import tally

EXAMPLE = json.loads(
    (Path(__file__).resolve().parents[2] / "docs/schemas/examples/points-quarter.json").read_text(encoding="utf-8")
)


def _rep(result, rid):
    return next(r for r in result["representatives"] if r["id"] == rid)


def test_the_example_sums_by_type_and_counts_the_three_ones():
    result = tally(EXAMPLE)
    assert result["status"] == "published" and result["failed"] == []
    wang = _rep(result, "r1")
    assert wang["quarter"] == {"required": 7, "optional": 0, "self": 0, "total": 7}
    assert wang["year"]["total"] == 9 and wang["items_done"] == 3
    assert wang["items"] == {"talk": True, "volunteer": True, "request": True}
    assert _rep(result, "r2")["items_done"] == 0
    li = _rep(result, "r2")
    assert li["quarter"]["self"] == 0 and li["quarter"]["optional"] == 1  # the reversal took the 4 back


@pytest.mark.parametrize(
    ("change", "rule"),
    [
        (lambda d: d["entries"][1].update(points=8), "points"),
        (lambda d: d["entries"][4].update(points=-3), "reversal"),
        (lambda d: d["entries"].append({**d["entries"][4], "id": "e9"}), "reversal"),
        (lambda d: d["entries"].extend({**d["entries"][2], "id": f"m{i}"} for i in range(4)), "cap_quarter"),
    ],
    ids=["points-edited", "reversal-wrong", "reversed-twice", "past-the-cap"],
)
def test_a_tampered_record_fails_its_checks(change, rule):
    doc = copy.deepcopy(EXAMPLE)
    change(doc)
    result = tally(doc)
    assert result["status"] == "checks_failed"
    assert rule in {f["rule"] for f in result["failed"]}


def test_reaching_a_cap_exactly_passes():
    doc = copy.deepcopy(EXAMPLE)  # meeting: 1 point, at most 4 a quarter; r2 has one
    doc["entries"].extend({**doc["entries"][2], "id": f"m{i}"} for i in range(3))
    assert tally(doc)["status"] == "published"


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d["entries"][0].update(representative="nobody"),
        lambda d: d["entries"][0].update(project="nothing"),
        lambda d: d["entries"][0].update(quarter=3),
        lambda d: d["entries"].append(dict(d["entries"][0])),
    ],
)
def test_a_malformed_record_is_refused(change):
    doc = copy.deepcopy(EXAMPLE)
    change(doc)
    with pytest.raises(RecordError):
        tally(doc)


@given(st.lists(st.sampled_from(["general", "harder", "hard"]), max_size=30))
def test_reversing_every_entry_brings_every_total_to_zero(difficulties):
    doc = copy.deepcopy(EXAMPLE)
    doc["entries"] = []
    points = {"general": 2, "harder": 4, "hard": 6}
    for i, d in enumerate(difficulties):
        base = {"representative": "r1", "version": 1, "project": "own", "difficulty": d, "quarter": 2}
        doc["entries"].append({**base, "id": f"a{i}", "points": points[d], "evidence": "volunteer"})
        undo = {"id": f"b{i}", "points": -points[d], "evidence": "reversal", "reverses": f"a{i}"}
        doc["entries"].append({**base, **undo})
    result = tally(doc)
    assert result["status"] == "published"
    assert _rep(result, "r1")["year"]["total"] == 0
