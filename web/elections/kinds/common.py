"""What several kinds share: the Django form base of the work inside a stage, the people it
names, and the pieces of work more than one kind offers (objections during a notice or a
register; a meeting with its polls for a primary or an election)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from web.common.numbers import is_ascii_digits
from web.common.presetfield import PresetField
from web.elections import queries
from web.elections.errors import ElectionError
from web.elections.models import Objection, Stage
from web.procedures.kinds import StepForm
from web.procedures.settings import SettingsForm


class StageForm(forms.Form):
    """A piece of work inside a stage. Every field is optional text: what it must be is the
    action's to say, in its own sentence, and the page keeps what was typed."""

    #: the field naming which of a panel's repeated forms this one is (a person, an objection…)
    row = ""

    def __init__(self, *args: Any, stage: Stage, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.stage = stage


def optional(**kwargs: Any) -> forms.CharField:
    """A text field the form never refuses (the action does, in its own words)."""
    return forms.CharField(required=False, **kwargs)


def person(stage: Stage, id_number: str, what: str) -> Any:
    found = queries.person_by_id_number(stage.election, id_number)
    if found is None:
        raise ElectionError(
            _("%(what)s：找不到身份证号为 %(id)s 的人员。") % {"what": what, "id": id_number[:18]},
            code="unknown_person",
            status=422,
        )
    return found


def nomination(stage: Stage, raw: Any) -> Any:
    return queries.nomination_of(stage.election, raw)


class ObjectionForm(StageForm):
    nomination = optional()
    raised_by = optional()
    text = optional(widget=forms.Textarea)


def stage_only(data: dict[str, Any], stage: Stage) -> dict[str, Any]:
    return {"stage": stage}


def _objection(data: dict[str, Any], stage: Stage) -> dict[str, Any]:
    nom = nomination(stage, data["nomination"]) if data["nomination"] else None
    return {"stage": stage, "nomination": nom, "raised_by": data["raised_by"], "text": data["text"]}


class AnswerForm(StageForm):
    row = "objection"
    objection = optional()
    answer = optional()
    upheld = optional()


def _answer(data: dict[str, Any], stage: Stage) -> dict[str, Any]:
    raw = data["objection"]
    obj = Objection.objects.filter(stage=stage, pk=int(raw)).first() if is_ascii_digits(raw) else None
    if obj is None:
        raise ElectionError(_("找不到这条异议。"), code="unknown_objection", status=422)
    return {"objection": obj, "answer": data["answer"], "upheld": data["upheld"] == "yes"}


OBJECTIONS = {
    "objection": StepForm(
        ObjectionForm, "do_file_objection", _objection, gettext_lazy("异议已登记，须在进入下一阶段前答复。")
    ),
    "answer": StepForm(AnswerForm, "do_answer_objection", _answer, gettext_lazy("异议已答复。")),
}

MEETING = {
    "meeting": StepForm(
        StageForm, "do_prepare_meeting", stage_only, gettext_lazy("会议和投票已建立，请到会议页面签到、投票、计票。")
    )
}


def quorum_rule() -> PresetField:
    """A meeting's quorum: those present (a party meeting) or those who voted (a village
    election) against those expected, chosen from the statutory presets."""
    return PresetField(label=gettext_lazy("法定人数规则"), slot="quorum", names=["present", "voted", "expected"])


def decision_rule(label: Any, slot: str) -> PresetField:
    """Who is elected (``elected``) or goes on (``qualifies``): the votes for against those
    expected, present or who voted."""
    return PresetField(label=label, slot=slot, names=["for", "expected", "present", "voted"])


def stage_body(stage: Stage | None, settings: dict[str, Any]) -> Any:
    """The body that meets in a stage, as far as the settings say (None when not known)."""
    if stage is None:
        return None
    body_id = settings.get("body")
    if body_id:
        return queries.bodies_around(stage.election).filter(pk=body_id).first()
    return stage.election.body


class StageSettings(SettingsForm):
    """Settings whose rules are the meeting body's presets, with the numbers for its roster."""

    def rule_context(self) -> dict[str, Any]:
        from web.meetings.queries import expected_of

        body = stage_body(self.step, self.settings)
        if body is None:
            return {}
        return {"body_kind": body.kind, "counts": {"expected": expected_of(body)}}


class MeetingSettings(StageSettings):
    """The settings of a stage that holds a meeting: which body meets (the three-ballot method's
    full committee instead of the election's body), where the template offers that."""

    def add_rows(self) -> None:
        if "body" not in self.settings:
            return
        choices: list[tuple[str, Any]] = [("", gettext_lazy("本选举的机构"))]
        if self.step is not None:
            for b in queries.bodies_around(self.step.election):
                choices.append((str(b.pk), _("%(body)s（%(unit)s）") % {"body": b.name, "unit": b.unit.name}))
        self.fields["body"] = forms.TypedChoiceField(
            label=gettext_lazy("开会的机构"), choices=choices, required=False, coerce=int, empty_value=None
        )

    def row_value(self, name: str) -> Any:
        if name == "body":
            return str(self.settings["body"]) if self.settings.get("body") else ""
        return super().row_value(name)

    def rows_into(self, settings: dict[str, Any], data: Any) -> None:
        if "body" in settings:
            settings["body"] = data.get("body")
