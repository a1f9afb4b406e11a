"""信任度测评 — trust: each person's trust votes and the number who took part, entered for
everyone in the pool; those past the gate (a rule the engine reads) go on."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jiceng.presets import TRUST_TEST
from web.common.presetfield import PresetField
from web.common.rulefield import ShareField
from web.elections import stages as st
from web.elections.kinds.common import StageForm, nomination, optional
from web.elections.models import Stage
from web.procedures.kinds import Kind, StepForm
from web.procedures.settings import SettingsForm


def trust_check(stage: Stage, entry: dict[str, int]) -> Any:
    from jiceng.rules import parse_rule

    gate = parse_rule(stage.settings.get("gate", "trust >= 1/2 of base"), path="gate", purpose="qualifies")
    return gate.evaluate({"trust": int(entry["trust"]), "base": int(entry["base"])})


def blockers(stage: Stage) -> list[str]:
    entries = stage.data.get("entries", {})
    missing = [n for n in st.pool(stage) if str(n.pk) not in entries]
    if missing:
        return [_("尚未录入信任度测评：%(names)s。") % {"names": st.names(missing)}]
    return []


def finish(stage: Stage, user: Any) -> None:
    """Who passed the gate."""
    entries = stage.data.get("entries", {})
    stage.data = {
        **stage.data,
        "passed": [n.pk for n in st.pool(stage) if trust_check(stage, entries[str(n.pk)]).passed],
    }


class TrustForm(StageForm):
    row = "nomination"
    nomination = optional()
    base = optional()
    trust = optional()


def record_trust(data: dict[str, Any], stage: Stage) -> dict[str, Any]:
    return {
        "stage": stage,
        "nomination": nomination(stage, data["nomination"]),
        "base": data["base"],
        "trust": data["trust"],
    }


class Settings(SettingsForm):
    """The gate chosen from the statutory presets (the three-ballot pilot's 50%: DOMAIN.md §5.5),
    or written by staff in the engine's grammar over the trust votes and the base."""

    rule_gate = PresetField(
        label=gettext_lazy("进入下一环节的条件"), slot="qualifies", names=["trust", "base"], single=True
    )
    weight = ShareField(label=gettext_lazy("在结构推荐中的权重"))

    def rule_context(self) -> dict[str, Any]:
        return {"body_kind": TRUST_TEST}


def past_the_gate(stage: Stage, noms: list[Any]) -> list[Any]:
    """Once the trust test is done, only those past its gate go on."""
    if stage.state != Stage.State.DONE:
        return noms
    keep = set(stage.data.get("passed", []))
    return [n for n in noms if n.pk in keep]


KIND: Kind[Stage] = Kind(
    key="trust",
    name=gettext_lazy("信任度测评"),
    settings_form=Settings,
    blockers=blockers,
    narrows=past_the_gate,
    finish=finish,
    forms={"trust": StepForm(TrustForm, "do_record_trust", record_trust, gettext_lazy("信任度测评已录入。"))},
    panel="elections/kinds/trust.html",
)
