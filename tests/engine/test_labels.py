"""The engine words every status of every kind once (``jiceng.labels``), and every sheet prints
those words: the table the web shows is the table the sheets print."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from jiceng import labels
from jiceng.record import KINDS, format_text, tally

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "docs" / "schemas" / "examples").glob("*.json"))


def test_every_kind_has_its_statuses_worded_in_both_languages() -> None:
    assert sorted(labels.STATUSES) == sorted(KINDS)
    for kind, statuses in labels.STATUSES.items():
        assert statuses, kind
        for status, (zh, en) in statuses.items():
            assert zh.strip() and en.strip() and zh != en, (kind, status)


def test_a_status_is_worded_by_its_kind() -> None:
    assert labels.status_words("motion", "not_quorate") == (
        "到会人数不足，不能表决",
        "not quorate: no vote can be taken",
    )
    assert labels.status_words("election", "not_quorate")[0] == "到会人数不足，选举不能进行"


def test_an_unknown_status_reads_as_itself() -> None:
    assert labels.status_words("motion", "complete") == ("complete", "complete")
    assert labels.status_words("nothing", "void") == ("void", "void")


def test_words_are_filled_from_the_result() -> None:
    assert labels.status_words("weighted", "complete", {"advance": 5}) == ("前 5 名确定", "the top 5 are determined")


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_every_sheet_prints_its_status_in_the_engines_words(path: Path) -> None:
    result = tally(json.loads(path.read_text(encoding="utf-8")))
    zh, en = labels.status_words(result["kind"], result["status"], result)
    assert f"\n结果 Status: {zh} / {en}\n" in format_text(result)


def test_the_rules_and_counts_of_a_motion_are_named_on_its_sheet() -> None:
    doc = {
        "format": "jiceng.tally/1",
        "kind": "motion",
        "electorate": {"expected": 10, "present": 9},
        "rules": {"quorum": "present >= 2/3 of expected", "passes": "yes > 1/2 of present"},
        "counts": {"yes": 6, "no": 2, "abstain": 1, "invalid": 0},
    }
    sheet = format_text(tally(doc))
    assert "赞成 yes 6，反对 no 2，弃权 abstain 1" in sheet
    assert (
        "规则 Rules: 法定人数 quorum: present >= 2/3 of expected；通过票数 votes to pass: yes > 1/2 of present" in sheet
    )
