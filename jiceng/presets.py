"""The statutory rules, named: what a person picks instead of writing a rule.

Each preset is a rule the engine reads (``rule``, never shown to a person), the sentence
``describe`` gives it in Chinese and English, the text it comes from (``basis``), the slot it
fills (``quorum``, ``elected``, ``qualifies``, ``passes``) and the kinds of body it is the
rule of. Bases are only the ones DOMAIN.md §5 and the seed texts state: a regulation or law
by its name, or a local method the seeds describe; no article number is given where the
sources give none.

``default_for(slot, body_kind)`` is the statutory rule of a kind of body (the first preset
listed for it); ``numbers_words(rule, counts)`` says what a rule means for one meeting
("应到 250 人，至少 200 人出席"), computed exactly from the counts known before it opens.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from jiceng.errors import RecordError
from jiceng.rules import LABELS, AllOf, AnyOf, Condition, Rule, describe, label_zh, name_words, parse_condition

__all__ = [
    "PRESETS",
    "SLOTS",
    "Preset",
    "default_for",
    "least_needed",
    "numbers_words",
    "preset",
    "presets_for",
    "presets_offered",
    "same_rule",
]

#: what each slot decides, and the kinds of poll it belongs to
SLOTS: Mapping[str, tuple[str, ...]] = {
    "quorum": ("election", "motion"),
    "elected": ("election",),
    "qualifies": ("election",),
    "passes": ("motion",),
}

#: the bases, as DOMAIN.md and the seeds name them: (Chinese, English)
PARTY = (
    "《中国共产党基层组织选举工作条例》",
    "the Regulations on the Election Work of the Party's Basic-level Organisations",
)
PARTY_1990 = (
    "《中国共产党基层组织选举工作暂行条例》（1990 年，已废止）的表述",
    "the wording of the Provisional Regulations of 1990 (repealed)",
)
PARTY_1990_PILOT = (
    "《中国共产党基层组织选举工作暂行条例》（1990 年，已废止）；公推直选试点“二会二票决”",
    "the Provisional Regulations of 1990 (repealed); the open-nomination pilot's 'two meetings, two votes'",
)
VILLAGE = ("《中华人民共和国村民委员会组织法》", "the Organic Law of the Villagers' Committees")
VILLAGE_BY_ANALOGY = (
    "参照《中华人民共和国村民委员会组织法》关于村民代表会议的规定",
    "by analogy with the Organic Law of the Villagers' Committees on villager representatives' meetings",
)
FOUR_DELIBERATIONS = ("“四议两公开”工作法", "the 'four deliberations, two disclosures' method")
JOINT_MEETING = (
    "“两村两会”议事工作法：村党员和村民代表联席会议制度",
    "the 'two villages, two meetings' method: joint meetings of party members and villager representatives",
)
THREE_BALLOTS = (
    "“三票制”公推直选试点（遂宁市船山区桂花镇）：获信任票达 50% 以上的参选人方能参加结构推荐",
    "the three-ballot pilot (Guihua town, Chuanshan district, Suining): only those with at least 50% trust"
    " votes enter the structured recommendation",
)
FIVE_GATES = (
    "干部任免“五个不研究”：出席成员达不到三分之二的不研究",
    "the five gates before deciding an appointment: not with fewer than two thirds present",
)

#: the body kinds of the party's basic-level elections
PARTY_ELECTING = ("members_meeting", "congress")
#: a joint meeting of party members and villager representatives (not a body kind of its own)
JOINT = "joint"
#: the trust test of the three-ballot method: the staff of each candidate's own work unit (no body)
TRUST_TEST = "trust_test"


@dataclass(frozen=True, kw_only=True)
class Preset:
    """A named rule with its sentence and its legal basis; ``bodies`` are the kinds of body
    (``web.org`` ``Body.Kind`` values, or ``joint``) whose rule it is, the first listed for a
    kind and slot being that kind's default."""

    key: str
    slot: str
    rule: str | Mapping[str, Any]
    sentence_zh: str
    sentence_en: str
    basis_zh: str
    basis_en: str
    bodies: tuple[str, ...]
    #: who is counted, where the sentence alone leaves it open (a villagers' meeting by adults or by households)
    note_zh: str = ""
    note_en: str = ""

    @property
    def polls(self) -> tuple[str, ...]:
        """The kinds of poll the rule is used in."""
        return SLOTS[self.slot]

    @property
    def condition(self) -> Condition:
        return parse_condition(self.rule, path=f"presets.{self.key}", purpose=self.slot)

    @property
    def names(self) -> frozenset[str]:
        """Every count the rule needs."""
        return self.condition.names

    def words(self, english: bool) -> tuple[str, str, str]:
        """(sentence, basis, note) in one language."""
        if english:
            return self.sentence_en, self.basis_en, self.note_en
        return self.sentence_zh, self.basis_zh, self.note_zh


def _preset(
    key: str,
    slot: str,
    rule: str | Mapping[str, Any],
    basis: tuple[str, str],
    bodies: Sequence[str],
    note: tuple[str, str] = ("", ""),
) -> Preset:
    zh, en = describe(rule)
    return Preset(
        key=key,
        slot=slot,
        rule=rule,
        sentence_zh=zh,
        sentence_en=en,
        basis_zh=basis[0],
        basis_en=basis[1],
        bodies=tuple(bodies),
        note_zh=note[0],
        note_en=note[1],
    )


_LIST = [
    # quorums (DOMAIN.md §5.1–§5.3)
    _preset("party_quorum", "quorum", "present >= 4/5 of expected", PARTY, PARTY_ELECTING),
    _preset("party_quorum_strict", "quorum", "present > 4/5 of expected", PARTY_1990, PARTY_ELECTING),
    _preset(
        "members_review_quorum",
        "quorum",
        "present >= 2/3 of expected",
        FOUR_DELIBERATIONS,
        ["members_meeting"],
        ("党员大会审议", "the party members' review"),
    ),
    _preset("villager_reps_quorum", "quorum", "present >= 2/3 of expected", VILLAGE, ["villager_reps"]),
    _preset("resident_reps_quorum", "quorum", "present >= 2/3 of expected", VILLAGE_BY_ANALOGY, ["resident_reps"]),
    _preset(
        "villagers_adults_quorum",
        "quorum",
        "present > 1/2 of expected",
        VILLAGE,
        ["villagers_meeting"],
        ("应到为本村十八周岁以上村民", "those expected are the village's adults"),
    ),
    _preset(
        "villagers_households_quorum",
        "quorum",
        "present >= 2/3 of expected",
        VILLAGE,
        ["villagers_meeting"],
        ("应到为本村各户的代表", "those expected are one representative of each household"),
    ),
    _preset(
        "village_election_valid",
        "quorum",
        "voted > 1/2 of expected",
        VILLAGE,
        ["villagers_meeting"],
        ("选举有效：投票的选民过半数", "the election is valid: more than half of the voters voted"),
    ),
    _preset(
        "committee_quorum",
        "quorum",
        "present >= 2/3 of expected",
        FIVE_GATES,
        ["party_committee", "full_committee", "standing_committee"],
    ),
    _preset(
        "two_committees_quorum",
        "quorum",
        "present > 1/2 of expected",
        FOUR_DELIBERATIONS,
        ["two_committees", "villagers_committee", "residents_committee"],
        ("村“两委”会议商议", "the two committees discuss"),
    ),
    _preset(
        "joint_quorum",
        "quorum",
        {"all": ["members.present > 1/2 of members.expected", "reps.present >= 2/3 of reps.expected"]},
        JOINT_MEETING,
        [JOINT],
    ),
    # who is elected or goes on (§5.1, §5.2)
    _preset("party_elected", "elected", "for > 1/2 of expected", PARTY, PARTY_ELECTING),
    _preset("party_elected_present", "elected", "for > 1/2 of present", PARTY_1990_PILOT, PARTY_ELECTING),
    _preset("village_elected", "elected", "for > 1/2 of voted", VILLAGE, ["villagers_meeting"]),
    _preset(
        "village_supplementary_elected",
        "elected",
        "for >= 1/3 of voted",
        VILLAGE,
        ["villagers_meeting"],
        ("另行选举", "a supplementary round"),
    ),
    _preset("party_qualifies", "qualifies", "for > 1/2 of expected", PARTY, PARTY_ELECTING),
    _preset(
        "trust_gate",
        "qualifies",
        "trust >= 1/2 of base",
        THREE_BALLOTS,
        [TRUST_TEST],
        ("基数为本人原工作单位参加测评的人数", "the base is the number who took part in the person's own work unit"),
    ),
    # what carries a motion (§5.3)
    _preset("members_review_passes", "passes", "yes >= 1/2 of expected", FOUR_DELIBERATIONS, ["members_meeting"]),
    _preset("members_review_passes_strict", "passes", "yes > 1/2 of expected", FOUR_DELIBERATIONS, ["members_meeting"]),
    _preset("villagers_passes", "passes", "yes > 1/2 of present", VILLAGE, ["villagers_meeting", "villager_reps"]),
    _preset("resident_reps_passes", "passes", "yes > 1/2 of present", VILLAGE_BY_ANALOGY, ["resident_reps"]),
    _preset("joint_passes", "passes", "yes > 1/2 of present", JOINT_MEETING, [JOINT]),
]

#: every preset by key, in the order forms list them
PRESETS: Mapping[str, Preset] = {p.key: p for p in _LIST}


def preset(key: str) -> Preset:
    """The preset named ``key``; ``RecordError`` when there is none."""
    try:
        return PRESETS[key]
    except KeyError:
        raise RecordError("presets", f"no preset '{key}' / 没有名为“{key}”的预设规则") from None


def presets_for(slot: str, body_kind: str | None = None, *, names: Iterable[str] | None = None) -> list[Preset]:
    """The presets of a slot for a kind of body (all of the slot when the kind has none, or is
    not given), keeping only rules that count nothing outside ``names`` when given."""
    allowed = None if names is None else frozenset(names)
    found = [p for p in _LIST if p.slot == slot and (allowed is None or p.names <= allowed)]
    own = [p for p in found if body_kind in p.bodies]
    return own or found


def presets_offered(slot: str, body_kind: str | None, *, names: Iterable[str]) -> list[Preset]:
    """Every rule of a slot that counts only ``names``: the kind of body's own presets first,
    then each other rule once (the first preset that states it, with its basis), for a form
    where a rule may be chosen beyond the body's own (a poll's pass rule)."""
    fitting = presets_for(slot, None, names=names)
    own = [p for p in fitting if body_kind in p.bodies]
    offered = list(own)
    for p in fitting:
        if not any(same_rule(p.rule, q.rule) for q in offered):
            offered.append(p)
    return offered


def default_for(slot: str, body_kind: str) -> Preset | None:
    """The statutory rule of a kind of body for a slot: the first preset listed for it."""
    return next((p for p in _LIST if p.slot == slot and body_kind in p.bodies), None)


def same_rule(a: str | Mapping[str, Any], b: str | Mapping[str, Any]) -> bool:
    """Whether two rules say the same, however written (``5*present >= 4*expected`` is
    ``present >= 4/5 of expected``); a text that is not a rule is the same as nothing."""
    try:
        return _canonical(parse_condition(a)) == _canonical(parse_condition(b))
    except RecordError:
        return False


def _canonical(cond: Condition) -> tuple[object, ...]:
    if isinstance(cond, Rule):
        return (cond.left, cond.op, cond.factor, cond.right)
    return (type(cond).__name__, tuple(_canonical(p) for p in cond.parts))


# --- what a rule means for one meeting ---------------------------------------------------------


def least_needed(rule: Rule, counts: Mapping[str, int]) -> tuple[str, int] | None:
    """The bound a rule of one counted name sets on it, given the other side's counts:
    ``("min", n)`` for ``>`` and ``>=`` (the fewest that make it hold), ``("max", n)`` for
    ``<`` and ``<=`` (the most). None when the counted side is not one name or a count of
    the other side is not known. Exact: ``present >= 4/5 of 251`` needs 201 (200.8 rounded up)."""
    if len(rule.left) != 1 or not isinstance(rule.left[0], str):
        return None
    if any(isinstance(t, str) and t not in counts for t in rule.right):
        return None
    total = sum(counts[t] if isinstance(t, str) else t for t in rule.right)
    bound = Fraction(total) * rule.factor
    floor = bound.numerator // bound.denominator
    ceil = -(-bound.numerator // bound.denominator)
    if rule.op == ">=":
        return "min", ceil
    if rule.op == ">":
        return "min", floor + 1
    if rule.op == "<=":
        return "max", floor
    return "max", ceil - 1


#: what a bound on a count reads as: (zh, en) with {n}; other counts read "<name>至少 n"
_NEEDED: Mapping[str, tuple[str, str]] = {
    "present": ("至少 {n} 人出席", "at least {n} must be present"),
    "voted": ("至少 {n} 人投票", "at least {n} must vote"),
    "for": ("至少 {n} 票赞成", "at least {n} votes for"),
    "yes": ("至少 {n} 票赞成", "at least {n} yes votes"),
}


def _needed_words(name: str, bound: str, n: int) -> tuple[str, str]:
    group, _, rest = name.rpartition(".")
    prefix_zh = label_zh(name).removesuffix(label_zh(rest))
    if bound == "min" and rest in _NEEDED:
        zh, en = _NEEDED[rest]
        en = en.format(n=n) + (f" ({group})" if group else "")
        return prefix_zh + zh.format(n=n), en
    zh_name, en_name = name_words(name)
    if bound == "min":
        return f"{zh_name}至少 {n}", f"{en_name}: at least {n}"
    return f"{zh_name}至多 {n}", f"{en_name}: at most {n}"


def _rule_numbers(rule: Rule, counts: Mapping[str, int]) -> tuple[str, str] | None:
    needed = least_needed(rule, counts)
    if needed is None:
        return None
    given = [t for t in dict.fromkeys(rule.right) if isinstance(t, str)]
    unit = {n: _unit(n) for n in given}
    given_zh = "，".join(f"{label_zh(n)} {counts[n]} {unit[n]}".rstrip() for n in given)
    given_en = ", ".join(f"{name_words(n)[1]}: {counts[n]}" for n in given)
    zh, en = _needed_words(str(rule.left[0]), *needed)
    return f"{given_zh}，{zh}", f"{given_en}; {en}"


def _unit(name: str) -> str:
    entry = LABELS.get(name.rpartition(".")[2])
    return entry[1] if entry else ""


def numbers_words(rule: str | Mapping[str, Any] | Condition, counts: Mapping[str, int]) -> tuple[str, str] | None:
    """What a rule means in numbers for the counts known (``expected`` before a meeting
    opens): ``present >= 4/5 of expected`` with 250 expected → ("应到 250 人，至少 200 人出席",
    "those expected: 250; at least 200 must be present"). None when the rule's bound cannot
    be worked out from the counts; ``RecordError`` when it is not a rule."""
    cond = rule if isinstance(rule, (Rule, AllOf, AnyOf)) else parse_condition(rule)
    if isinstance(cond, Rule):
        return _rule_numbers(cond, counts)
    parts = [numbers_words(p, counts) for p in cond.parts]
    if any(p is None for p in parts):
        return None
    zh_join, en_join = ("；", "; ") if isinstance(cond, AllOf) else ("；或", "; or ")
    return zh_join.join(p[0] for p in parts if p), en_join.join(p[1] for p in parts if p)
