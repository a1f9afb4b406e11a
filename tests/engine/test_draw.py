"""The verifiable random draw (seed 000's monthly random inspection, DOMAIN.md §4.3)."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jiceng.draw import draw_record, format_text, person_hash
from jiceng.errors import RecordError
from jiceng.record import tally

SEED = "2026-11-24 福彩3D 第2026310期 5 8 1"


def inspection(*, seed: str = SEED, total: int | None = None, **changes: Any) -> dict[str, Any]:
    """Seed 000: at least 1 from the party-mass sequence, at least 2 from departments and streets."""
    doc: dict[str, Any] = {
        "format": "jiceng.tally/1",
        "kind": "draw",
        "title": "2026年11月随机抽查",
        "seed": seed,
        "strata": [
            {
                "id": "party-mass",
                "name": "党群系统",
                "minimum": 1,
                "people": [{"id": "p1", "name": "王芳"}, {"id": "p2", "name": "李强"}, {"id": "p3", "name": "张伟"}],
            },
            {
                "id": "government",
                "name": "政府部门和街道",
                "minimum": 2,
                "people": [
                    {"id": "g1", "name": "赵敏"},
                    {"id": "g2", "name": "刘洋"},
                    {"id": "g3", "name": "陈静"},
                    {"id": "g4", "name": "杨磊"},
                ],
            },
        ],
    }
    if total is not None:
        doc["total"] = total
    doc.update(changes)
    return doc


def chosen(result: dict[str, Any]) -> set[str]:
    return {p["id"] for p in result["chosen"]}


def test_the_hash_is_sha256_of_seed_stratum_and_id_joined_by_newlines() -> None:
    # The same as: printf '%s\n%s\n%s' "$SEED" party-mass p1 | sha256sum
    expected = hashlib.sha256((SEED + "\n" + "party-mass" + "\n" + "p1").encode("utf-8")).hexdigest()
    assert person_hash(SEED, "party-mass", "p1") == expected
    assert expected == "2b48765a7a4cfe13b3f9d793ea1abaaaa28a4f076a7c03725a11542c9b1a00fa"


def test_the_draw_takes_the_smallest_hashes_of_each_stratum() -> None:
    result = draw_record(inspection())
    for stratum in inspection()["strata"]:
        hashes = sorted((person_hash(SEED, stratum["id"], p["id"]), p["id"]) for p in stratum["people"])
        assert {pid for _, pid in hashes[: stratum["minimum"]]} <= chosen(result)
    assert len(result["chosen"]) == 3 == result["total"] == result["sum_of_minima"]
    assert all(p["by"] == "minimum" for p in result["chosen"])


def test_the_seed_000_inspection_by_hand() -> None:
    # Hashes computed by hand with sha256sum: 张伟 (27e0…) leads the party-mass sequence,
    # 陈静 (2b44…) and 刘洋 (31a3…) the departments; 王芳 (2b48…) is first in the pooled rest.
    assert chosen(draw_record(inspection())) == {"p3", "g3", "g2"}
    result = draw_record(inspection(total=4))
    assert chosen(result) == {"p3", "g3", "g2", "p1"}
    assert [p["by"] for p in result["chosen"] if p["id"] == "p1"] == ["pool"]


def test_the_same_inputs_always_give_the_same_people() -> None:
    assert draw_record(inspection(total=5)) == draw_record(inspection(total=5))


def test_another_seed_gives_another_ranking() -> None:
    a = draw_record(inspection(seed="a"))["strata"]
    b = draw_record(inspection(seed="b"))["strata"]
    assert [p["hash"] for p in a[0]["people"]] != [p["hash"] for p in b[0]["people"]]


def test_the_result_lists_every_hash_rank_and_the_record_digest() -> None:
    result = draw_record(inspection())
    people = [p for s in result["strata"] for p in s["people"]]
    assert len(people) == 7 and all(len(p["hash"]) == 64 for p in people)
    assert len(result["record_sha256"]) == 64
    assert tally(inspection()) == result


def test_total_equal_to_everyone_takes_everyone() -> None:
    assert len(chosen(draw_record(inspection(total=7)))) == 7


@pytest.mark.parametrize(
    ("mutate", "path"),
    [
        (lambda d: d["strata"][0].update(minimum=4), "strata[0].minimum"),
        (lambda d: d["strata"][1]["people"].append({"id": "p1", "name": "重名"}), "strata[1].people[4].id"),
        (lambda d: d["strata"][1].update(id="party-mass"), "strata[1].id"),
        (lambda d: d.update(total=2), "total"),
        (lambda d: d.update(total=8), "total"),
        (lambda d: d.update(seed=""), "seed"),
        (lambda d: d.update(strata=[]), "strata"),
        (lambda d: d["strata"][0]["people"][0].update(id="p\n1"), "strata[0].people[0].id"),
        (lambda d: d["strata"][0].update(minimum=-1), "strata[0].minimum"),
    ],
    ids=[
        "fewer-people-than-minimum",
        "duplicate-person",
        "duplicate-stratum",
        "total-below-minima",
        "total-above-people",
        "empty-seed",
        "no-strata",
        "newline-in-id",
        "negative-minimum",
    ],
)
def test_bad_draws_name_the_place(mutate: Any, path: str) -> None:
    doc = inspection()
    mutate(doc)
    with pytest.raises(RecordError) as caught:
        draw_record(doc)
    assert caught.value.path == path


def test_the_notice_lists_the_chosen_and_the_method() -> None:
    text = format_text(draw_record(inspection(total=4)))
    assert "张伟" in text and "补足 from the pool" in text and "SHA-256" in text


@settings(max_examples=60, deadline=None)
@given(data=st.data(), total_extra=st.integers(min_value=0, max_value=4))
def test_permuting_the_input_order_does_not_change_who_is_drawn(data: st.DataObject, total_extra: int) -> None:
    doc = inspection(total=3 + total_extra)
    shuffled = inspection(total=3 + total_extra)
    shuffled["strata"] = data.draw(st.permutations(shuffled["strata"]))
    for stratum in shuffled["strata"]:
        stratum["people"] = data.draw(st.permutations(stratum["people"]))
    assert chosen(draw_record(shuffled)) == chosen(draw_record(doc))
    assert draw_record(shuffled)["chosen"] == draw_record(doc)["chosen"]


@settings(max_examples=60, deadline=None)
@given(seed=st.text(min_size=1, max_size=30).filter(str.strip))
def test_every_seed_meets_the_minima(seed: str) -> None:
    result = draw_record(inspection(seed=seed, total=4))
    by_stratum = {s["id"]: sum(p["chosen"] for p in s["people"]) for s in result["strata"]}
    assert by_stratum["party-mass"] >= 1 and by_stratum["government"] >= 2
    assert sum(by_stratum.values()) == 4
