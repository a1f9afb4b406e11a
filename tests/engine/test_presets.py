"""The statutory presets: each is a rule the engine reads, worded by ``describe``, with a basis
from DOMAIN.md or the seeds; and the numbers a rule means for one meeting, exactly."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jiceng.errors import RecordError
from jiceng.presets import (
    PRESETS,
    SLOTS,
    TRUST_TEST,
    default_for,
    least_needed,
    numbers_words,
    preset,
    presets_for,
    presets_offered,
    same_rule,
)
from jiceng.rules import describe, parse_condition, parse_rule

#: each preset's sentence as a person reads it (a change of ``describe`` shows here)
SENTENCES = {
    "party_quorum": "实到人数不少于应到人数的五分之四",
    "party_quorum_strict": "实到人数超过应到人数的五分之四",
    "members_review_quorum": "实到人数不少于应到人数的三分之二",
    "villager_reps_quorum": "实到人数不少于应到人数的三分之二",
    "resident_reps_quorum": "实到人数不少于应到人数的三分之二",
    "villagers_adults_quorum": "实到人数超过应到人数的二分之一",
    "villagers_households_quorum": "实到人数不少于应到人数的三分之二",
    "village_election_valid": "投票人数超过应到人数的二分之一",
    "committee_quorum": "实到人数不少于应到人数的三分之二",
    "two_committees_quorum": "实到人数超过应到人数的二分之一",
    "joint_quorum": "党员实到人数超过党员应到人数的二分之一，且村民代表实到人数不少于村民代表应到人数的三分之二",
    "party_elected": "赞成票超过应到人数的二分之一",
    "party_elected_present": "赞成票超过实到人数的二分之一",
    "village_elected": "赞成票超过投票人数的二分之一",
    "village_supplementary_elected": "赞成票不少于投票人数的三分之一",
    "party_qualifies": "赞成票超过应到人数的二分之一",
    "trust_gate": "信任票不少于基数的二分之一",
    "members_review_passes": "赞成票不少于应到人数的二分之一",
    "members_review_passes_strict": "赞成票超过应到人数的二分之一",
    "villagers_passes": "赞成票超过实到人数的二分之一",
    "resident_reps_passes": "赞成票超过实到人数的二分之一",
    "joint_passes": "赞成票超过实到人数的二分之一",
}

#: the texts a basis may name (DOMAIN.md §5 and the seeds), and no article number anywhere
SOURCES = ("基层组织选举工作", "村民委员会组织法", "四议两公开", "两村两会", "五个不研究", "三票制")


def test_every_preset_has_its_sentence_listed():
    assert set(SENTENCES) == set(PRESETS)


@pytest.mark.parametrize("key", list(PRESETS))
def test_a_preset_parses_and_its_sentence_is_describes_words(key):
    p = PRESETS[key]
    parse_condition(p.rule)
    assert (p.sentence_zh, p.sentence_en) == describe(p.rule)
    assert p.sentence_zh == SENTENCES[key]


@pytest.mark.parametrize("key", list(PRESETS))
def test_a_preset_has_a_basis_in_both_languages_from_the_sources_without_an_article(key):
    p = PRESETS[key]
    assert p.basis_zh.strip() and p.basis_en.strip()
    assert any(s in p.basis_zh for s in SOURCES)
    assert not re.search(r"第\s*\S{1,4}\s*条|art\.|article", p.basis_zh + p.basis_en, re.IGNORECASE)


@pytest.mark.parametrize("key", list(PRESETS))
def test_a_preset_names_its_slot_and_bodies(key):
    p = PRESETS[key]
    assert p.slot in SLOTS and p.polls == SLOTS[p.slot] and p.bodies


def test_the_default_of_each_body_kind_is_the_statutory_rule():
    assert default_for("quorum", "members_meeting").rule == "present >= 4/5 of expected"
    assert default_for("quorum", "villager_reps").rule == "present >= 2/3 of expected"
    assert default_for("quorum", "villagers_meeting").rule == "present > 1/2 of expected"
    assert default_for("quorum", "party_committee").rule == "present >= 2/3 of expected"
    assert default_for("quorum", "joint").key == "joint_quorum"
    assert default_for("elected", "members_meeting").rule == "for > 1/2 of expected"
    assert default_for("elected", "villagers_meeting").rule == "for > 1/2 of voted"
    assert default_for("passes", "villager_reps").rule == "yes > 1/2 of present"
    assert default_for("passes", "congress") is None


def test_presets_for_a_body_keep_only_its_own_and_the_counts_a_field_offers():
    keys = [p.key for p in presets_for("quorum", "members_meeting", names=["present", "expected"])]
    assert keys == ["party_quorum", "party_quorum_strict", "members_review_quorum"]
    every = presets_for("quorum", "no_such_kind", names=["present", "expected"])
    assert "joint_quorum" not in [p.key for p in every] and "village_election_valid" not in [p.key for p in every]
    assert len(every) == len([p for p in PRESETS.values() if p.slot == "quorum"]) - 2


def test_a_poll_is_offered_the_body_s_own_rules_first_then_every_other_rule_once():
    offered = [p.key for p in presets_offered("passes", "members_meeting", names=["yes", "expected", "present"])]
    assert offered == ["members_review_passes", "members_review_passes_strict", "villagers_passes"]
    offered = [p.key for p in presets_offered("passes", "resident_reps", names=["yes", "expected", "present"])]
    assert offered == ["resident_reps_passes", "members_review_passes", "members_review_passes_strict"]
    elected = [p.rule for p in presets_offered("elected", "congress", names=["for", "expected", "present", "voted"])]
    assert elected[0] == "for > 1/2 of expected" and len(elected) == len(set(elected)) == 4


def test_the_trust_gate_is_the_three_ballot_pilot_s_half_and_nothing_else_counts_trust():
    gate = default_for("qualifies", TRUST_TEST)
    assert gate is not None and gate.rule == "trust >= 1/2 of base" and "50%" in gate.basis_zh
    assert [p.key for p in presets_for("qualifies", None, names=["trust", "base"])] == ["trust_gate"]
    assert "trust_gate" not in [p.key for p in presets_for("qualifies", "congress", names=["for", "expected"])]


def test_an_unknown_preset_is_refused_in_words():
    with pytest.raises(RecordError, match="没有名为"):
        preset("nothing")
    assert preset("party_quorum").key == "party_quorum"


def test_same_rule_reads_the_grammar_not_the_spelling():
    assert same_rule("5*present >= 4*expected", "present >= 4/5 of expected")
    assert same_rule("present>=4/5 of expected", "present >= 80% of expected")
    assert not same_rule("present > 4/5 of expected", "present >= 4/5 of expected")
    assert not same_rule("present >=", "present >= 4/5 of expected")
    assert same_rule(PRESETS["joint_quorum"].rule, dict(PRESETS["joint_quorum"].rule))


# --- numbers: what a rule means for this meeting ----------------------------------------------

NUMBERS = [
    ("present >= 4/5 of expected", 250, "应到 250 人，至少 200 人出席"),
    ("present >= 4/5 of expected", 251, "应到 251 人，至少 201 人出席"),
    ("present >= 4/5 of expected", 5, "应到 5 人，至少 4 人出席"),
    ("present >= 4/5 of expected", 0, "应到 0 人，至少 0 人出席"),
    ("present > 4/5 of expected", 250, "应到 250 人，至少 201 人出席"),
    ("present > 4/5 of expected", 251, "应到 251 人，至少 201 人出席"),
    ("present >= 2/3 of expected", 30, "应到 30 人，至少 20 人出席"),
    ("present >= 2/3 of expected", 31, "应到 31 人，至少 21 人出席"),
    ("present > 1/2 of expected", 30, "应到 30 人，至少 16 人出席"),
    ("present > 1/2 of expected", 31, "应到 31 人，至少 16 人出席"),
    ("voted > 1/2 of expected", 1000, "应到 1000 人，至少 501 人投票"),
    ("for > 1/2 of expected", 250, "应到 250 人，至少 126 票赞成"),
]


@pytest.mark.parametrize(("rule", "expected", "zh"), NUMBERS)
def test_numbers_at_the_boundaries(rule, expected, zh):
    words = numbers_words(rule, {"expected": expected})
    assert words is not None and words[0] == zh


def test_numbers_in_english():
    assert numbers_words("present >= 4/5 of expected", {"expected": 250}) == (
        "应到 250 人，至少 200 人出席",
        "those expected: 250; at least 200 must be present",
    )


def test_numbers_of_a_joint_meeting_name_each_group():
    zh, en = numbers_words(PRESETS["joint_quorum"].rule, {"members.expected": 30, "reps.expected": 25}) or ("", "")
    assert zh == "党员应到 30 人，党员至少 16 人出席；村民代表应到 25 人，村民代表至少 17 人出席"
    assert "(members)" in en and "(reps)" in en


def test_no_numbers_where_a_count_is_not_known_yet():
    assert numbers_words("for > 1/2 of present", {"expected": 250}) is None
    assert numbers_words(PRESETS["joint_quorum"].rule, {"members.expected": 30}) is None


def test_a_bound_from_above_reads_at_most():
    assert least_needed(parse_rule("against < 1/3 of valid"), {"valid": 30}) == ("max", 9)
    assert least_needed(parse_rule("against <= 1/3 of valid"), {"valid": 30}) == ("max", 10)
    assert numbers_words("against <= 1/3 of valid", {"valid": 30}) == (
        "有效票 30 张，反对票至多 10",
        "valid ballots: 30; votes against: at most 10",
    )


@given(
    st.integers(min_value=0, max_value=10_000),
    st.integers(min_value=1, max_value=12),
    st.integers(min_value=1, max_value=12),
    st.sampled_from([">=", ">", "<=", "<"]),
)
def test_the_bound_is_exactly_where_the_rule_turns(total, p, q, op):
    rule = parse_rule(f"present {op} {p}/{q} of expected")
    bound = least_needed(rule, {"expected": total})
    assert bound is not None
    side, n = bound
    holds = rule.holds
    if side == "min":
        assert holds({"present": n, "expected": total}) and (n == 0 or not holds({"present": n - 1, "expected": total}))
    else:
        assert holds({"present": n, "expected": total}) or n < 0
        assert not holds({"present": n + 1, "expected": total})
    assert isinstance(n, int)  # exact: never a float
