"""A stored rule in words, and a share of a whole as a person types it (``1/10``, ``30%``).

Rules themselves are chosen from the statutory presets (``web.common.presetfield``)."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from jiceng.errors import RecordError
from jiceng.rules import describe
from jiceng.weighted import parse_fraction

#: a percent sign typed on a Chinese keyboard
FULLWIDTH_PERCENT = chr(0xFF05)


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
