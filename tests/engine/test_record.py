"""The open record: strict loading, canonical form and digest, kinds, result comparison."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from jiceng.errors import RecordError
from jiceng.record import (
    KINDS,
    canonical_json,
    check_header,
    compare_results,
    format_text,
    kind_module,
    load_json,
    parse_json,
    record_sha256,
    tally,
)
from tests.engine.builders import ballot, election


def test_canonical_json_is_sorted_compact_utf8() -> None:
    doc = {"b": 1, "a": {"名": "王芳", "z": [1, 2]}}
    assert canonical_json(doc) == '{"a":{"z":[1,2],"名":"王芳"},"b":1}'.encode()


def test_digest_is_sha256_of_canonical_form_and_ignores_key_order() -> None:
    doc = {"format": "jiceng.tally/1", "kind": "motion"}
    expected = hashlib.sha256(b'{"format":"jiceng.tally/1","kind":"motion"}').hexdigest()
    assert record_sha256(doc) == expected
    assert record_sha256({"kind": "motion", "format": "jiceng.tally/1"}) == expected


def test_tally_adds_kind_and_digest() -> None:
    doc = election(seats=1, candidates=["a"], ballots=[ballot(for_=["a"])] * 16)
    result = tally(doc)
    assert result["kind"] == "election"
    assert result["record_sha256"] == record_sha256(doc)
    assert "选举结果" in format_text(result)


def test_registry_names_every_kind() -> None:
    assert dict(KINDS) == {
        "election": "jiceng.election",
        "motion": "jiceng.motion",
        "appraisal": "jiceng.appraisal",
        "survey": "jiceng.appraisal",
        "recommendation": "jiceng.recommendation",
        "weighted": "jiceng.weighted",
        "draw": "jiceng.draw",
        "scorecard": "jiceng.scorecard",
        "points": "jiceng.points",
    }
    assert callable(kind_module("election").tally_record)


@pytest.mark.parametrize(
    ("doc", "path", "fragment"),
    [
        ([], "record", "JSON object"),
        ({"kind": "election"}, "format", "missing"),
        ({"format": "other/1", "kind": "election"}, "format", "unknown format"),
        ({"format": "jiceng.tally/1"}, "kind", "missing"),
        ({"format": "jiceng.tally/1", "kind": "lottery"}, "kind", "unknown kind"),
    ],
)
def test_header(doc: object, path: str, fragment: str) -> None:
    with pytest.raises(RecordError) as info:
        check_header(doc)
    assert info.value.path == path and fragment in info.value.message


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        (b"\xff\xfe{}", "not UTF-8"),
        (b'{"a": 1,}', "not JSON"),
        (b'{"a": 1, "a": 2}', "appears twice"),
        (b'{"a": NaN}', "NaN is not allowed"),
        (b"", "not JSON"),
    ],
)
def test_strict_json(data: bytes, fragment: str) -> None:
    with pytest.raises(RecordError) as info:
        parse_json(data, path="x.json")
    assert info.value.path == "x.json" and fragment in info.value.message


def test_byte_order_mark_is_accepted() -> None:
    assert parse_json("\ufeff{}".encode(), path="x") == {}


def test_load_json_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(RecordError, match="no such file"):
        load_json(tmp_path / "nope.json")
    with pytest.raises(RecordError, match="directory"):
        load_json(tmp_path)
    (tmp_path / "ok.json").write_text(json.dumps({"名": 1}, ensure_ascii=False), encoding="utf-8")
    assert load_json(tmp_path / "ok.json") == {"名": 1}


def test_compare_results_lists_each_difference() -> None:
    published = {"status": "complete", "elected": ["a", "b"], "n": 1, "extra": 0, "t": [{"for": 3}]}
    recomputed = {"status": "runoff_needed", "elected": ["a"], "n": True, "missing": 1, "t": [{"for": 4}]}
    lines = compare_results(published, recomputed)
    assert lines[0].startswith("elected: published 2 items, recomputed 1")
    assert any(line.startswith("extra: not in the recomputed result") for line in lines)
    assert any(line.startswith("missing: missing in the published result") for line in lines)
    assert any(line.startswith("n: published 1, recomputed true") for line in lines)
    assert any(line.startswith('status: published "complete"') for line in lines)
    assert any(line.startswith("t[0].for: published 3, recomputed 4") for line in lines)
    assert compare_results(recomputed, recomputed) == []
