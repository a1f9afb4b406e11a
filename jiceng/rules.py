"""Quorum, validity and threshold rules as data.

A rule is a line of text a person can read and a machine can check::

    present >= 4/5 of expected          条例 2020: 应到会 4/5 以上到会方可选举
    for > 1/2 of expected               条例 2020: 得票超过应到会半数始得当选
    voted > 1/2 of registered           村民委员会组织法: 过半数选民投票，选举有效
    members.present > 1/2 of members.expected
    优秀+称职 < 2/3 of valid             seed 002: 优秀与称职不足 2/3
    present >= expected                 the factor may be left out (it is 1)
    5*present >= 4*expected             DOMAIN.md's integer form: the factor is 4/5
    满意+基本满意 < 60% of valid          a factor may be a percent

The grammar, in full::

    rule   := side OP [factor "of"] side
    side   := [INTEGER "*"] ( "(" sum ")" | sum )
    sum    := term ("+" term)*
    term   := NAME | INTEGER
    OP     := ">" | ">=" | "<" | "<=" | "≥" | "≤"
    factor := INTEGER | INTEGER "/" INTEGER | NUMBER "%"

Legal words map to operators (Civil Code art. 1259): 超过 / 过半数 / 多于 are strict
(``>``); "N 以上" / 不少于 / 不得少于 include the bound (``>=``).

Every comparison is made with integers by cross-multiplication, ``q*lhs >= p*rhs``
for a factor ``p/q``; no float ever enters (Helios issue #417 is the warning).
Composite conditions are JSON: ``{"all": [...]}`` holds when every part holds,
``{"any": [...]}`` when at least one does; parts may nest.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any

from jiceng.errors import RecordError

__all__ = [
    "LABELS",
    "AllOf",
    "AnyOf",
    "Check",
    "Condition",
    "Rule",
    "describe",
    "label_en",
    "label_zh",
    "name_words",
    "parse_condition",
    "parse_rule",
]

#: Chinese label and counting unit for the standard names a rule may use.
LABELS: Mapping[str, tuple[str, str]] = {
    "expected": ("应到", "人"),
    "present": ("实到", "人"),
    "registered": ("登记选民", "人"),
    "voted": ("投票人数", "人"),
    "issued": ("发出选票", "张"),
    "returned": ("收回选票", "张"),
    "valid": ("有效票", "张"),
    "invalid": ("无效票", "张"),
    "for": ("赞成", "票"),
    "against": ("反对", "票"),
    "abstain": ("弃权", "票"),
    "yes": ("赞成", "票"),
    "no": ("反对", "票"),
    "votes": ("得票", "票"),
    "trust": ("信任", "票"),
    "recommended": ("推荐", "票"),
    "seats": ("应选名额", "名"),
    "candidates": ("候选人", "名"),
    "members": ("成员", "人"),
    "households": ("户数", "户"),
    "adults": ("十八周岁以上村民", "人"),
    "signers": ("联名人数", "人"),
    "eligible": ("有选举权的村民", "人"),
    "representatives": ("村民代表", "人"),
    "base": ("基数", ""),
}

_GROUP_LABELS: Mapping[str, str] = {
    "members": "党员",
    "reps": "村民代表",
    "representatives": "村民代表",
    "villagers": "村民",
    "households": "户代表",
    "committee": "委员",
}

_OP_SYMBOL = {">": ">", ">=": "≥", "<": "<", "<=": "≤"}
_OP_ALIASES = {"≥": ">=", "≤": "<=", "＞": ">", "＜": "<", "=>": ">=", "=<": "<="}

_OUTCOME_PHRASES: Mapping[str, tuple[str, str, str, str]] = {
    # purpose: (zh if held, zh if not, en if held, en if not)
    "quorum": ("符合法定人数", "不足法定人数", "quorate", "not quorate"),
    "valid": ("选举有效", "选举无效", "the election is valid", "the election is not valid"),
    "elected": ("达到当选票数", "未达到当选票数", "enough votes to be elected", "not enough votes to be elected"),
    "qualifies": ("达到入选票数", "未达到入选票数", "enough votes to qualify", "not enough votes to qualify"),
    "passes": ("获得通过", "未获通过", "carried", "not carried"),
    "margin": ("符合差额比例", "不符合差额比例", "the competitive margin is met", "the competitive margin is not met"),
    "round": ("本轮投票有效", "本轮投票无效，应重新投票", "the round is valid", "the round is void and is held again"),
    "flag": ("触发提示", "未触发提示", "the flag is raised", "the flag is not raised"),
}

_TOKEN = re.compile(
    r"\s*(?:"
    r"(?P<op>>=|<=|=>|=<|>|<|≥|≤|＞|＜)"
    r"|(?P<pct>\d+(?:\.\d+)?)\s*[%％]"
    r"|(?P<frac>\d+)\s*/\s*(?P<den>\d+)"
    r"|(?P<int>\d+)(?![\w.])"
    r"|(?P<plus>[+＋])"
    r"|(?P<star>[*×])"
    r"|(?P<lp>[(（])"
    r"|(?P<rp>[)）])"
    r"|(?P<name>[^\W\d][\w\-]*(?:\.[^\W\d][\w\-]*)*)"
    r")"
)


def label_zh(name: str) -> str:
    """The Chinese label of a rule name (``members.present`` → ``党员实到``)."""
    if "." in name:
        group, _, rest = name.rpartition(".")
        return _GROUP_LABELS.get(group, group) + label_zh(rest)
    entry = LABELS.get(name)
    return entry[0] if entry else name


def label_en(name: str) -> str:
    """The English label of a rule name: the name itself, with dots read as spaces."""
    return name.replace(".", " ")


def _unit_zh(name: str) -> str:
    entry = LABELS.get(name.rpartition(".")[2])
    return entry[1] if entry else ""


def _fraction_text(value: Fraction) -> str:
    if value.denominator == 1:
        return str(value.numerator)
    return f"{value.numerator}/{value.denominator}"


@dataclass(frozen=True, kw_only=True)
class Check:
    """One rule applied to one set of numbers, with sentences that explain it.

    ``numbers`` holds every named count the rule used. A composite condition's
    check lists the checks of its parts in ``parts``.
    """

    rule: str
    passed: bool
    numbers: dict[str, int]
    sentence_zh: str
    sentence_en: str
    parts: tuple[Check, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """The check as the result JSON shows it: ``rule``, ``numbers``, ``passed``, ``zh``, ``en``."""
        out: dict[str, Any] = {
            "rule": self.rule,
            "numbers": dict(self.numbers),
            "passed": self.passed,
            "zh": self.sentence_zh,
            "en": self.sentence_en,
        }
        if self.parts:
            out["parts"] = [part.to_json() for part in self.parts]
        return out


def _lookup(values: Mapping[str, int], name: str, path: str) -> int:
    if name not in values:
        raise RecordError(path, f"the rule needs the count '{name}' / 规则需要“{label_zh(name)}”的数目")
    value = values[name]
    if isinstance(value, bool) or not isinstance(value, int):
        raise RecordError(path, f"'{name}' must be an integer / “{label_zh(name)}”必须是整数")
    return value


@dataclass(frozen=True, kw_only=True)
class Rule:
    """``sum(left) OP factor × sum(right)``, compared as ``q*left OP p*right``.

    ``left`` and ``right`` are terms: names (looked up in the values) or integer
    constants. ``factor`` is exact (a ``Fraction``); ``factor_text`` is how the rule
    wrote it (``4/5``, ``60%``) and is what the sentences print.
    """

    text: str
    left: tuple[str | int, ...]
    op: str
    factor: Fraction
    factor_text: str
    right: tuple[str | int, ...]
    path: str = "rules"
    purpose: str | None = None

    @property
    def names(self) -> frozenset[str]:
        """Every count the rule needs."""
        return frozenset(t for t in (*self.left, *self.right) if isinstance(t, str))

    def holds(self, values: Mapping[str, int]) -> bool:
        """Whether the rule holds, without building sentences (for inner loops)."""
        left = sum(_lookup(values, t, self.path) if isinstance(t, str) else t for t in self.left)
        right = sum(_lookup(values, t, self.path) if isinstance(t, str) else t for t in self.right)
        return _compare(self.factor.denominator * left, self.op, self.factor.numerator * right)

    def evaluate(self, values: Mapping[str, int], *, purpose: str | None = None) -> Check:
        """Apply the rule to ``values`` and explain the outcome in Chinese and English.

        ``purpose`` (``quorum``, ``elected``, ``passes``, ``valid``, ``qualifies``,
        ``margin``, ``flag``) chooses the closing words of the sentences; it defaults to
        the purpose the rule was parsed with. Raises ``RecordError`` when a name is missing.
        """
        numbers = {name: _lookup(values, name, self.path) for name in sorted(self.names)}
        left = sum(numbers[t] if isinstance(t, str) else t for t in self.left)
        right = sum(numbers[t] if isinstance(t, str) else t for t in self.right)
        passed = _compare(self.factor.denominator * left, self.op, self.factor.numerator * right)
        zh, en = self._sentences(numbers, left, right, passed, purpose or self.purpose)
        return Check(rule=self.text, passed=passed, numbers=numbers, sentence_zh=zh, sentence_en=en)

    def _sentences(
        self, numbers: Mapping[str, int], left: int, right: int, passed: bool, purpose: str | None
    ) -> tuple[str, str]:
        ordered = [t for t in (*self.left, *self.right) if isinstance(t, str)]
        seen: list[str] = []
        for name in ordered:
            if name not in seen:
                seen.append(name)
        given_zh = "，".join(f"{label_zh(n)} {numbers[n]} {_unit_zh(n)}".rstrip() for n in seen)
        given_en = ", ".join(f"{label_en(n)} {numbers[n]}" for n in seen)
        lhs = _side_text(self.left, numbers, left)
        rhs = _side_text(self.right, numbers, right)
        if self.factor != 1:
            product = Fraction(right) * self.factor
            rhs = f"{rhs} × {self.factor_text} = {_fraction_text(product)}"
        symbol = _OP_SYMBOL[self.op]
        zh_yes, zh_no, en_yes, en_no = _OUTCOME_PHRASES.get(
            purpose or "", ("条件成立", "条件不成立", "the rule holds", "the rule does not hold")
        )
        formula = f"{lhs} {symbol} {rhs}"
        if passed:
            zh = f"{given_zh}；{formula}，{zh_yes}。"
            en = f"{given_en}; {formula}: {en_yes}."
        else:
            zh = f"{given_zh}；{formula} 不成立，{zh_no}。"
            en = f"{given_en}; {formula} is false: {en_no}."
        if not given_zh:
            zh = zh.lstrip("；")
            en = en.lstrip("; ")
        return zh, en


#: a comparison in words: (Chinese, English)
_OP_WORDS: Mapping[str, tuple[str, str]] = {
    ">": ("超过", "more than"),
    ">=": ("不少于", "at least"),
    "<": ("少于", "less than"),
    "<=": ("不超过", "at most"),
}


def _factor_zh(rule: Rule) -> str:
    """``4/5`` → 五分之四 for the fractions rules use; others as written (60%, 7/12)."""
    digits = "零一二三四五六七八九十"
    f = rule.factor
    if rule.factor_text.endswith("%") or not (0 < f.numerator <= 10 and 1 < f.denominator <= 10):
        return rule.factor_text
    return f"{digits[f.denominator]}分之{digits[f.numerator]}"


#: how ``describe`` reads a count in English prose (other names read as themselves)
_EN_PROSE: Mapping[str, str] = {
    "expected": "those expected",
    "present": "those present",
    "registered": "registered voters",
    "voted": "those who voted",
    "issued": "ballots issued",
    "returned": "ballots returned",
    "valid": "valid ballots",
    "invalid": "invalid ballots",
    "for": "votes for",
    "against": "votes against",
    "abstain": "abstentions",
    "yes": "yes votes",
    "no": "no votes",
    "votes": "votes",
    "trust": "trust votes",
    "recommended": "recommendations",
    "base": "the base",
}


def _name_zh(name: str) -> str:
    """A count's label, with 票 where the count is of votes (赞成 → 赞成票) and 人数 where it
    is of people (应到 → 应到人数), as a sentence says it."""
    label = label_zh(name)
    unit = _unit_zh(name)
    if unit == "票" and not label.endswith("票"):
        return label + "票"
    if unit == "人" and not label.endswith("数"):
        return label + "人数"
    return label


def _name_en(name: str) -> str:
    group, _, rest = name.rpartition(".")
    prose = _EN_PROSE.get(rest, rest)
    return f"{prose} ({group})" if group else prose


def name_words(name: str) -> tuple[str, str]:
    """A count a rule names, in words: ``for`` → (赞成票, votes for)."""
    return _name_zh(name), _name_en(name)


def _terms_words(terms: Sequence[str | int]) -> tuple[str, str]:
    zh = [_name_zh(t) if isinstance(t, str) else str(t) for t in terms]
    en = [_name_en(t) if isinstance(t, str) else str(t) for t in terms]
    if len(terms) == 1:
        return zh[0], en[0]
    return "、".join(zh) + "合计", "(" + " + ".join(en) + ")"


def describe(condition: Condition | str | Mapping[str, Any]) -> tuple[str, str]:
    """A rule in words, without numbers: what a page shows where the rule itself would be
    grammar (``present >= 4/5 of expected`` → 实到人数不少于应到人数的五分之四 / those present: at least 4/5
    of those expected). A text or JSON condition is read first (``RecordError`` when it is not one)."""
    if not isinstance(condition, (Rule, AllOf, AnyOf)):
        condition = parse_condition(condition)
    if isinstance(condition, Rule):
        left_zh, left_en = _terms_words(condition.left)
        right_zh, right_en = _terms_words(condition.right)
        op_zh, op_en = _OP_WORDS[condition.op]
        if condition.factor == 1:
            return f"{left_zh}{op_zh}{right_zh}", f"{left_en}: {op_en} {right_en}"
        return (
            f"{left_zh}{op_zh}{right_zh}的{_factor_zh(condition)}",
            f"{left_en}: {op_en} {condition.factor_text} of {right_en}",
        )
    parts = [describe(p) for p in condition.parts]
    zh_join = "，且" if isinstance(condition, AllOf) else "，或"
    en_join = "; and " if isinstance(condition, AllOf) else "; or "
    return zh_join.join(z for z, _ in parts), en_join.join(e for _, e in parts)


def _side_text(terms: Sequence[str | int], numbers: Mapping[str, int], total: int) -> str:
    if len(terms) == 1:
        return str(total)
    parts = " + ".join(str(numbers[t]) if isinstance(t, str) else str(t) for t in terms)
    return f"({parts} = {total})"


def _compare(left: int, op: str, right: int) -> bool:
    if op == ">":
        return left > right
    if op == ">=":
        return left >= right
    if op == "<":
        return left < right
    return left <= right


@dataclass(frozen=True, kw_only=True)
class AllOf:
    """Holds when every part holds (e.g. the two quorums of the joint meeting, DOMAIN.md §5.3)."""

    parts: tuple[Condition, ...]
    path: str = "rules"
    purpose: str | None = None

    @property
    def text(self) -> str:
        return "all(" + "; ".join(p.text for p in self.parts) + ")"

    @property
    def names(self) -> frozenset[str]:
        return frozenset().union(*(p.names for p in self.parts))

    def holds(self, values: Mapping[str, int]) -> bool:
        return all(p.holds(values) for p in self.parts)

    def evaluate(self, values: Mapping[str, int], *, purpose: str | None = None) -> Check:
        return _composite(self, values, every=True, purpose=purpose or self.purpose)


@dataclass(frozen=True, kw_only=True)
class AnyOf:
    """Holds when at least one part holds (e.g. the villagers' meeting: adults or households, §5.3)."""

    parts: tuple[Condition, ...]
    path: str = "rules"
    purpose: str | None = None

    @property
    def text(self) -> str:
        return "any(" + "; ".join(p.text for p in self.parts) + ")"

    @property
    def names(self) -> frozenset[str]:
        return frozenset().union(*(p.names for p in self.parts))

    def holds(self, values: Mapping[str, int]) -> bool:
        return any(p.holds(values) for p in self.parts)

    def evaluate(self, values: Mapping[str, int], *, purpose: str | None = None) -> Check:
        return _composite(self, values, every=False, purpose=purpose or self.purpose)


Condition = Rule | AllOf | AnyOf


def _composite(cond: AllOf | AnyOf, values: Mapping[str, int], *, every: bool, purpose: str | None) -> Check:
    parts = tuple(p.evaluate(values, purpose=purpose) for p in cond.parts)
    passed = all(c.passed for c in parts) if every else any(c.passed for c in parts)
    numbers: dict[str, int] = {}
    for c in parts:
        numbers.update(c.numbers)
    zh_yes, zh_no, en_yes, en_no = _OUTCOME_PHRASES.get(
        purpose or "", ("条件成立", "条件不成立", "the condition holds", "the condition does not hold")
    )
    held = sum(c.passed for c in parts)
    if every:
        zh_head = f"以下 {len(parts)} 项须全部成立，成立 {held} 项"
        en_head = f"all {len(parts)} parts must hold; {held} hold"
    else:
        zh_head = f"以下 {len(parts)} 项至少一项成立即可，成立 {held} 项"
        en_head = f"any of {len(parts)} parts suffices; {held} hold"
    zh = f"{zh_head}，{zh_yes if passed else zh_no}。" + "".join(
        f"（{i + 1}）{c.sentence_zh}" for i, c in enumerate(parts)
    )
    en = f"{en_head}: {en_yes if passed else en_no}. " + " ".join(
        f"({i + 1}) {c.sentence_en}" for i, c in enumerate(parts)
    )
    return Check(
        rule=cond.text,
        passed=passed,
        numbers=dict(sorted(numbers.items())),
        sentence_zh=zh,
        sentence_en=en,
        parts=parts,
    )


def _parse_factor(kind: str, match: re.Match[str], path: str) -> tuple[Fraction, str]:
    if kind == "pct":
        raw = match.group("pct")
        try:
            return Fraction(Decimal(raw)) / 100, f"{raw}%"
        except InvalidOperation as exc:  # pragma: no cover - the regex admits only digits
            raise RecordError(path, f"bad percent '{raw}' / 百分比无效") from exc
    if kind == "frac":
        num, den = int(match.group("frac")), int(match.group("den"))
        if den == 0:
            raise RecordError(path, "a fraction's denominator cannot be 0 / 分母不能为 0")
        return Fraction(num, den), f"{num}/{den}"
    value = int(match.group("int"))
    return Fraction(value), str(value)


def _tokens(text: str, path: str) -> list[tuple[str, re.Match[str]]]:
    out: list[tuple[str, re.Match[str]]] = []
    pos = 0
    stripped = text.rstrip()
    while pos < len(stripped):
        match = _TOKEN.match(stripped, pos)
        if match is None or match.end() == pos:
            bad = stripped[pos:].strip()[:20]
            raise RecordError(path, f"cannot read the rule at '{bad}' / 无法解析规则：“{bad}”")
        kind = match.lastgroup or ""
        if kind == "den":
            kind = "frac"
        out.append((kind, match))
        pos = match.end()
    return out


def _parse_sum(
    tokens: list[tuple[str, re.Match[str]]], start: int, path: str, text: str
) -> tuple[tuple[str | int, ...], int]:
    terms: list[str | int] = []
    i = start
    while True:
        if i >= len(tokens):
            raise RecordError(path, f"the rule '{text}' ends too early / 规则不完整")
        kind, match = tokens[i]
        if kind == "name" and match.group("name").lower() != "of":
            terms.append(match.group("name"))
        elif kind == "int":
            terms.append(int(match.group("int")))
        else:
            raise RecordError(path, f"expected a name in '{text}' / 规则“{text}”中此处应为名称")
        i += 1
        if i < len(tokens) and tokens[i][0] == "plus":
            i += 1
            continue
        return tuple(terms), i


def _parse_scaled(
    tokens: list[tuple[str, re.Match[str]]], start: int, path: str, text: str
) -> tuple[int, tuple[str | int, ...], int]:
    """``[N "*"] ( "(" sum ")" | sum )``: a coefficient and the terms it multiplies."""
    i, coef, scaled = start, 1, False
    if i + 1 < len(tokens) and tokens[i][0] == "int" and tokens[i + 1][0] == "star":
        coef, scaled, i = int(tokens[i][1].group("int")), True, i + 2
    if i < len(tokens) and tokens[i][0] == "lp":
        terms, i = _parse_sum(tokens, i + 1, path, text)
        if i >= len(tokens) or tokens[i][0] != "rp":
            raise RecordError(path, f"a ')' is missing in '{text}' / 规则缺少右括号")
        return coef, terms, i + 1
    terms, i = _parse_sum(tokens, i, path, text)
    if scaled and len(terms) > 1:
        raise RecordError(path, f"write {coef}*(a+b) with parentheses in '{text}' / 倍数乘以和时须加括号")
    return coef, terms, i


def parse_rule(text: str, *, path: str = "rules", purpose: str | None = None) -> Rule:
    """Read one rule; raise ``RecordError`` (naming ``path``) when it is not a rule.

    Besides ``x OP p/q of y`` the integer form of DOMAIN.md §5 is read too:
    ``5*present >= 4*expected`` and ``3*(优秀+称职) < 2*valid`` become the factors
    ``4/5`` and ``2/3``. ``purpose`` only chooses the closing words of the sentences
    (see ``Rule.evaluate``).
    """
    if not isinstance(text, str) or not text.strip():
        raise RecordError(path, "a rule must be a non-empty text / 规则必须是非空文本")
    clean = " ".join(text.split())
    tokens = _tokens(clean, path)
    left_coef, left, i = _parse_scaled(tokens, 0, path, clean)
    if left_coef == 0:
        raise RecordError(path, "the left side cannot be multiplied by 0 / 左边的倍数不能为 0")
    if i >= len(tokens) or tokens[i][0] != "op":
        raise RecordError(path, f"the rule '{clean}' needs a comparison (>, >=, <, <=) / 规则缺少比较符号")
    op_raw = tokens[i][1].group("op")
    op = _OP_ALIASES.get(op_raw, op_raw)
    i += 1
    factor, factor_text = Fraction(1), "1"
    if (
        i + 1 < len(tokens)
        and tokens[i][0] in ("pct", "frac", "int")
        and tokens[i + 1][0] == "name"
        and tokens[i + 1][1].group("name").lower() == "of"
    ):
        factor, factor_text = _parse_factor(tokens[i][0], tokens[i][1], path)
        i += 2
    elif i < len(tokens) and tokens[i][0] in ("pct", "frac"):
        raise RecordError(path, f"write '{tokens[i][1].group(0).strip()} of <name>' / 分数后应为 of 和名称")
    right_coef, right, i = _parse_scaled(tokens, i, path, clean)
    if i != len(tokens):
        rest = clean[tokens[i][1].start() :].strip()
        raise RecordError(path, f"unexpected '{rest}' at the end of the rule / 规则末尾多出“{rest}”")
    if not any(isinstance(t, str) for t in (*left, *right)):
        raise RecordError(path, "a rule must name at least one count / 规则至少要有一个名称")
    if left_coef != 1 or right_coef != 1:
        factor = factor * right_coef / left_coef
        factor_text = _fraction_text(factor)
    return Rule(
        text=clean, left=left, op=op, factor=factor, factor_text=factor_text, right=right, path=path, purpose=purpose
    )


def parse_condition(obj: str | Mapping[str, Any], *, path: str = "rules", purpose: str | None = None) -> Condition:
    """Read a rule text, or ``{"all": [...]}`` / ``{"any": [...]}`` of conditions (which may nest)."""
    if isinstance(obj, str):
        return parse_rule(obj, path=path, purpose=purpose)
    if not isinstance(obj, Mapping):
        raise RecordError(path, 'a condition is a rule text or {"all": [...]} / {"any": [...]} / 条件格式无效')
    if len(obj) != 1 or next(iter(obj)) not in ("all", "any"):
        raise RecordError(path, 'a composite condition has exactly one key, "all" or "any" / 复合条件只能有 all 或 any')
    key = next(iter(obj))
    items = obj[key]
    if not isinstance(items, list) or not items:
        raise RecordError(f"{path}.{key}", "must be a non-empty list / 必须是非空列表")
    parts = tuple(parse_condition(item, path=f"{path}.{key}[{n}]", purpose=purpose) for n, item in enumerate(items))
    if key == "all":
        return AllOf(parts=parts, path=path, purpose=purpose)
    return AnyOf(parts=parts, path=path, purpose=purpose)
