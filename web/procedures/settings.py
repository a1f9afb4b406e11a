"""A kind's settings as a form: what a locality may adjust in a step before its procedure
starts, each setting a field with its own check, read from and written back to the step's
settings.

A field's name is the setting's key; a rule's field is named ``rule_<key>`` and lives under
the settings' ``rules``. Settings that are rows (an election's posts, the layers of a weighted
ballot) add one field per row and value in ``add_rows`` and write them back in ``rows_into``.
Keys the form does not show are kept as they are, and a field whose key the step's settings
do not hold is not offered. ``summary`` is the settings in words, for
the page that shows them to everyone."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, cast

from django import forms
from django.utils.translation import gettext as _

from web.common.presetfield import PresetField, rule_with_basis

RULE = "rule_"


class SettingsForm(forms.Form):
    def __init__(self, *args: Any, settings: Mapping[str, Any], step: Any = None, **kwargs: Any) -> None:
        """``step``: the step whose settings these are, for a field whose choices depend on
        where it is (the bodies of an election's unit); None shows the settings alone."""
        self.settings = dict(settings)
        self.step = step
        super().__init__(*args, **kwargs)
        rules = self.settings.get("rules") or {}
        for name in list(self.fields):  # a template that leaves a setting out does not offer it
            key = name.removeprefix(RULE)
            if key not in self.settings and key not in rules:
                del self.fields[name]
        self.add_rows()
        context = self.rule_context()
        for fld in self.fields.values():
            if isinstance(fld, PresetField):
                fld.configure(**context)
        for name, fld in self.fields.items():
            if name.startswith(RULE):
                value = rules.get(name.removeprefix(RULE)) or self.settings.get(name.removeprefix(RULE))
            else:
                value = self.row_value(name)
            if value is not None:
                fld.initial = value

    def rule_context(self) -> dict[str, Any]:
        """The kind of body and the counts the rules' presets are offered for (``PresetField.configure``)."""
        return {}

    # rows: overridden by kinds whose settings hold a list --------------------------------------
    def add_rows(self) -> None:
        """Add a field for each value of each row the settings hold."""

    def row_value(self, name: str) -> Any:
        return self.settings.get(name)

    def rows_into(self, settings: dict[str, Any], data: Mapping[str, Any]) -> None:
        """Write the rows' fields back into ``settings``."""

    # ---------------------------------------------------------------------------------------------
    def new_settings(self) -> dict[str, Any]:
        """The adjusted settings (call once the form is valid)."""
        out = dict(self.settings)
        rules = dict(out.get("rules") or {})
        for name in self.declared_fields:
            if name not in self.fields:
                continue
            value = self.cleaned_data.get(name)
            if name.startswith(RULE):
                key = name.removeprefix(RULE)
                if key in rules or "rules" in out:
                    rules[key] = value
                else:
                    out[key] = value
            else:
                out[name] = value.isoformat() if isinstance(value, dt.date) else value
        if rules:
            out["rules"] = rules
        self.rows_into(out, self.cleaned_data)
        return out

    def summary(self) -> list[tuple[str, str]]:
        """(label, value in words) for each setting the form shows."""
        rows: list[tuple[str, str]] = []
        for fld in self.fields.values():
            rows.append((str(fld.label), _words(fld, fld.initial)))
        return rows


def _words(fld: forms.Field, value: Any) -> str:
    if isinstance(fld, PresetField):
        return rule_with_basis(value, slot=fld.slot, body_kind=fld.body_kind) if value else "—"
    if isinstance(fld, forms.BooleanField):
        return _("是") if value else _("否")
    if isinstance(fld, forms.MultipleChoiceField):
        names = _choice_names(fld)
        return _("、").join(str(names.get(v, v)) for v in value or [])
    if isinstance(fld, forms.ChoiceField):
        return str(_choice_names(fld).get(value, value))
    return "—" if value in (None, "") else str(value)


def _choice_names(fld: forms.ChoiceField) -> dict[Any, Any]:
    # a settings form's choices are always a flat list of pairs
    return dict(cast(list[tuple[Any, Any]], fld.choices))
