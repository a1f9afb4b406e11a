"""The JSON Schemas in docs/schemas accept the example records the engine counts, and refuse bad ones."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from jiceng.record import tally
from tests.engine.builders import ballot, election, motion

DOCS = Path(__file__).resolve().parents[2] / "docs" / "schemas"
EXAMPLES = sorted((DOCS / "examples").glob("*.json"))


def schema(kind: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((DOCS / f"{kind}.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(loaded)
    return loaded


def validate(doc: Any) -> None:
    jsonschema.Draft202012Validator(schema(doc["kind"])).validate(doc)


def test_there_are_examples_of_both_kinds() -> None:
    kinds = {json.loads(p.read_text(encoding="utf-8"))["kind"] for p in EXAMPLES}
    assert {"election", "motion"} <= kinds


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_examples_validate_and_count(path: Path) -> None:
    doc = json.loads(path.read_text(encoding="utf-8"))
    validate(doc)
    assert tally(doc)["status"]


def test_runoff_example_needs_a_runoff() -> None:
    doc = json.loads((DOCS / "examples" / "election-runoff.json").read_text(encoding="utf-8"))
    result = tally(doc)
    assert result["status"] == "runoff_needed"
    assert result["runoff"] == {"candidates": ["c3", "c4"], "seats": 1}


def test_records_from_the_test_builders_validate() -> None:
    validate(
        election(seats=2, candidates=["a", "b"], ballots=[ballot(for_=["a"], against=["b"], write_ins={"b": "x"})])
    )
    validate(motion(electorate={"expected": 3, "present": 3}, procedure="committee", rules={}, yes=2, spoiled=1))


@pytest.mark.parametrize(
    "mutate",
    [
        lambda d: d["ballots"].append({"spoiled": "yes"}),
        lambda d: d["ballots"].append({"marks": {"c1": "yes"}}),
        lambda d: d.update(seats=0),
        lambda d: d["electorate"].update(present=-1),
        lambda d: d["electorate"].update(valid=3),
        lambda d: d.update(rules={"quorum": "present"}),
        lambda d: d.update(rules={"quorum": {"both": ["present > expected"]}}),
        lambda d: d.update(rules={"elected": "for > 1/2 of expected", "qualifies": "for > 1/2 of expected"}),
        lambda d: d["candidates"].append({"id": "write-in:x", "name": "x"}),
        lambda d: d.update(format="jiceng.tally/2"),
    ],
)
def test_election_schema_refuses_bad_records(mutate: Any) -> None:
    doc = json.loads((DOCS / "examples" / "election-issue.json").read_text(encoding="utf-8"))
    mutate(doc)
    with pytest.raises(jsonschema.ValidationError):
        validate(doc)


@pytest.mark.parametrize(
    "mutate",
    [
        lambda d: d["ballots"].append({"vote": "maybe"}),
        lambda d: d.update(counts={"yes": 1}),
        lambda d: d.pop("ballots"),
        lambda d: d.pop("rules"),
        lambda d: d["electorate"].update(present=3),
        lambda d: d["electorate"]["groups"].update({"a.b": {"expected": 1, "present": 1}}),
    ],
)
def test_motion_schema_refuses_bad_records(mutate: Any) -> None:
    doc = json.loads((DOCS / "examples" / "motion-issue.json").read_text(encoding="utf-8"))
    mutate(doc)
    with pytest.raises(jsonschema.ValidationError):
        validate(doc)
