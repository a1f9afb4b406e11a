"""The JSON Schemas of the kinds beyond the ballot (appraisal … scorecard) accept the examples the engine counts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from jiceng.record import tally

DOCS = Path(__file__).resolve().parents[2] / "docs" / "schemas"
KINDS = ("appraisal", "survey", "recommendation", "weighted", "draw", "scorecard", "points")
EXAMPLES = sorted(p for p in (DOCS / "examples").glob("*.json") if p.name.startswith(KINDS))


def load(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((DOCS / "examples" / name).read_text(encoding="utf-8"))
    return loaded


def validate(doc: Any) -> None:
    schema = json.loads((DOCS / f"{doc['kind']}.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema).validate(doc)


def test_every_kind_has_a_schema_and_an_example() -> None:
    kinds = {json.loads(p.read_text(encoding="utf-8"))["kind"] for p in EXAMPLES}
    assert kinds == set(KINDS)
    for kind in KINDS:
        assert (DOCS / f"{kind}.schema.json").is_file()


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_examples_validate_and_count(path: Path) -> None:
    doc = json.loads(path.read_text(encoding="utf-8"))
    validate(doc)
    result = tally(doc)
    assert result["status"] and len(result["record_sha256"]) == 64


def test_appraisal_example_flags_the_weakest_cadre() -> None:
    result = tally(load("appraisal-cadres.json"))
    flagged = {(f["subject"], f["flag"]) for f in result["flagged"]}
    assert ("s3", "removal_review") in flagged and not any(s == "s1" for s, _ in flagged)
    assert result["forms"] == {"returned": 20, "valid": 18, "blank": 1, "spoiled": 1}


def test_survey_example_is_exactly_sixty_percent_and_not_flagged() -> None:
    result = tally(load("survey-satisfaction.json"))
    secretary = result["subjects"][0]
    assert secretary["summary"][0]["rate"] == {"fraction": "3/5", "percent": "60.00"}
    assert result["status"] == "no_flags"


def test_village_member_counts_example() -> None:
    result = tally(load("appraisal-village-member-counts.json"))
    assert result["flagged"] == [{"subject": "m2", "flag": "village_incompetent"}]  # 30 of 60: exactly half


def test_recommendation_examples() -> None:
    abcd = tally(load("recommendation-abcd.json"))
    assert abcd["status"] == "complete" and abcd["reaching_bar"] == ["c1", "c2"]
    assert abcd["forms"]["over"] == 1
    scattered = tally(load("recommendation-scattered.json"))
    assert scattered["status"] == "scattered"
    assert scattered["scattered"]["second_round"] == ["c1", "c2", "c3", "c4"]


def test_weighted_example_reproduces_seed_001_and_warns() -> None:
    result = tally(load("weighted-three-ballot.json"))
    by_id = {e["id"]: e for e in result["candidates"]}
    assert by_id["huang"]["components"]["trust"]["score"]["points"] == "96.97"
    assert by_id["ren"]["components"]["trust"]["score"]["points"] == "100.00"
    assert by_id["c6"]["passes_gate"] is False
    assert [w["code"] for w in result["warnings"]] == ["incomparable_bases"]
    assert ["huang", "ren"] in result["warnings"][0]["reversals"]


def test_draw_example() -> None:
    result = tally(load("draw-monthly-inspection.json"))
    assert {p["id"] for p in result["chosen"]} == {"p3", "g3", "g2", "p1"}


@pytest.mark.parametrize(
    ("name", "mutate"),
    [
        ("appraisal-cadres.json", lambda d: d["forms"].append({"grades": {"s1": 3}})),
        ("appraisal-cadres.json", lambda d: d.update(scale="stars")),
        ("appraisal-cadres.json", lambda d: d.update(settings={"abstentions_in_base": "yes"})),
        ("appraisal-cadres.json", lambda d: d.update(counts={"s1": {"优秀": 1}})),
        ("appraisal-village-member-counts.json", lambda d: d["forms"].update(returned=-1)),
        ("survey-satisfaction.json", lambda d: d.update(kind="appraisal", extra=1)),
        ("recommendation-abcd.json", lambda d: d["forms"].append({"class": "A", "recommend": ["c1", "c1"]})),
        ("recommendation-abcd.json", lambda d: d.update(places=0)),
        ("recommendation-abcd.json", lambda d: d.update(rules={"bar": {"both": []}})),
        ("weighted-three-ballot.json", lambda d: d["components"][1].update(weight=0.3)),
        ("weighted-three-ballot.json", lambda d: d["components"][1].update(bases={"huang": 1})),
        ("weighted-three-ballot.json", lambda d: d["components"][1].pop("base")),
        ("draw-monthly-inspection.json", lambda d: d["strata"][0]["people"][0].update(id="p\n1")),
        ("draw-monthly-inspection.json", lambda d: d.pop("seed")),
        ("draw-monthly-inspection.json", lambda d: d["strata"][0].update(minimum=-1)),
    ],
)
def test_schemas_refuse_bad_records(name: str, mutate: Any) -> None:
    doc = load(name)
    mutate(doc)
    with pytest.raises(jsonschema.ValidationError):
        validate(doc)
