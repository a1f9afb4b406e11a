"""A counting rule as a person writes it: what is counted, how it compares, the share and of
what, chosen from lists, never typed in the engine's grammar.

``RuleField(left=..., right=...)`` offers the counts a rule may compare (``present`` against
``expected`` for a quorum; ``for`` against ``expected``, ``present`` or ``voted`` for a
decision) and the four comparisons, and writes the rule text the engine reads and stores
(``present >= 4/5 of expected``). The share is a fraction or a percent (``4/5``, ``2/3``,
``60%``; empty means all of it). The engine checks the result, so a share it cannot read is
refused in its words. A stored rule the four parts cannot show (a joint meeting's several
quorums) is kept as it is unless the person changes a part."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from jiceng.errors import RecordError
from jiceng.rules import Rule, describe, name_words, parse_condition, parse_rule
from jiceng.weighted import parse_fraction

#: the comparisons, as the law words them (Civil Code art. 1259: 以上 includes the bound)
COMPARISONS = [
    (">=", _("不少于")),
    (">", _("超过")),
    ("<=", _("不超过")),
    ("<", _("少于")),
]


#: a percent sign typed on a Chinese keyboard
FULLWIDTH_PERCENT = chr(0xFF05)

#: the left count left empty: the rule the field's help text names applies
DEFAULT = ""


def _count_choices(names: Sequence[str]) -> list[tuple[str, Any]]:
    english = (get_language() or "").startswith("en")
    return [(n, name_words(n)[1 if english else 0] if n else _("按默认规则")) for n in names]


class RuleWidget(forms.MultiWidget):
    def __init__(self, left: Sequence[str], right: Sequence[str], attrs: dict[str, Any] | None = None) -> None:
        self.left_names, self.right_names = list(left), list(right)
        widgets = [
            forms.Select(attrs={"aria-label": _("计数"), "class": "rule-part"}),
            forms.Select(choices=COMPARISONS, attrs={"aria-label": _("比较"), "class": "rule-part"}),
            forms.TextInput(
                attrs={"aria-label": _("比例"), "placeholder": "4/5", "size": 5, "maxlength": 12, "class": "rule-part"}
            ),
            forms.Select(attrs={"aria-label": _("基数"), "class": "rule-part"}),
        ]
        super().__init__(widgets, attrs)

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        # the counts' names follow the page's language, so they are chosen when rendered
        left, _op, _share, right = self.widgets
        assert isinstance(left, forms.Select) and isinstance(right, forms.Select)
        left.choices = _count_choices(self.left_names)
        right.choices = _count_choices(self.right_names)
        return super().get_context(name, value, attrs)

    def decompress(self, value: Any) -> list[Any]:
        rule = _simple(value)
        if rule is None:
            return [None, ">=", "", None]
        share = "" if rule.factor == 1 else rule.factor_text
        return [rule.left[0], rule.op, share, rule.right[0]]


def _simple(value: Any) -> Rule | None:
    """The rule when it is one count compared with a share of another, else None."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        rule = parse_rule(value)
    except RecordError:
        return None
    if len(rule.left) != 1 or len(rule.right) != 1 or not all(isinstance(t, str) for t in (*rule.left, *rule.right)):
        return None
    return rule


class RuleField(forms.MultiValueField):
    widget: RuleWidget

    def __init__(self, *, left: Sequence[str], right: Sequence[str], optional: bool = False, **kwargs: Any) -> None:
        """``optional``: the first choice of the counted side is "the default rule", and the
        field's value is then empty."""
        if optional:
            left = [DEFAULT, *left]
            kwargs["required"] = False
        fields = (
            forms.ChoiceField(choices=[(n, n) for n in left], required=False),
            forms.ChoiceField(choices=COMPARISONS),
            forms.CharField(required=False, max_length=12),
            forms.ChoiceField(choices=[(n, n) for n in right]),
        )
        kwargs.setdefault("error_messages", {"incomplete": _("请把规则的每一项都选好。")})
        super().__init__(fields, require_all_fields=False, widget=RuleWidget(left, right), **kwargs)
        self.optional = optional

    def compress(self, data_list: list[Any]) -> str:
        if not data_list:
            return ""
        left, op, share, right = data_list
        if not left and self.optional:
            return DEFAULT
        if not (left and op and right):
            raise forms.ValidationError(self.error_messages["incomplete"], code="incomplete")
        share = "".join(str(share or "").split()).replace(FULLWIDTH_PERCENT, "%")
        text = f"{left} {op} {share} of {right}" if share and share != "1" else f"{left} {op} {right}"
        try:
            parse_condition(text)
        except RecordError:
            raise forms.ValidationError(
                _("比例应写作 4/5、2/3 或 60% 这样的分数或百分数。"), code="bad_share"
            ) from None
        return text


def rule_in_words(rule: Any) -> str:
    """A stored rule in the page's language (``describe``), or as written when it is not one."""
    try:
        zh, en = describe(rule)
    except RecordError:
        return str(rule)
    return en if (get_language() or "").startswith("en") else zh


class ShareField(forms.CharField):
    """A share of a whole written as a fraction or percent (``1/10``, ``30%``), kept as typed;
    it must lie between 0 and 1."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 12)
        super().__init__(**kwargs)

    def clean(self, value: Any) -> Any:
        text = "".join(str(super().clean(value) or "").split()).replace(FULLWIDTH_PERCENT, "%")
        if not text:
            return text
        try:
            share: Fraction | None = parse_fraction(text, "share")
        except RecordError:
            share = None
        if share is None or not 0 < share <= 1:
            raise forms.ValidationError(_("比例应写作 1/10、3/10 或 30% 这样的分数或百分数，且在 0 和 1 之间。"))
        return text
