"""A rule chosen from the statutory presets (``jiceng.presets``): a radio list of sentences,
each with its legal basis and the numbers it means for this meeting, the kind of body's own
rule chosen first; and, for the staff who set procedures up, an advanced choice that takes
the engine's grammar with a preview of its sentence (live with HTMX, or by a 预览 button).

The field's value is the rule the engine reads (a text, or a joint meeting's ``{"all": [...]}``);
the person sees only words. A rule that is no preset (one stored before, or written by staff)
shows as the advanced choice with its sentence."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from jiceng.errors import RecordError
from jiceng.presets import Preset, default_for, numbers_words, presets_for, presets_offered, same_rule
from jiceng.rules import Condition, describe, name_words, parse_condition
from web.common.numbers import is_ascii_digits

#: the radio value of the advanced choice: the rule is in the text box beside it
ADVANCED = "advanced"
#: the name of the text box, after the field's own name
TEXT = "_text"


def english() -> bool:
    return (get_language() or "").startswith("en")


def in_language(pair: tuple[str, str]) -> str:
    return pair[1] if english() else pair[0]


def engine_words(error: RecordError) -> str:
    """The engine's message (``english / 中文``) in the page's language."""
    english_part, sep, chinese_part = error.message.rpartition(" / ")
    if not sep:
        return error.message
    return english_part if english() else chinese_part


def read_rule(text: str, names: Sequence[str], *, single: bool = False) -> Condition:
    """Read a rule written in the engine's grammar (or a joint meeting's JSON); a
    ``ValidationError`` with a sentence in the page's language when it is not one, or when it
    counts what this rule may not. ``single``: one comparison only (the engine reads no
    composite there)."""
    stripped = text.strip()
    raw: str | dict[str, Any] = stripped
    if not stripped:
        raise forms.ValidationError(_("请写出规则，例如 present >= 4/5 of expected。"), code="empty")
    if stripped.startswith("{") and single:
        raise forms.ValidationError(_("这里只能写一条比较，不能用花括号组合几条规则。"), code="composite")
    if stripped.startswith("{"):
        try:
            raw = json.loads(stripped)
        except ValueError:
            raise forms.ValidationError(_("这条规则无法读取：花括号里的内容格式不对。"), code="bad_rule") from None
    try:
        cond = parse_condition(raw)
    except RecordError as exc:
        raise forms.ValidationError(
            _("这条规则无法读取：%(why)s。请参照上面的预设写法，例如 present >= 4/5 of expected。")
            % {"why": engine_words(exc)},
            code="bad_rule",
        ) from None
    stray = sorted(cond.names - set(names))
    if names and stray:
        raise forms.ValidationError(
            _("这条规则只能比较%(allowed)s，不能用“%(stray)s”。")
            % {
                "allowed": _("、").join(in_language(name_words(n)) for n in names),
                "stray": _("、").join(stray),
            },
            code="bad_name",
        )
    return cond


def preview(
    text: str, names: Sequence[str], counts: Mapping[str, int] | None, *, single: bool = False
) -> dict[str, str]:
    """What the preview shows of a written rule: its sentence and numbers, or why it cannot be read."""
    try:
        cond = read_rule(text, names, single=single)
    except forms.ValidationError as exc:
        return {"error": " ".join(str(m) for m in exc.messages)}
    numbers = numbers_words(cond, counts) if counts else None
    return {"sentence": in_language(describe(cond)), "numbers": in_language(numbers) if numbers else ""}


class PresetWidget(forms.Widget):
    template_name = "common/_preset_field.html"
    use_fieldset = True

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.presets: list[Preset] = []
        self.names: list[str] = []
        self.counts: dict[str, int] = {}
        self.advanced = True
        self.single = False

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None) -> SafeString:
        # the project's templates, not the form renderer's own folders
        return mark_safe(render_to_string(self.template_name, self.get_context(name, value, attrs)))

    def value_from_datadict(self, data: Any, files: Any, name: str) -> tuple[str, str]:
        return str(data.get(name) or ""), str(data.get(name + TEXT) or "")

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return name not in data and name + TEXT not in data

    def split(self, value: Any) -> tuple[str, str]:
        """(the choice, the text of the advanced box) for a bound pair or a stored rule."""
        if isinstance(value, tuple):
            return value
        if not value:
            return "", ""
        for p in self.presets:
            if same_rule(p.rule, value):
                return p.key, ""
        if isinstance(value, str) and value.strip().startswith("{"):
            return ADVANCED, value
        if isinstance(value, Mapping):
            return ADVANCED, json.dumps(value, ensure_ascii=False)
        return ADVANCED, str(value)

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        choice, text = self.split(value)
        en = english()
        rows = []
        for p in self.presets:
            sentence, basis, note = p.words(en)
            numbers = numbers_words(p.rule, self.counts) if self.counts else None
            rows.append(
                {
                    "key": p.key,
                    "sentence": sentence,
                    "basis": basis,
                    "note": note,
                    "numbers": (numbers[1] if en else numbers[0]) if numbers else "",
                    "checked": p.key == choice,
                }
            )
        query: dict[str, Any] = {"field": name + TEXT, "names": ",".join(self.names), **self.counts}
        if self.single:
            query["single"] = "1"
        context["preset"] = {
            "rows": rows,
            "advanced": self.advanced,
            "advanced_checked": choice == ADVANCED,
            "text": text,
            "text_name": name + TEXT,
            "preview": preview(text, self.names, self.counts, single=self.single)
            if choice == ADVANCED and text
            else None,
            "preview_url": reverse("rule_preview") + "?" + urlencode(query),
        }
        return context


class PresetField(forms.Field):
    """``slot``: the rule's place (``quorum``, ``elected``…); ``names``: the counts it may
    compare (the advanced choice refuses others); ``configure`` gives it the kind of body
    (its own presets, its default first) and the counts known (the numbers beside each).
    ``offer_all``: every rule of the slot is offered, the body's own first (a poll's pass
    rule), not only the body's own. ``single``: the advanced rule is one comparison (no
    ``{"all": [...]}``), where the engine reads only that. ``shown_when``: (another field, its
    value) when the rule matters only then (a poll's kind); the page hides it otherwise, and
    the form ignores it."""

    widget = PresetWidget
    default_error_messages = {"required": gettext_lazy("请选择一条规则。")}

    def __init__(
        self,
        *,
        slot: str,
        names: Sequence[str],
        advanced: bool = True,
        offer_all: bool = False,
        single: bool = False,
        shown_when: tuple[str, str] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.slot, self.names = slot, list(names)
        self.offers_advanced, self.offer_all, self.single, self.shown_when = advanced, offer_all, single, shown_when
        self.body_kind: str | None = None
        widget = self.widget
        assert isinstance(widget, PresetWidget)
        widget.names, widget.advanced, widget.single = self.names, advanced, single
        self.configure()

    def configure(self, *, body_kind: str | None = None, counts: Mapping[str, int] | None = None) -> None:
        """Offer the presets of ``body_kind`` (with its statutory rule as the initial value
        when the form has none) and the numbers each means for ``counts``."""
        widget = self.widget
        assert isinstance(widget, PresetWidget)
        self.body_kind = body_kind
        if self.offer_all:
            widget.presets = presets_offered(self.slot, body_kind, names=self.names)
        else:
            widget.presets = presets_for(self.slot, body_kind, names=self.names)
        widget.counts = dict(counts or {})
        default = default_for(self.slot, body_kind) if body_kind else None
        if default is not None:
            self.initial = default.rule

    @property
    def presets(self) -> list[Preset]:
        widget = self.widget
        assert isinstance(widget, PresetWidget)
        return widget.presets

    def to_python(self, value: Any) -> Any:
        choice, text = value if isinstance(value, tuple) else ("", "")
        if choice == ADVANCED and self.offers_advanced:
            read_rule(text, self.names, single=self.single)
            return _json(text) if text.strip().startswith("{") else " ".join(text.split())
        for p in self.presets:
            if p.key == choice:
                return p.rule if isinstance(p.rule, str) else dict(p.rule)
        if choice:
            raise forms.ValidationError(_("请从列出的规则中选择一条。"), code="invalid_choice")
        return ""

    def validate(self, value: Any) -> None:
        if not value and self.required:
            raise forms.ValidationError(self.error_messages["required"], code="required")

    def has_changed(self, initial: Any, data: Any) -> bool:
        try:
            return not same_rule(initial, self.to_python(data))
        except forms.ValidationError:
            return True


def _json(text: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def without_advanced(html: str) -> str:
    """A page without its advanced rule boxes: what it shows a person who does not open them
    (the tests check that no grammar shows outside them)."""
    import re

    return re.sub(r'<details class="preset-advanced".*?</details>', "", html, flags=re.DOTALL)


def rule_words(
    rule: Any,
    *,
    slot: str | None = None,
    body_kind: str | None = None,
    counts: Mapping[str, int] | None = None,
    offered: bool = False,
) -> dict[str, str]:
    """A stored rule for a page: its sentence; when it is a preset of the kind of body (or,
    ``offered``, any rule its form offers: ``PresetField(offer_all=True)``), the preset's
    basis; and the numbers it means for ``counts``. The text as written when it is not a rule
    (a joint meeting's several quorums may come as their JSON text)."""
    try:
        if isinstance(rule, str) and rule.strip().startswith("{"):
            rule = _json(rule)
        cond = parse_condition(rule)
    except (RecordError, ValueError):
        return {"sentence": str(rule), "basis": "", "numbers": ""}
    numbers = numbers_words(cond, counts) if counts else None
    basis = ""
    if slot is not None:
        if offered:
            found = [p for p in presets_offered(slot, body_kind, names=cond.names) if same_rule(p.rule, rule)]
        else:
            found = [p for p in presets_for(slot, body_kind) if body_kind in p.bodies and same_rule(p.rule, rule)]
        basis = next((p.words(english())[1] for p in found), "")
    return {"sentence": in_language(describe(cond)), "basis": basis, "numbers": in_language(numbers) if numbers else ""}


@require_GET
@login_required
def rule_preview(request: HttpRequest) -> HttpResponse:
    """The advanced choice's preview (HTMX): the sentence of the rule in the box named by
    ``field``, or why it cannot be read; with the numbers for the counts given (``expected``)."""
    text = request.GET.get(request.GET.get("field", ""), "")[:500]
    names = [n for n in request.GET.get("names", "").split(",") if n]
    counts = {
        k: int(v)
        for k in request.GET
        if k not in ("field", "names", "single") and is_ascii_digits(v := request.GET.get(k, "")) and len(v) < 9
    }
    single = request.GET.get("single") == "1"
    return render(request, "common/_rule_preview.html", {"p": preview(text, names, counts, single=single)})


def rule_with_basis(rule: Any, *, slot: str, body_kind: str | None, offered: bool = False) -> str:
    """A stored rule in one line of words: its sentence, with its basis where it is a preset
    of the kind of body (``offered``: any its form offers)."""
    words = rule_words(rule, slot=slot, body_kind=body_kind, offered=offered)
    if not words["basis"]:
        return words["sentence"]
    return _("%(rule)s（依据：%(basis)s）") % {"rule": words["sentence"], "basis": words["basis"]}
