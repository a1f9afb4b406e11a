"""The registry of stage kinds (web/elections/kinds): every stage a template makes is a
registered kind, whose module holds its name, blockers and panel; the model's choices are the
registry's; an unknown kind fails loudly instead of falling through."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.template.loader import get_template

from web.elections.kinds import KINDS
from web.elections.models import Stage
from web.elections.procedures import TEMPLATES, stages_of

ROOT = Path(__file__).resolve().parents[3]


def test_every_stage_of_every_template_is_a_registered_kind():
    used = {s["kind"] for t in TEMPLATES for s in stages_of(t)}
    assert used <= set(KINDS.keys()), used - set(KINDS.keys())
    assert set(KINDS.keys()) <= used  # and no kind is registered that no template uses


@pytest.mark.parametrize("key", KINDS.keys())
def test_each_kind_has_its_name_blockers_and_a_panel_that_renders(key):
    kind = KINDS[key]
    assert str(kind.name) and str(kind.name) != key
    assert callable(kind.blockers)
    get_template(kind.panel)  # exists and compiles
    assert (ROOT / "web" / "elections" / "kinds" / f"{key}.py").exists()  # one file per kind


def test_the_models_choices_are_the_registrys():
    assert list(Stage._meta.get_field("kind").choices) == KINDS.choices()
    assert Stage(kind="trust").get_kind_display() == str(KINDS["trust"].name)


def test_an_unknown_kind_fails_at_once():
    with pytest.raises(KeyError):
        KINDS["trsut"]
