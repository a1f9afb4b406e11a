"""Rules as data: the parser, integer comparison at the boundaries, and the sentences."""

from __future__ import annotations

from fractions import Fraction

import pytest

from jiceng.errors import RecordError
from jiceng.rules import AllOf, AnyOf, Rule, describe, parse_condition, parse_rule


def check(text: str, **values: int) -> bool:
    return parse_rule(text).evaluate(values).passed


@pytest.mark.parametrize(
    ("text", "values", "passed"),
    [
        # DOMAIN.md §5.1 quorum: 5*present >= 4*expected
        ("present >= 4/5 of expected", {"present": 24, "expected": 30}, True),
        ("present >= 4/5 of expected", {"present": 23, "expected": 30}, False),
        ("present > 4/5 of expected", {"present": 24, "expected": 30}, False),
        # elected: 2*for > base, exactly half fails
        ("for > 1/2 of expected", {"for": 15, "expected": 30}, False),
        ("for > 1/2 of expected", {"for": 16, "expected": 30}, True),
        ("for > 1/2 of expected", {"for": 16, "expected": 31}, True),
        ("for > 1/2 of expected", {"for": 15, "expected": 31}, False),
        # §5.3 party members' review: 2*yes >= expected
        ("yes >= 1/2 of expected", {"yes": 20, "expected": 40}, True),
        ("yes >= 1/2 of expected", {"yes": 19, "expected": 40}, False),
        # §5.3 representatives' meeting quorum: 3*present >= 2*members
        ("present >= 2/3 of members", {"present": 20, "members": 30}, True),
        ("present >= 2/3 of members", {"present": 19, "members": 30}, False),
        # §5.2 supplementary round: 3*votes >= voted
        ("for >= 1/3 of voted", {"for": 100, "voted": 300}, True),
        ("for >= 1/3 of voted", {"for": 99, "voted": 300}, False),
        # §5.4 seed 001: satisfaction under 60%
        ("满意+基本满意 < 60% of valid", {"满意": 30, "基本满意": 29, "valid": 100}, True),
        ("满意+基本满意 < 60% of valid", {"满意": 30, "基本满意": 30, "valid": 100}, False),
        # §5.4 the 2/3 and 1/3 flags
        ("优秀+称职 < 2/3 of valid", {"优秀": 10, "称职": 10, "valid": 30}, False),
        ("优秀+称职 < 2/3 of valid", {"优秀": 10, "称职": 9, "valid": 30}, True),
        ("不称职 > 1/3 of valid", {"不称职": 10, "valid": 30}, False),
        ("不称职 > 1/3 of valid", {"不称职": 11, "valid": 30}, True),
        ("不称职 <= 1/3 of valid", {"不称职": 10, "valid": 30}, True),
        # factor omitted, integer multiple, constants, alternative symbols
        ("present >= expected", {"present": 30, "expected": 30}, True),
        ("candidates > seats", {"candidates": 5, "seats": 5}, False),
        ("signers >= 2 of holders", {"signers": 6, "holders": 3}, True),
        ("holders <= 3", {"holders": 4}, False),
        ("present ≥ 4/5 of expected", {"present": 24, "expected": 30}, True),
        ("voted > 50.5% of registered", {"voted": 505, "registered": 1000}, False),
        # DOMAIN.md's integer form
        ("5*present >= 4*expected", {"present": 24, "expected": 30}, True),
        ("5*present >= 4*expected", {"present": 23, "expected": 30}, False),
        ("2*for > expected", {"for": 15, "expected": 30}, False),
        ("2 × for > expected", {"for": 16, "expected": 30}, True),
        ("3*(优秀+称职+基本称职) < 2*valid", {"优秀": 5, "称职": 10, "基本称职": 5, "valid": 30}, False),
        ("3*(优秀+称职+基本称职) < 2*valid", {"优秀": 5, "称职": 10, "基本称职": 4, "valid": 30}, True),
        ("3*votes >= voted", {"votes": 100, "voted": 300}, True),
        ("5*(candidates) >= 6*seats", {"candidates": 6, "seats": 5}, True),
        ("5*(candidates) >= 6*seats", {"candidates": 8, "seats": 7}, False),
    ],
)
def test_rule_boundaries(text: str, values: dict[str, int], passed: bool) -> None:
    assert parse_rule(text).evaluate(values).passed is passed


def test_exactly_four_fifths_present_is_quorate() -> None:
    assert check("present >= 4/5 of expected", present=24, expected=30)


def test_exactly_half_of_expected_is_not_elected() -> None:
    assert not check("for > 1/2 of expected", **{"for": 15, "expected": 30})


def test_parse_gives_the_parts() -> None:
    rule = parse_rule("  优秀 + 称职   <  2/3 of valid ")
    assert rule == Rule(
        text="优秀 + 称职 < 2/3 of valid",
        left=("优秀", "称职"),
        op="<",
        factor=Fraction(2, 3),
        factor_text="2/3",
        right=("valid",),
    )
    assert rule.names == frozenset({"优秀", "称职", "valid"})


def test_dotted_group_names() -> None:
    rule = parse_rule("members.present > 1/2 of members.expected")
    assert rule.names == frozenset({"members.present", "members.expected"})


def test_sentence_of_seed_001_pilot_quorum() -> None:
    result = parse_rule("present >= 4/5 of expected").evaluate({"present": 26, "expected": 30}, purpose="quorum")
    assert result.sentence_zh == "实到 26 人，应到 30 人；26 ≥ 30 × 4/5 = 24，符合法定人数。"
    assert result.sentence_en == "present 26, expected 30; 26 ≥ 30 × 4/5 = 24: quorate."
    assert result.to_json() == {
        "rule": "present >= 4/5 of expected",
        "numbers": {"expected": 30, "present": 26},
        "passed": True,
        "zh": result.sentence_zh,
        "en": result.sentence_en,
    }


def test_sentence_says_when_the_rule_fails_with_an_exact_fraction() -> None:
    result = parse_rule("present >= 2/3 of members").evaluate({"present": 20, "members": 31}, purpose="quorum")
    assert not result.passed
    assert "20 ≥ 31 × 2/3 = 62/3 不成立" in result.sentence_zh
    assert result.sentence_zh.endswith("不足法定人数。")
    assert result.sentence_en.endswith("is false: not quorate.")


def test_all_of_the_joint_meeting_quorums() -> None:
    cond = parse_condition(
        {"all": ["members.present > 1/2 of members.expected", "reps.present >= 2/3 of reps.expected"]}
    )
    assert isinstance(cond, AllOf)
    values = {"members.present": 21, "members.expected": 40, "reps.present": 20, "reps.expected": 30}
    result = cond.evaluate(values)
    assert result.passed
    assert [p.passed for p in result.parts] == [True, True]
    values["members.present"] = 20
    assert not cond.evaluate(values).passed
    assert "parts" in cond.evaluate(values).to_json()


def test_any_of_the_villagers_meeting_quorums() -> None:
    cond = parse_condition({"any": ["adults.present > 1/2 of adults", "households.present >= 2/3 of households"]})
    assert isinstance(cond, AnyOf)
    values = {"adults.present": 50, "adults": 100, "households.present": 20, "households": 30}
    assert cond.evaluate(values).passed
    values["households.present"] = 19
    assert not cond.evaluate(values).passed
    assert cond.names == frozenset(values)


def test_nested_conditions() -> None:
    cond = parse_condition({"all": ["a > 0 of b", {"any": ["c > d", "e > d"]}]})
    assert cond.holds({"a": 1, "b": 1, "c": 0, "d": 0, "e": 1})
    assert not cond.holds({"a": 1, "b": 1, "c": 0, "d": 0, "e": 0})


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "non-empty"),
        ("present", "needs a comparison"),
        ("present >= 4/0 of expected", "denominator"),
        ("present >= 4/5 expected", "of <name>"),
        ("present >> expected", "expected a name"),
        ("present >= 4/5 of", "ends too early"),
        ("3 > 2", "at least one"),
        ("present ! expected", "cannot read"),
        ("present >= expected today", "unexpected 'today'"),
        ("present = expected", "cannot read"),
        ("2*a+b > c", "parentheses"),
        ("0*a > b", "multiplied by 0"),
        ("2*(a+b > c", "')' is missing"),
        ("a > b)", "unexpected ')'"),
    ],
)
def test_bad_rules_name_their_place(text: str, fragment: str) -> None:
    with pytest.raises(RecordError) as info:
        parse_rule(text, path="rules.quorum")
    assert info.value.path == "rules.quorum"
    assert fragment in info.value.message


@pytest.mark.parametrize(
    "obj",
    [{"all": []}, {"all": "x > y"}, {"both": ["x > y"]}, {"all": ["x > y"], "any": ["x > y"]}, 3],
)
def test_bad_composites(obj: object) -> None:
    with pytest.raises(RecordError):
        parse_condition(obj, path="rules.quorum")  # type: ignore[arg-type]


def test_bad_composite_part_names_its_index() -> None:
    with pytest.raises(RecordError) as info:
        parse_condition({"all": ["x > y", "x >"]}, path="rules.quorum")
    assert info.value.path == "rules.quorum.all[1]"


def test_missing_count_names_the_rule() -> None:
    with pytest.raises(RecordError) as info:
        parse_rule("present >= expected", path="rules.quorum").evaluate({"present": 3})
    assert "expected" in info.value.message


def test_integer_form_reads_as_a_factor() -> None:
    rule = parse_rule("5*present >= 4*expected")
    assert rule.factor == Fraction(4, 5) and rule.factor_text == "4/5"
    assert rule.left == ("present",) and rule.right == ("expected",)
    assert rule.evaluate({"present": 24, "expected": 30}).sentence_en.startswith(
        "present 24, expected 30; 24 ≥ 30 × 4/5"
    )


# --- describe: a rule in words, for pages that would otherwise show the grammar -------------

DESCRIBED = [
    ("present >= 4/5 of expected", "实到人数不少于应到人数的五分之四", "those present: at least 4/5 of those expected"),
    ("5*present >= 4*expected", "实到人数不少于应到人数的五分之四", "those present: at least 4/5 of those expected"),
    ("for > 1/2 of voted", "赞成票超过投票人数的二分之一", "votes for: more than 1/2 of those who voted"),
    ("yes < 2/3 of present", "赞成票少于实到人数的三分之二", "yes votes: less than 2/3 of those present"),
    ("valid <= returned", "有效票不超过收回选票", "valid ballots: at most ballots returned"),
    (
        "满意+基本满意 < 60% of valid",
        "满意、基本满意合计少于有效票的60%",
        "(满意 + 基本满意): less than 60% of valid ballots",
    ),
    ("for >= 7/12 of voted", "赞成票不少于投票人数的7/12", "votes for: at least 7/12 of those who voted"),
    (
        {"any": ["villagers.present > 1/2 of adults", "households.present > 2/3 of households"]},
        "村民实到人数超过十八周岁以上村民人数的二分之一，或户代表实到人数超过户数的三分之二",
        "those present (villagers): more than 1/2 of adults; "
        "or those present (households): more than 2/3 of households",
    ),
]


@pytest.mark.parametrize(("rule", "zh", "en"), DESCRIBED)
def test_describe_words_a_rule_without_its_grammar(rule, zh, en):
    assert describe(rule) == (zh, en)


@pytest.mark.parametrize("rule", ["present >=", "", {"all": []}, "4/5 of expected >= present"])
def test_describe_refuses_what_is_not_a_rule(rule):
    with pytest.raises(RecordError):
        describe(rule)
