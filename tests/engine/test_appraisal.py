"""Appraisals and satisfaction surveys (DOMAIN.md §5.4): counts, exact rates, flags as review requests."""

from __future__ import annotations

import json
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jiceng.appraisal import format_text, percent_text, points_text, tally_record
from jiceng.errors import RecordError
from jiceng.record import compare_results, tally

INDIVIDUAL = ("优秀", "称职", "基本称职", "不称职")


def counted(kind: str = "appraisal", *, valid: int, counts: dict[str, int], **extra: Any) -> dict[str, Any]:
    """A hand-counted record with one subject 王芳 and ``valid`` valid forms."""
    doc: dict[str, Any] = {
        "format": "jiceng.tally/1",
        "kind": kind,
        "subjects": [{"id": "s1", "name": "王芳"}],
        "forms": {"returned": valid},
        "counts": {"s1": counts},
    }
    doc.update(extra)
    return doc


def flags(doc: dict[str, Any]) -> list[str]:
    return list(tally_record(doc)["subjects"][0]["flags"])


def forms_record(forms: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "format": "jiceng.tally/1",
        "kind": "appraisal",
        "subjects": [{"id": "s1", "name": "王芳"}, {"id": "s2", "name": "李强"}],
        "forms": forms,
    }
    doc.update(extra)
    return doc


# The 2/3 rule: 3*(优秀+称职) < 2*valid asks for an admonition or adjustment review.
@pytest.mark.parametrize(
    ("good", "valid", "raised"),
    [(20, 30, False), (19, 30, True), (2, 3, False), (1, 3, True), (21, 30, False)],
    ids=["exactly-2/3-of-30-is-not-flagged", "19-of-30-is-flagged", "exactly-2-of-3", "1-of-3", "21-of-30"],
)
def test_two_thirds_rule(good: int, valid: int, raised: bool) -> None:
    doc = counted(valid=valid, counts={"优秀": good // 2, "称职": good - good // 2, "基本称职": valid - good})
    assert ("admonition_review" in flags(doc)) is raised


# The 1/3 rule: 3*不称职 > valid asks for a removal review.
@pytest.mark.parametrize(
    ("incompetent", "valid", "raised"),
    [(10, 30, False), (11, 30, True), (1, 3, False), (2, 5, True)],
    ids=["exactly-1/3-of-30-is-not-flagged", "11-of-30-is-flagged", "exactly-1-of-3", "2-of-5"],
)
def test_one_third_incompetent_rule(incompetent: int, valid: int, raised: bool) -> None:
    doc = counted(valid=valid, counts={"称职": valid - incompetent, "不称职": incompetent})
    assert ("removal_review" in flags(doc)) is raised


# Seed 002: 基本称职 or better under 2/3 → review for a non-leading post.
@pytest.mark.parametrize(
    ("competent_or_better", "valid", "raised"),
    [(20, 30, False), (19, 30, True)],
    ids=["exactly-2/3-basically-competent-is-not-flagged", "19-of-30-is-flagged"],
)
def test_seed_002_non_leading_post_rule(competent_or_better: int, valid: int, raised: bool) -> None:
    doc = counted(valid=valid, counts={"基本称职": competent_or_better, "不称职": valid - competent_or_better})
    assert ("non_leading_post_review" in flags(doc)) is raised


# Village committee member: 2*不称职 >= valid rates the member 不称职 (exactly half counts).
@pytest.mark.parametrize(
    ("incompetent", "valid", "raised"),
    [(15, 30, True), (14, 30, False), (16, 30, True), (3, 7, False), (4, 7, True)],
    ids=["exactly-half-is-flagged", "14-of-30", "16-of-30", "3-of-7", "4-of-7"],
)
def test_village_member_rule(incompetent: int, valid: int, raised: bool) -> None:
    doc = counted(valid=valid, counts={"称职": valid - incompetent, "不称职": incompetent}, scale="village_member")
    assert flags(doc) == (["village_incompetent"] if raised else [])


# Seed 001: a satisfaction rate under 60% (5*(满意+基本满意) < 3*valid).
@pytest.mark.parametrize(
    ("satisfied", "basically", "valid", "raised"),
    [(30, 30, 100, False), (30, 29, 100, True), (3, 0, 5, False), (2, 0, 5, True), (0, 61, 100, False)],
    ids=["exactly-60%-is-not-flagged", "59%-is-flagged", "exactly-3-of-5", "2-of-5", "61%-basically"],
)
def test_sixty_percent_satisfaction_bar(satisfied: int, basically: int, valid: int, raised: bool) -> None:
    doc = counted(
        "survey",
        valid=valid,
        counts={"满意": satisfied, "基本满意": basically, "不满意": valid - satisfied - basically},
    )
    assert flags(doc) == (["satisfaction_below_60"] if raised else [])


def test_survey_reports_the_satisfaction_rate_and_satisfied_alone() -> None:
    result = tally_record(counted("survey", valid=30, counts={"满意": 12, "基本满意": 8, "不满意": 10}))
    summary = {s["label_zh"]: s for s in result["subjects"][0]["summary"]}
    assert summary["满意率"]["count"] == 20
    assert summary["满意率"]["rate"] == {"fraction": "2/3", "percent": "66.67"}
    assert summary["满意"]["rate"] == {"fraction": "2/5", "percent": "40.00"}
    assert result["scale"] == {"name": "satisfaction", "grades": ["满意", "基本满意", "不满意"]}


def test_forms_exclude_blank_and_spoiled_and_missing_grades_are_abstentions() -> None:
    result = tally_record(
        forms_record(
            [
                {"grades": {"s1": "优秀", "s2": "不称职"}},
                {"grades": {"s1": "称职"}},
                {"grades": {"s1": "不称职", "s2": "称职"}},
                {"blank": True},
                {"grades": {}},
                {"spoiled": True},
            ]
        )
    )
    assert result["forms"] == {"returned": 6, "valid": 3, "blank": 2, "spoiled": 1}
    s1, s2 = result["subjects"]
    assert s1["counts"] == {"优秀": 1, "称职": 1, "基本称职": 0, "不称职": 1, "abstain": 0}
    assert s2["counts"]["abstain"] == 1 and s2["base"] == 3
    assert s1["rates"]["优秀"] == {"fraction": "1/3", "percent": "33.33"}
    assert result["settings"] == {"abstentions_in_base": True}


def test_abstentions_out_of_the_base_is_a_setting_printed_on_the_result() -> None:
    forms = [
        {"grades": {"s1": "称职", "s2": "称职"}},
        {"grades": {"s1": "称职", "s2": "称职"}},
        {"grades": {"s1": "不称职"}},
    ]
    with_abstentions = tally_record(forms_record(forms))
    without = tally_record(forms_record(forms, settings={"abstentions_in_base": False}))
    # s2: 2 称职 of 3 valid forms is exactly 2/3 either way; with the abstention out, 2 of 2.
    assert with_abstentions["subjects"][1]["base"] == 3 and without["subjects"][1]["base"] == 2
    assert without["subjects"][1]["rates"]["称职"]["percent"] == "100.00"
    assert without["settings"] == {"abstentions_in_base": False}
    assert "弃权不计入" in format_text(without)


def test_a_flag_is_a_review_request_never_a_sanction() -> None:
    result = tally_record(counted(valid=3, counts={"不称职": 3}))
    assert result["status"] == "flags_raised"
    raised = [c for c in result["checks"] if c["passed"]]
    assert raised and all("提请组织研究" in c["zh"] and "for the organisation to review" in c["en"] for c in raised)
    assert {"subject": "s1", "flag": "removal_review"} in result["flagged"]


def test_no_flags() -> None:
    assert tally_record(counted(valid=3, counts={"优秀": 3}))["status"] == "no_flags"


def test_group_scale_and_custom_flags() -> None:
    doc = counted(valid=10, counts={"好": 2, "较好": 2, "一般": 3, "差": 3}, scale="group")
    assert tally_record(doc)["rules"] == {"flags": {}}
    doc["rules"] = {"flags": {"bottom": "差 >= 30% of valid"}}
    result = tally_record(doc)
    assert result["subjects"][0]["flags"] == ["bottom"]
    assert result["subjects"][0]["summary"][0]["rate"]["percent"] == "40.00"


def test_a_custom_scale() -> None:
    doc = counted(
        valid=4, counts={"赞同": 3, "反对": 1}, scale=["赞同", "反对"], rules={"flags": {"x": "反对 > 1/2 of valid"}}
    )
    assert tally_record(doc)["subjects"][0]["flags"] == []


def test_rates_round_half_up_from_the_exact_fraction() -> None:
    assert percent_text(Fraction(1, 3)) == "33.33"
    assert percent_text(Fraction(2, 3)) == "66.67"
    assert percent_text(Fraction(1, 8)) == "12.50"
    assert points_text(Fraction(1, 200)) == "0.01"  # exactly half a hundredth rounds up
    assert points_text(Fraction(32, 33) * 100) == "96.97"


@pytest.mark.parametrize(
    ("mutate", "path"),
    [
        (lambda d: d["forms"].append({"grades": {"s9": "优秀"}}), "forms[0].grades.s9"),
        (lambda d: d["forms"].append({"grades": {"s1": "良好"}}), "forms[0].grades.s1"),
        (lambda d: d.update(scale="stars"), "scale"),
        (lambda d: d.update(rules={"flags": {"x": "良好 > valid"}}), "rules.flags.x"),
        (lambda d: d.update(rules={"flags": {"x": "优秀 >"}}), "rules.flags.x"),
        (lambda d: d.update(settings={"abstain": True}), "settings.abstain"),
        (lambda d: d["subjects"].append({"id": "s1", "name": "重复"}), "subjects[2].id"),
        (lambda d: d["forms"].append({"blank": True, "grades": {"s1": "优秀"}}), "forms[0].blank"),
        (lambda d: d.update(scale=["好", "好"]), "scale"),
    ],
)
def test_bad_records_name_the_place(mutate: Any, path: str) -> None:
    doc = forms_record([])
    mutate(doc)
    with pytest.raises(RecordError) as caught:
        tally_record(doc)
    assert caught.value.path == path


def test_hand_counts_cannot_exceed_the_valid_forms() -> None:
    with pytest.raises(RecordError) as caught:
        tally_record(counted(valid=3, counts={"优秀": 4}))
    assert caught.value.path == "counts.s1"
    with pytest.raises(RecordError):
        tally_record(counted(valid=3, counts={"优秀": 1}, forms={"returned": 2, "blank": 3}))


def test_the_sheet_names_each_subject_and_flag() -> None:
    text = format_text(tally_record(counted(valid=3, counts={"不称职": 3})))
    assert "王芳" in text and "removal_review" in text and "不是处分" in text


grade_or_missing = st.sampled_from([*INDIVIDUAL, None])


@settings(max_examples=50, deadline=None)
@given(
    data=st.data(),
    rows=st.lists(
        st.tuples(grade_or_missing, grade_or_missing, st.sampled_from(["form", "blank", "spoiled"])), max_size=25
    ),
)
def test_form_order_never_changes_the_result_and_verify_accepts_it(data: st.DataObject, rows: list[Any]) -> None:
    forms: list[dict[str, Any]] = []
    for g1, g2, what in rows:
        if what != "form":
            forms.append({what: True})
        else:
            forms.append({"grades": {sid: g for sid, g in (("s1", g1), ("s2", g2)) if g is not None}})
    result = tally(forms_record(forms))
    shuffled = data.draw(st.permutations(forms))
    assert tally(forms_record(list(shuffled)))["subjects"] == result["subjects"]
    assert compare_results(json.loads(json.dumps(result, ensure_ascii=False)), tally(forms_record(forms))) == []
    for subject in result["subjects"]:
        assert sum(subject["counts"].values()) == result["forms"]["valid"]
