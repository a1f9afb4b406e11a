"""What every voting step shares: a meeting of one of the bodies its settings name, with one
motion poll on the matter (``web.meetings``). It is held, deferred while its poll is a draft,
and concluded by the engine's count; its minutes and their scans are kept on it, also after it
is over. Each voting kind's module builds its ``Kind`` with ``kind()``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from web.deliberation import steps as st
from web.deliberation.flow import STEPS
from web.deliberation.kinds.base import SaidForm, StepKind, may_hold
from web.deliberation.models import MatterStep
from web.meetings.models import Poll
from web.org.models import Body
from web.procedures.kinds import StepForm

#: the settings a voting step takes, as the chains give them: per body kind that may hold it,
#: the rules its poll is counted by; what a vote that is not quorate (or void) and one that is
#: rejected lead to (``again``, ``back`` or ``end``); for a joint meeting, the second body and
#: the two groups its quorum speaks of
SETTINGS: dict[str, Any] = {"bodies": {}, "on_not_quorate": "again", "on_rejected": "end", "joint": None}


class HoldForm(SaidForm):
    invalid = gettext_lazy("请选择机构并填写召开时间。")
    body = forms.IntegerField(label=gettext_lazy("召开会议的机构"))
    starts_at = forms.DateTimeField(
        label=gettext_lazy("召开时间"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    place = forms.CharField(label=gettext_lazy("地点"), max_length=200, required=False)


class DeferForm(forms.Form):
    #: the action refuses an empty reason with its own sentence
    reason = forms.CharField(label=gettext_lazy("意见分歧较大时暂缓表决，理由"), required=False)

    def clean_reason(self) -> str:
        return str(self.cleaned_data["reason"])[:300]


class ConcludeForm(forms.Form):
    """Concluding reads the count: there is nothing to type."""


class MinutesForm(forms.Form):
    minutes = forms.CharField(label=gettext_lazy("会议记录（文字）"), required=False, strip=False)


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("会议记录附件（PDF、DOCX、JPG、PNG，10 MB 以内）"),
        allow_empty_file=True,
        error_messages={"required": gettext_lazy("请选择要上传的文件。")},
    )


def blockers(step: MatterStep) -> list[str]:
    problems: list[str] = []
    kinds = st.unit_body_kinds(step)  # as ``bodies_for`` and ``joint_body_for`` find them
    if not kinds & set(step.settings.get("bodies", {})):
        problems.append(_("本单位没有可以召开“%(step)s”的机构，请先在机构中建立。") % {"step": st.step_name(step)})
    joint = step.settings.get("joint")
    if joint and joint["body"] not in kinds:
        problems.append(_("本单位没有村民代表会议，不能召开联席会议。"))
    if step.poll is None:
        problems.append(_("尚未召开本环节的会议。"))
    elif step.poll.state != Poll.State.CLOSED:
        problems.append(_("本环节的表决尚未结束计票。"))
    return problems


def offered(step: MatterStep) -> frozenset[str]:
    """Minutes once the step has begun; while it is active, its meeting is held, then it is
    concluded by the count, or deferred while its poll is a draft."""
    work = set()
    if step.state not in (MatterStep.State.PENDING, MatterStep.State.NEVER):
        work |= {"minutes", "attachment"}
    if step.state == MatterStep.State.ACTIVE:
        if step.poll is None:
            work.add("hold")
        else:
            work.add("conclude")
            if step.poll.state == Poll.State.DRAFT:
                work.add("defer")
    return frozenset(work)


def context(step: MatterStep) -> dict[str, Any]:
    return {"bodies": st.bodies_for(step), "joint_body": st.joint_body_for(step)}


def hold(data: dict[str, Any], step: MatterStep) -> dict[str, Any]:
    body = Body.objects.filter(pk=data["body"], unit=step.matter.unit).first()
    if body is None:
        raise STEPS.refuse(_("这个机构不能召开本环节的会议。"), "bad_body", 422)
    return {"step": step, "body": body, "starts_at": data["starts_at"], "place": data["place"]}


def step_only(data: dict[str, Any], step: MatterStep) -> dict[str, Any]:
    return {"step": step}


FORMS = {
    "hold": StepForm(HoldForm, "do_hold_step", hold, gettext_lazy("会议和表决已建立，请到会议页面签到、投票、计票。")),
    "minutes": StepForm(
        MinutesForm,
        "do_record_minutes",
        lambda data, step: {"step": step, "text": data["minutes"]},
        gettext_lazy("会议记录已保存。"),
    ),
    "attachment": StepForm(
        AttachmentForm,
        "do_attach_minutes",
        lambda data, step: {"step": step, "upload": data["file"]},
        gettext_lazy("会议记录附件已上传。"),
    ),
    "conclude": StepForm(ConcludeForm, "do_conclude_step", step_only, gettext_lazy("已按计票结果办结本环节。")),
    "defer": StepForm(
        DeferForm,
        "do_defer_vote",
        lambda data, step: {"step": step, "reason": data["reason"]},
        gettext_lazy("已暂缓表决，理由已记录。"),
    ),
}


def kind(
    key: str,
    name: Any,
    *,
    blockers: Callable[[MatterStep], list[str]] = blockers,
    check_hold: Callable[[MatterStep], None] = may_hold,
    party_review: bool = False,
) -> StepKind:
    return StepKind(
        key=key,
        name=name,
        settings=SETTINGS,
        voting=True,
        party_review=party_review,
        blockers=blockers,
        check_hold=check_hold,
        forms=FORMS,
        offered=offered,
        panel="deliberation/kinds/voting.html",
        context=context,
    )
