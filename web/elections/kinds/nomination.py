"""报名推荐 — nomination: people register by self-nomination, joint nomination or an
organisation's recommendation (the channels the template allows)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from web.elections.kinds.common import StageForm, optional, person
from web.elections.models import Nomination, Stage
from web.procedures.kinds import Kind, StepForm
from web.procedures.settings import SettingsForm


def blockers(stage: Stage) -> list[str]:
    if not stage.election.nominations.exists():
        return [_("尚无人报名。")]
    return []


class NominateForm(StageForm):
    id_number = optional()
    channel = optional()
    cosigners = optional(widget=forms.Textarea)
    organisation = optional()
    statement = optional()


def nominate(data: dict[str, Any], stage: Stage) -> dict[str, Any]:
    nominee = person(stage, data["id_number"], _("被推荐人"))
    cosigners = [person(stage, line, _("联名人")) for line in data["cosigners"].split()[:200]]
    return {
        "stage": stage,
        "person": nominee,
        "channel": data["channel"],
        "cosigners": cosigners,
        "organisation": data["organisation"][:100],
        "statement": data["statement"][:500],
    }


class Settings(SettingsForm):
    channels = forms.MultipleChoiceField(
        label=gettext_lazy("推荐方式"), choices=Nomination.Channel.choices, widget=forms.CheckboxSelectMultiple
    )
    joint_min = forms.IntegerField(label=gettext_lazy("联名推荐至少人数"), min_value=0, max_value=100)


KIND: Kind[Stage] = Kind(
    key="nomination",
    name=gettext_lazy("报名推荐"),
    settings_form=Settings,
    blockers=blockers,
    forms={"nominate": StepForm(NominateForm, "do_nominate", nominate, gettext_lazy("报名已登记。"))},
    panel="elections/kinds/nomination.html",
)
