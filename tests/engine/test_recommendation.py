"""Democratic recommendation (DOMAIN.md §4.3, §5.4): the 50% bar, ABCD classes, scattered votes."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jiceng.errors import RecordError
from jiceng.recommendation import format_text, tally_record

NAMES = {"c1": "王芳", "c2": "李强", "c3": "张伟", "c4": "赵敏", "c5": "刘洋"}


def record(votes: dict[str, int], *, blank: int = 0, spoiled: int = 0, **extra: Any) -> dict[str, Any]:
    """One class of voters; ``votes`` gives how many forms recommend each candidate (one name a form)."""
    forms: list[dict[str, Any]] = [{"recommend": [cid]} for cid, n in votes.items() for _ in range(n)]
    forms += [{"recommend": []}] * blank + [{"spoiled": True}] * spoiled
    doc: dict[str, Any] = {
        "format": "jiceng.tally/1",
        "kind": "recommendation",
        "post": "镇党委副书记",
        "candidates": [{"id": cid, "name": name} for cid, name in NAMES.items()],
        "forms": forms,
    }
    doc.update(extra)
    return doc


def entry(result: dict[str, Any], cid: str) -> dict[str, Any]:
    return next(e for e in result["candidates"] if e["id"] == cid)


# Seed 000: a recommendation rate of 50% or more (2*recommended >= valid) makes a candidate for inspection.
@pytest.mark.parametrize(
    ("votes", "others", "reaches"),
    [(15, 15, True), (14, 16, False), (16, 14, True), (3, 4, False), (4, 3, True)],
    ids=["exactly-half-of-30-reaches", "14-of-30", "16-of-30", "3-of-7", "4-of-7"],
)
def test_fifty_percent_bar(votes: int, others: int, reaches: bool) -> None:
    result = tally_record(record({"c1": votes, "c2": others}))
    assert entry(result, "c1")["reaches_bar"] is reaches
    assert result["reaching_bar"] == (["c1"] if reaches else []) + (["c2"] if 2 * others >= votes + others else [])


def test_blank_and_spoiled_forms_are_not_in_the_base() -> None:
    result = tally_record(record({"c1": 5, "c2": 5}, blank=3, spoiled=2))
    assert result["forms"] == {"returned": 15, "valid": 10, "blank": 3, "spoiled": 2, "over": 0}
    assert entry(result, "c1")["rate"] == {"fraction": "1/2", "percent": "50.00"}
    assert result["status"] == "complete"


def test_a_form_with_more_names_than_places_is_spoiled() -> None:
    doc = record({"c1": 2}, places=1)
    doc["forms"].append({"recommend": ["c1", "c2"]})
    result = tally_record(doc)
    assert result["forms"]["over"] == 1 and result["forms"]["spoiled"] == 1 and entry(result, "c1")["recommended"] == 2
    doc["places"] = 2
    assert tally_record(doc)["forms"]["valid"] == 3


def test_abcd_classes_are_summed_separately_and_together() -> None:
    doc = record({})
    doc["classes"] = [{"id": "A", "name": "领导班子成员"}, {"id": "B", "name": "中层干部"}, {"id": "C", "name": "其他"}]
    doc["forms"] = (
        [{"class": "A", "recommend": ["c1"]}] * 6
        + [{"class": "A", "recommend": ["c2"]}] * 2
        + [{"class": "B", "recommend": ["c2"]}] * 9
        + [{"class": "B", "recommend": ["c1"]}] * 1
        + [{"class": "C", "recommend": ["c1"]}] * 3
        + [{"class": "C", "spoiled": True}]
    )
    result = tally_record(doc)
    c1 = entry(result, "c1")
    assert c1["by_class"]["A"] == {"recommended": 6, "rate": {"fraction": "3/4", "percent": "75.00"}}
    assert c1["by_class"]["B"]["rate"]["percent"] == "10.00"
    assert c1["by_class"]["C"]["rate"]["percent"] == "100.00"
    assert c1["recommended"] == 10 and c1["rate"]["fraction"] == "10/21"
    assert [c["forms"]["valid"] for c in result["classes"]] == [8, 10, 3]
    # A bar by class: at least half of class A and of all together.
    doc["rules"] = {"bar": {"all": ["A.recommended >= 1/2 of A.valid", "recommended >= 1/2 of valid"]}}
    assert tally_record(doc)["reaching_bar"] == []  # c1: 6 of 8 in A but 10 of 21 in all; c2: 2 of 8 in A
    doc["rules"] = {"bar": "A.recommended >= 1/2 of A.valid"}
    assert tally_record(doc)["reaching_bar"] == ["c1"]


def test_a_form_must_name_its_class_when_there_are_several() -> None:
    doc = record({}, classes=[{"id": "A", "name": "甲"}, {"id": "B", "name": "乙"}])
    doc["forms"] = [{"recommend": ["c1"]}]
    with pytest.raises(RecordError) as caught:
        tally_record(doc)
    assert caught.value.path == "forms[0].class"


# Scattered: fewer than `places` reach the bar and the top 2*places hold under half the recommendations.
@pytest.mark.parametrize(
    ("votes", "status"),
    [
        ({"c1": 4, "c2": 3, "c3": 3, "c4": 2, "c5": 2}, "short"),  # top 2 hold 7 of 14: exactly half
        ({"c1": 3, "c2": 3, "c3": 3, "c4": 3, "c5": 2}, "scattered"),  # top 2 hold 6 of 14
        ({"c1": 6, "c2": 4, "c3": 2, "c4": 1, "c5": 1}, "short"),  # top 2 hold 10 of 14
        ({"c1": 7, "c2": 3, "c3": 2, "c4": 1, "c5": 1}, "complete"),  # exactly half of 14 reaches the bar
    ],
    ids=["leaders-exactly-half-is-not-scattered", "leaders-6-of-14", "leaders-10-of-14", "one-reaches-the-bar"],
)
def test_scattered_votes(votes: dict[str, int], status: str) -> None:
    result = tally_record(record(votes))
    assert result["status"] == status
    assert result["scattered"]["scattered"] is (status == "scattered")


def test_a_scattered_round_suggests_the_leading_names_with_ties_at_the_edge() -> None:
    result = tally_record(record({"c1": 4, "c2": 3, "c3": 3, "c4": 3, "c5": 3}))
    s = result["scattered"]
    assert s["cast"] == 16 and s["leaders"] == 7 and s["leader_count"] == 2
    assert s["share"] == {"fraction": "7/16", "percent": "43.75"}
    assert result["status"] == "scattered"
    assert s["second_round"] == ["c1", "c2", "c3", "c4", "c5"]  # four tied at the second place
    assert "第二次推荐" in format_text(result)


def test_leaders_and_concentration_are_settings() -> None:
    votes = {"c1": 4, "c2": 3, "c3": 3, "c4": 2, "c5": 2}
    assert tally_record(record(votes, rules={"concentration": "leaders <= 1/2 of cast"}))["status"] == "scattered"
    result = tally_record(record(votes, settings={"leaders": 3}, rules={"concentration": "leaders < 3/4 of cast"}))
    assert result["scattered"]["leaders"] == 10 and result["status"] == "scattered"
    assert result["scattered"]["second_round"] == ["c1", "c2", "c3"]


def test_no_recommendations_at_all_is_short_not_scattered() -> None:
    result = tally_record(record({}, blank=3))
    assert result["status"] == "short" and result["scattered"]["share"] is None


@pytest.mark.parametrize(
    ("mutate", "path"),
    [
        (lambda d: d["forms"].append({"recommend": ["c9"]}), "forms[1].recommend[0]"),
        (lambda d: d["forms"].append({"recommend": ["c1", "c1"]}), "forms[1].recommend"),
        (lambda d: d.update(rules={"bar": "recommended >="}), "rules.bar"),
        (lambda d: d.update(rules={"bar": "votes >= 1/2 of valid"}), "rules.bar"),
        (lambda d: d.update(rules={"second": "x > 1"}), "rules.second"),
        (lambda d: d.update(places=0), "places"),
        (lambda d: d.update(candidates=[]), "candidates"),
        (lambda d: d["forms"].append({"class": "Z", "recommend": ["c1"]}), "forms[1].class"),
    ],
)
def test_bad_records_name_the_place(mutate: Any, path: str) -> None:
    doc = record({"c1": 1})
    mutate(doc)
    with pytest.raises(RecordError) as caught:
        tally_record(doc)
    assert caught.value.path == path


@settings(max_examples=50, deadline=None)
@given(data=st.data(), counts=st.lists(st.integers(0, 6), min_size=5, max_size=5), blank=st.integers(0, 3))
def test_form_order_never_changes_the_result_and_the_scattered_rule_holds(
    data: st.DataObject, counts: list[int], blank: int
) -> None:
    doc = record(dict(zip(NAMES, counts, strict=True)), blank=blank)
    result = tally_record(doc)
    doc["forms"] = data.draw(st.permutations(doc["forms"]))
    assert tally_record(doc) == result
    top_two = sum(sorted(counts, reverse=True)[:2])
    nobody = all(2 * c < sum(counts) or c == 0 for c in counts)
    assert result["scattered"]["scattered"] is (nobody and 2 * top_two < sum(counts))
