"""Near-duplicates by character bigrams: boundary cases and properties."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from web.proposals.similar import THRESHOLD, bigrams, jaccard, likeness, most_alike, normalised

PARKING = "关于缓解老旧小区停车难的建议：老旧小区没有规划停车位，车辆占用消防通道。"
PARKING2 = "关于解决老旧小区停车难问题的建议：老旧小区没有停车位，车辆占用消防通道。"
CHILDCARE = "关于增加社区普惠托育服务的建议：双职工家庭幼儿无人照看。"

texts = st.text(alphabet=st.sampled_from("老旧小区停车难消防通道托育服务社区 ，。!ＡＢab12１２"), max_size=60)


def test_boundaries():
    assert bigrams("") == frozenset() and likeness("", "") == 0 and likeness("停车", "") == 0
    assert bigrams("停") == {"停"} and likeness("停", "停") == 1
    assert likeness("停车", "停车") == 1 and likeness("停车", "车停") == 0
    assert normalised("Ａ１，停 车!") == "a1停车"  # full width, punctuation and spaces
    assert likeness("停车难。", "停车难") == 1
    assert jaccard(frozenset({"ab"}), frozenset({"ab", "cd"})) == Fraction(1, 2)


def test_the_near_duplicate_is_suggested_and_the_other_is_not():
    assert likeness(PARKING, PARKING2) >= THRESHOLD
    assert likeness(PARKING, CHILDCARE) < THRESHOLD
    found = most_alike(PARKING, [("childcare", CHILDCARE), ("parking2", PARKING2), ("same", PARKING)])
    assert [a.item for a in found] == ["same", "parking2"] and found[0].percent == 100


def test_at_most_the_limit_most_alike_first_ties_in_order():
    found = most_alike(PARKING, [(n, PARKING) for n in range(9)], limit=5)
    assert [a.item for a in found] == [0, 1, 2, 3, 4]


@given(texts, texts)
def test_symmetric_and_between_zero_and_one(a, b):
    assert likeness(a, b) == likeness(b, a)
    assert 0 <= likeness(a, b) <= 1


@given(texts)
def test_a_text_is_wholly_like_itself_unless_it_has_no_letters(a):
    assert likeness(a, a) == (1 if normalised(a) else 0)


@given(texts, texts)
def test_punctuation_spacing_and_full_width_do_not_matter(a, b):
    noisy = " ，".join(a) + "。"
    wide = b.replace("a", "ａ").replace("1", "１")
    assert likeness(noisy, wide) == likeness(a, b)


@given(texts, st.lists(texts, max_size=8))
def test_suggestions_are_above_the_threshold_and_most_alike_first(a, others):
    found = most_alike(a, list(enumerate(others)))
    scores = [x.score for x in found]
    assert scores == sorted(scores, reverse=True) and all(s >= THRESHOLD and s > 0 for s in scores)
    assert len(found) <= 5
