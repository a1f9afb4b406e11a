"""Reads about a matter's steps: which bodies may hold a step, what blocks it, and what a
closed vote means for the chain. Counting is the engine's; this only reads its result."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from web.deliberation.chains import GATES, STEP_NAMES, VOTING_KINDS
from web.deliberation.models import Matter, MatterStep
from web.meetings.models import Meeting, Poll
from web.meetings.templatetags.meetings_tags import status_label
from web.org.models import Body


def step_name(step: MatterStep | str) -> str:
    kind = step if isinstance(step, str) else step.kind
    return str(STEP_NAMES.get(kind, kind))


def is_voting(step: MatterStep) -> bool:
    return step.kind in VOTING_KINDS


def bodies_for(step: MatterStep) -> QuerySet[Body]:
    """The unit's bodies of a kind the step's settings allow, in the order the settings list them."""
    kinds = list(step.settings.get("bodies", {}))
    return Body.objects.filter(unit=step.matter.unit, kind__in=kinds).order_by("kind", "id")


def joint_body_for(step: MatterStep) -> Body | None:
    joint = step.settings.get("joint")
    if not joint:
        return None
    return Body.objects.filter(unit=step.matter.unit, kind=joint["body"]).order_by("id").first()


def needs_gates(step: MatterStep) -> bool:
    return step.kind == "committee_decision" and step.matter.kind == Matter.Kind.APPOINTMENT


def missing_gates(matter: Matter) -> list[str]:
    """The five gates not yet recorded for a cadre appointment (seed 002's “五个不研究”)."""
    done = set(matter.gates.values_list("gate", flat=True))
    return [_("未记录：%(gate)s。") % {"gate": text} for key, text in GATES.items() if key not in done]


def attendance_gate(meeting: Meeting | None) -> list[str]:
    """The fifth gate: at least two thirds of the committee present (once the meeting is open)."""
    from web.meetings.actions import attendance

    if meeting is None or meeting.state == Meeting.State.DRAFT:
        return []
    counts = attendance(meeting)
    if 3 * counts["present"] >= 2 * counts["expected"]:
        return []
    return [
        _("出席的委员 %(p)d 人，不足应到 %(e)d 人的三分之二，不能研究。")
        % {"p": counts["present"], "e": counts["expected"]}
    ]


def blockers(step: MatterStep) -> list[str]:
    """What stands between the active step and its conclusion, as the matter page lists it."""
    problems: list[str] = []
    if needs_gates(step):
        problems += missing_gates(step.matter) + attendance_gate(step.meeting)
    if is_voting(step):
        if not bodies_for(step).exists():
            problems.append(_("本单位没有可以召开“%(step)s”的机构，请先在机构中建立。") % {"step": step_name(step)})
        if step.settings.get("joint") and joint_body_for(step) is None:
            problems.append(_("本单位没有村民代表会议，不能召开联席会议。"))
        if step.poll is None:
            problems.append(_("尚未召开本环节的会议。"))
        elif step.poll.state != Poll.State.CLOSED:
            problems.append(_("本环节的表决尚未结束计票。"))
    else:
        problems.append(_("尚未在公开栏公开。"))
    return problems


def failure_reason(poll: Poll) -> str:
    """The engine's own sentence for why the vote did not pass (quorum, validity or the rule)."""
    result = poll.result or {}
    failed = [c for c in result.get("checks", []) if not c.get("passed")]
    label = status_label(result)  # the engine's words for the motion's status (jiceng.labels)
    sentence = failed[-1]["zh"] if failed else ""
    return _("%(label)s：%(sentence)s") % {"label": label, "sentence": sentence} if sentence else str(label)


def result_counts(poll: Poll | None) -> dict[str, Any] | None:
    if poll is None or poll.state != Poll.State.CLOSED:
        return None
    return (poll.result or {}).get("counts")


def previous_voting_step(step: MatterStep) -> MatterStep | None:
    earlier = step.matter.steps.filter(position__lt=step.position).order_by("-position")
    return next((s for s in earlier if is_voting(s)), None)


def party_studied(step: MatterStep) -> bool:
    """Has the party organisation studied the matter before this step (2025 Organic Law §28)?"""
    return step.matter.steps.filter(
        position__lt=step.position, kind__in=("members_review", "joint_meeting"), state=MatterStep.State.PASSED
    ).exists()
