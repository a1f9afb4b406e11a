"""结构推荐 — weighted: recommendation votes of layers A–D entered, combined with the trust test
by the engine's weighted count; the top ``advance`` go on (a tie at the cutoff is the leading
group's to settle, never strokes or lots)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from web.common.numbers import is_ascii_digits
from web.common.rulefield import ShareField
from web.elections import stages as st
from web.elections.kinds import trust
from web.elections.kinds.common import StageForm, optional
from web.elections.models import Stage
from web.procedures.kinds import Kind, StepForm
from web.procedures.settings import SettingsForm


def weighted_doc(stage: Stage) -> dict[str, Any]:
    """The engine's ``weighted`` record: the trust test of the stage before, and layers A–D."""
    trust_stage = next((s for s in st.earlier(stage) if s.kind == trust.KIND.key), None)
    candidates = list(st.pool(stage))
    if trust_stage is not None:  # everyone tested enters; the engine applies the gate
        tested = trust_stage.data.get("entries", {})
        candidates = [n for n in stage.election.nominations.select_related("person") if str(n.pk) in tested]
    components: list[dict[str, Any]] = []
    if trust_stage is not None:
        entries = trust_stage.data.get("entries", {})
        components.append(
            {
                "id": "trust",
                "name": gettext_noop("信任度测评"),
                "trust": True,
                "weight": trust_stage.settings.get("weight", "1/10"),
                "bases": {str(n.pk): int(entries[str(n.pk)]["base"]) for n in candidates},
                "votes": {str(n.pk): int(entries[str(n.pk)]["trust"]) for n in candidates},
            }
        )
    layers = stage.data.get("layers", {})
    for layer in stage.settings.get("layers", []):
        got = layers.get(layer["id"], {})
        components.append(
            {
                "id": layer["id"],
                "name": layer["name"],
                "weight": layer["weight"],
                "base": int(got.get("base", 0)),
                "votes": {str(n.pk): int(got.get("votes", {}).get(str(n.pk), 0)) for n in candidates},
            }
        )
    return {
        "format": "jiceng.tally/1",
        "kind": "weighted",
        "title": stage.election.title,
        "advance": int(stage.settings.get("advance", 5)),
        "rules": {"gate": trust_stage.settings.get("gate", "trust >= 1/2 of base")} if trust_stage else {},
        "candidates": [{"id": str(n.pk), "name": n.person.name} for n in candidates],
        "components": components,
    }


def weighted_result(stage: Stage) -> tuple[dict[str, Any] | None, str]:
    from jiceng.errors import RecordError
    from jiceng.record import tally

    try:
        return tally(weighted_doc(stage)), ""
    except RecordError as exc:
        return None, str(exc)


def blockers(stage: Stage) -> list[str]:
    layers = stage.data.get("layers", {})
    missing = [lay["name"] for lay in stage.settings.get("layers", []) if lay["id"] not in layers]
    if missing:
        return [_("尚未录入以下层面的推荐票：%(names)s。") % {"names": _("、").join(_(m) for m in missing)}]
    result, error = weighted_result(stage)
    if result is None:
        return [_("计票引擎不接受这些数据：%(e)s") % {"e": error}]
    if result["status"] == "tie_at_cutoff":
        by_id = {c["id"]: c["name"] for c in result["candidates"]}
        return [
            _("%(names)s 在第 %(n)d 名处得分相同，须由领导小组决定如何处理（不以笔画或抽签排序）。")
            % {"names": _("、").join(by_id[c] for c in result["tie"]["candidates"]), "n": result["advance"]}
        ]
    return []


def finish(stage: Stage, user: Any) -> None:
    """The engine's result and who advances."""
    result, _error = weighted_result(stage)
    assert result is not None  # blockers said so
    stage.data = {**stage.data, "result": result, "advancing": [int(i) for i in result["advancing"]]}


def context(stage: Stage) -> dict[str, Any]:
    weighted, error = weighted_result(stage) if stage.data.get("layers") else (None, "")
    return {"weighted": weighted, "weighted_error": error}


class LayerForm(StageForm):
    row = "layer"
    layer = optional()
    base = optional()
    #: one ``votes<nomination id>`` field per person in the pool (read whole in ``clean_votes``)
    votes = forms.Field(required=False)

    def clean_votes(self) -> dict[int, str]:
        return {int(k[5:]): v for k, v in self.data.items() if k.startswith("votes") and is_ascii_digits(k[5:])}


def record_layer(data: dict[str, Any], stage: Stage) -> dict[str, Any]:
    return {"stage": stage, "layer": data["layer"], "base": data["base"], "votes": data["votes"]}


class Settings(SettingsForm):
    advance = forms.IntegerField(label=gettext_lazy("进入下一环节的人数"), min_value=1, max_value=20)

    def add_rows(self) -> None:
        for layer in self.settings.get("layers", []):
            self.fields[f"weight_{layer['id']}"] = ShareField(
                label=_("%(layer)s 的权重") % {"layer": _(layer["name"])}, initial=layer["weight"]
            )

    def row_value(self, name: str) -> Any:
        return None if name.startswith("weight_") else super().row_value(name)

    def rows_into(self, settings: dict[str, Any], data: Any) -> None:
        settings["layers"] = [{**lay, "weight": data[f"weight_{lay['id']}"]} for lay in settings.get("layers", [])]


def advancing(stage: Stage, noms: list[Any]) -> list[Any]:
    """Once the structured recommendation is done, only the top ``advance`` go on."""
    if stage.state != Stage.State.DONE:
        return noms
    keep = set(stage.data.get("advancing", []))
    return [n for n in noms if n.pk in keep]


KIND: Kind[Stage] = Kind(
    key="weighted",
    name=gettext_lazy("结构推荐"),
    settings_form=Settings,
    blockers=blockers,
    narrows=advancing,
    finish=finish,
    forms={"layer": StepForm(LayerForm, "do_record_layer", record_layer, gettext_lazy("推荐票已录入。"))},
    panel="elections/kinds/weighted.html",
    context=context,
)
