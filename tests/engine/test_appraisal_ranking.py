"""The ranking of an appraisal or survey (``settings.bottom``, ``settings.rank_by``): the public
evaluation of departments, whose bottom five are held accountable (seed 002). Ties at the
cut-off are reported, never broken."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jiceng.appraisal import format_text
from jiceng.errors import RecordError
from jiceng.record import compare_results, tally


def survey(satisfied: list[int], *, valid: int = 10, **extra_settings: Any) -> dict[str, Any]:
    """A hand-counted survey of departments d1, d2…: ``satisfied[i]`` forms rate department i
    满意, the rest 不满意; ranked with a bottom of 5 unless the settings say otherwise."""
    names = [f"d{i + 1}" for i in range(len(satisfied))]
    return {
        "format": "jiceng.tally/1",
        "kind": "survey",
        "settings": {"bottom": 5, **extra_settings},
        "subjects": [{"id": n, "name": f"部门{n}"} for n in names],
        "forms": {"returned": valid},
        "counts": {n: {"满意": s, "不满意": valid - s} for n, s in zip(names, satisfied, strict=True)},
    }


def bottom(doc: dict[str, Any]) -> tuple[list[str], list[str], int]:
    result = tally(doc)["bottom"]
    tie = result["tie"] or {"subjects": [], "places": 0}
    return result["subjects"], tie["subjects"], tie["places"]


def test_six_departments_name_the_five_lowest() -> None:
    assert bottom(survey([9, 1, 2, 3, 4, 5])) == (["d2", "d3", "d4", "d5", "d6"], [], 0)


def test_exactly_five_departments_name_no_bottom() -> None:
    result = tally(survey([1, 2, 3, 4, 5]))
    assert result["bottom"]["subjects"] == [] and result["bottom"]["status"] == "too_few"
    assert "不列末位" in result["bottom"]["zh"]


def test_four_departments_fewer_than_five_name_no_bottom() -> None:
    assert tally(survey([1, 2, 3, 4]))["bottom"]["status"] == "too_few"


def test_two_tied_at_the_fifth_place_are_reported_not_broken() -> None:
    low, tied, left = bottom(survey([1, 2, 3, 4, 5, 5, 9]))
    assert (low, tied, left) == (["d1", "d2", "d3", "d4"], ["d5", "d6"], 1)
    result = tally(survey([1, 2, 3, 4, 5, 5, 9]))
    assert result["bottom"]["status"] == "tie_at_cutoff"
    assert "部门d5、部门d6 得分相同，并列于截止名次，争剩余 1 个名次，如实报告，不作取舍" in result["bottom"]["zh"]
    assert "reported and not broken" in result["bottom"]["en"]


def test_a_tie_inside_the_bottom_that_fits_is_no_tie() -> None:
    assert bottom(survey([1, 1, 3, 4, 5, 9])) == (["d1", "d2", "d3", "d4", "d5"], [], 0)


def test_four_tied_at_the_cut_off_for_three_places() -> None:
    assert bottom(survey([1, 2, 3, 3, 3, 3, 9])) == (["d1", "d2"], ["d3", "d4", "d5", "d6"], 3)


def test_three_tied_for_the_last_three_places_all_fit() -> None:
    assert bottom(survey([1, 2, 3, 3, 3, 9])) == (["d1", "d2", "d3", "d4", "d5"], [], 0)


def test_everyone_tied_names_nobody_in_the_bottom_and_all_tied() -> None:
    assert bottom(survey([4] * 7)) == ([], [f"d{i}" for i in range(1, 8)], 5)


def test_equal_shares_share_a_rank_counted_from_the_lowest() -> None:
    ranks = {r["subject"]: r["rank"] for r in tally(survey([1, 2, 2, 4, 5, 9]))["ranking"]}
    assert ranks == {"d1": 1, "d2": 2, "d3": 2, "d4": 4, "d5": 5, "d6": 6}


def test_the_share_is_exact_and_basically_satisfied_counts_by_default() -> None:
    doc = survey([1, 2, 3, 4, 5, 6], valid=3 * 10)
    doc["counts"]["d1"] = {"满意": 1, "基本满意": 9, "不满意": 20}
    row = next(r for r in tally(doc)["ranking"] if r["subject"] == "d1")
    assert row["share"] == {"fraction": "1/3", "percent": "33.33"}


def test_rank_by_satisfied_alone() -> None:
    doc = survey([5, 5, 5, 5, 5, 5], rank_by=["满意"])
    doc["counts"]["d6"] = {"满意": 0, "基本满意": 10}
    result = tally(doc)
    assert result["ranking"][0]["subject"] == "d6" and result["settings"]["rank_by"] == ["满意"]


def test_a_subject_with_no_base_is_not_ranked() -> None:
    doc = survey([1, 2, 3, 4, 5, 6, 7], abstentions_in_base=False)
    doc["counts"]["d7"] = {}
    result = tally(doc)
    assert result["bottom"]["not_ranked"] == ["d7"] and "d7" not in [r["subject"] for r in result["ranking"]]


def test_a_record_without_the_setting_has_no_ranking() -> None:
    doc = survey([1, 2, 3, 4, 5, 6])
    doc.pop("settings")
    result = tally(doc)
    assert "ranking" not in result and "bottom" not in result
    assert result["settings"] == {"abstentions_in_base": True}


@pytest.mark.parametrize(
    ("extra", "path"),
    [
        ({"bottom": 0}, "settings.bottom"),
        ({"bottom": "5"}, "settings.bottom"),
        ({"rank_by": ["优秀"]}, "settings.rank_by[0]"),
        ({"rank_by": []}, "settings.rank_by"),
        ({"rank_by": ["满意", "满意"]}, "settings.rank_by"),
        ({"rank_by": "满意"}, "settings.rank_by"),
    ],
)
def test_bad_ranking_settings_name_the_place(extra: dict[str, Any], path: str) -> None:
    with pytest.raises(RecordError) as caught:
        tally(survey([1, 2, 3, 4, 5, 6], **extra))
    assert caught.value.path == path


def test_rank_by_without_bottom_is_refused() -> None:
    doc = survey([1, 2, 3, 4, 5, 6], rank_by=["满意"])
    doc["settings"].pop("bottom")
    with pytest.raises(RecordError, match=r"rank_by needs settings\.bottom"):
        tally(doc)


def test_a_custom_scale_names_its_rank_by() -> None:
    doc = survey([1, 2, 3, 4, 5, 6])
    doc.update(scale=["好", "差"], counts={f"d{i}": {"好": i} for i in range(1, 7)})
    with pytest.raises(RecordError, match="custom scale"):
        tally(doc)
    doc["settings"]["rank_by"] = ["好"]
    assert tally(doc)["bottom"]["subjects"] == ["d1", "d2", "d3", "d4", "d5"]


def test_the_sheet_marks_the_bottom_and_the_tie() -> None:
    sheet = format_text(tally(survey([1, 2, 3, 4, 5, 5, 9])))
    assert "▼   1  部门d1  1/10（10.00%）" in sheet
    assert "=   5  部门d5" in sheet and "=   5  部门d6" in sheet
    assert "并列 Tied at the cut-off for 1 place(s): 部门d5、部门d6" in sheet


@settings(max_examples=60, deadline=None)
@given(data=st.data(), shares=st.lists(st.integers(0, 6), min_size=1, max_size=12), places=st.integers(1, 6))
def test_the_bottom_never_depends_on_the_order_of_subjects(data: st.DataObject, shares: list[int], places: int) -> None:
    doc = survey(shares, valid=6, bottom=places)
    result = tally(doc)
    shuffled = dict(doc, subjects=data.draw(st.permutations(doc["subjects"])))
    again = tally(shuffled)
    assert again["bottom"] == result["bottom"] and again["ranking"] == result["ranking"]
    low, tie = result["bottom"]["subjects"], result["bottom"]["tie"]
    # the bottom never holds more than its places, and with a tie the tied overfill what is left
    assert len(low) <= places
    if tie:
        assert len(low) + tie["places"] == places and len(tie["subjects"]) > tie["places"]
    assert compare_results(json.loads(json.dumps(result, ensure_ascii=False)), tally(doc)) == []


def test_the_departments_example_ties_two_at_the_fifth_place() -> None:
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "docs/schemas/examples/survey-departments-bottom-five.json"
    result = tally(json.loads(path.read_text(encoding="utf-8")))
    assert result["bottom"]["subjects"] == ["s2", "s5", "s7", "s3"]
    assert result["bottom"]["tie"] == {"subjects": ["s4", "s8"], "places": 1}
