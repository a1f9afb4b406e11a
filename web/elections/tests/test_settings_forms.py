"""Every stage's settings as a form, generated over every template: the form shows every
setting a locality may adjust in words, posting it back unchanged changes nothing, and each
field refuses what the stage cannot read with a sentence."""

from __future__ import annotations

import pytest
from django import forms

from web.common.presetfield import TEXT, PresetField
from web.elections.kinds import KINDS
from web.elections.procedures import TEMPLATES, stages_of
from web.elections.tests.helpers import posted

CASES = [
    pytest.param(template, i, s, id=f"{template}-{s['kind']}")
    for template in TEMPLATES
    for i, s in enumerate(stages_of(template))
    if KINDS[s["kind"]].settings_form is not None
]


def test_every_kind_with_settings_in_a_template_has_a_form():
    kinds_with_settings = {s["kind"] for t in TEMPLATES for s in stages_of(t) if s["settings"]}
    assert kinds_with_settings == {c.values[2]["kind"] for c in CASES}


@pytest.mark.parametrize(("template", "position", "stage"), CASES)
def test_posting_the_form_unchanged_keeps_every_setting(template, position, stage):
    form_class = KINDS[stage["kind"]].settings_form
    shown = form_class(settings=stage["settings"], prefix="s")
    bound = form_class(posted(shown), settings=stage["settings"], prefix="s")
    assert bound.is_valid(), bound.errors
    assert bound.new_settings() == stage["settings"]


@pytest.mark.parametrize(("template", "position", "stage"), CASES)
def test_the_summary_is_words_not_data(template, position, stage):
    summary = KINDS[stage["kind"]].settings_form(settings=stage["settings"]).summary()
    assert summary
    for label, value in summary:
        assert label and value
        for raw in (" of ", ">=", "{", "[", "'", "True", "False", "None"):
            assert raw not in value, (label, value)


@pytest.mark.parametrize(("template", "position", "stage"), CASES)
def test_every_field_refuses_nonsense_with_a_sentence(template, position, stage):
    form_class = KINDS[stage["kind"]].settings_form
    shown = form_class(settings=stage["settings"], prefix="s")
    good = posted(shown)
    for name, fld in shown.fields.items():
        if isinstance(fld, forms.BooleanField):
            continue
        key = shown.add_prefix(name)
        bad = dict(good)
        if isinstance(fld, PresetField):
            bad[key], bad[key + TEXT] = "advanced", "大半"
        elif isinstance(fld, forms.MultipleChoiceField):
            bad[key] = ["mail"]
        elif isinstance(fld, forms.ChoiceField):
            bad[key] = "mail"
        elif isinstance(fld, forms.DateField):
            bad[key] = "2026-13-40"
        elif isinstance(fld, forms.IntegerField):
            bad[key] = "-1"
        else:
            bad[key] = "x" * 300
        form = form_class(bad, settings=stage["settings"], prefix="s")
        assert not form.is_valid() and form.errors.get(name), name
