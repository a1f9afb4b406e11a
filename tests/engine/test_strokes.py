"""Surname stroke order: DOMAIN.md §5.6's examples, whole lists, the single-given-name option."""

from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jiceng.strokes import char_key, is_known, name_key, sort_names


@pytest.mark.parametrize("chain", ["王文", "林欧", "丁于万", "李杨吴何张", "黄曾", "范胡", "一乙二丁", "刘许"])
def test_domain_examples_in_order(chain):
    assert sorted(chain, key=char_key) == list(chain)


def test_four_strokes_before_five_and_horizontal_first():
    # 王 (4, 横) < 文 (4, 点) < 石 (5)
    assert sort_names(["石磊", "文静", "王芳"]) == ["王芳", "文静", "石磊"]


def test_whole_list_from_a_notice():
    names = ["张伟", "王芳", "李强", "丁一", "欧阳明", "林小红", "于敏", "万里", "何平", "吴刚", "杨洋", "曾华", "黄河"]
    expected = [
        "丁一",
        "于敏",
        "万里",
        "王芳",
        "李强",
        "杨洋",
        "吴刚",
        "何平",
        "张伟",
        "林小红",
        "欧阳明",
        "黄河",
        "曾华",
    ]
    assert sort_names(names) == expected
    shuffled = names[:]
    random.Random(7).shuffle(shuffled)
    assert sort_names(shuffled) == expected


def test_single_given_name_first_is_a_setting():
    names = ["王小明", "王五", "王二小"]
    assert sort_names(names) == ["王五", "王二小", "王小明"]
    assert sort_names(names, single_given_name_first=False) == ["王二小", "王小明", "王五"]  # 二 2, 小 3, 五 4


def test_characters_outside_the_table_come_last_by_code_point():
    assert not is_known("A") and is_known("王")
    assert sort_names(["Bob", "王芳", "Amy"]) == ["王芳", "Amy", "Bob"]


def test_spaces_are_ignored_and_empty_names_first():
    assert name_key(" 王 芳 ") == name_key("王芳")
    assert sort_names(["王芳", ""]) == ["", "王芳"]


@given(st.lists(st.text(alphabet="王李张丁于万欧阳林黄曾范胡小明五二", min_size=1, max_size=4), max_size=30))
def test_order_is_total_and_independent_of_input_order(names):
    once = sort_names(names)
    assert sort_names(list(reversed(names))) == once or [name_key(n) for n in once] == [
        name_key(n) for n in sort_names(list(reversed(names)))
    ]
    assert sorted(once) == sorted(names)
