"""资格审查 — review: every condition checked for every nomination not withdrawn; at least
one eligible."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from web.elections.kinds.common import StageForm, nomination, optional
from web.elections.models import Nomination, Stage
from web.procedures.kinds import Kind, StepForm
from web.procedures.settings import SettingsForm


def blockers(stage: Stage) -> list[str]:
    problems = []
    conditions = stage.settings.get("conditions", [])
    for nom in stage.election.nominations.exclude(status=Nomination.Status.WITHDRAWN).select_related("person"):
        done = set(nom.checks.values_list("condition", flat=True))
        missing = [c["text"] for c in conditions if c["key"] not in done]
        if missing:
            problems.append(
                _("%(name)s 还有 %(n)d 项条件未审查：%(what)s。")
                % {"name": nom.person.name, "n": len(missing), "what": _("；").join(_(t) for t in missing)}
            )
    if not problems and not stage.election.nominations.filter(status=Nomination.Status.ELIGIBLE).exists():
        problems.append(_("没有人通过资格审查。"))
    return problems


class CheckForm(StageForm):
    row = "nomination"
    nomination = optional()
    condition = optional()
    passed = optional()
    reason = optional()


def check(data: dict[str, Any], stage: Stage) -> dict[str, Any]:
    return {
        "stage": stage,
        "nomination": nomination(stage, data["nomination"]),
        "condition": data["condition"],
        "passed": data["passed"] == "yes",
        "reason": data["reason"],
    }


class Settings(SettingsForm):
    """The conditions' published texts; a condition's key stays, as the checks refer to it."""

    def add_rows(self) -> None:
        for i, cond in enumerate(self.settings.get("conditions", [])):
            self.fields[f"condition_{i}"] = forms.CharField(
                label=_("条件 %(n)d") % {"n": i + 1}, max_length=200, initial=_(cond["text"])
            )

    def row_value(self, name: str) -> Any:
        return None if name.startswith("condition_") else super().row_value(name)

    def rows_into(self, settings: dict[str, Any], data: Any) -> None:
        settings["conditions"] = [
            {**cond, "text": data[f"condition_{i}"]} for i, cond in enumerate(settings.get("conditions", []))
        ]


def eligible(stage: Stage, noms: list[Nomination]) -> list[Nomination]:
    """Only those found eligible go on."""
    return [n for n in noms if n.status == Nomination.Status.ELIGIBLE]


KIND: Kind[Stage] = Kind(
    key="review",
    name=gettext_lazy("资格审查"),
    settings_form=Settings,
    blockers=blockers,
    narrows=eligible,
    forms={"check": StepForm(CheckForm, "do_check_condition", check, gettext_lazy("审查结果已记录。"))},
    panel="elections/kinds/review.html",
)
