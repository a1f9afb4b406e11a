"""Reads and access checks for matters: the matter's unit decides who sees and changes them."""

from __future__ import annotations

from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery
from django.http import Http404

from web.deliberation.models import Disclosure, Matter, MatterStep, MinutesAttachment
from web.org.models import Unit
from web.org.queries import check_path


def access_matter(user: Any, matter_id: int, *, manage: bool = False) -> Matter:
    matter = Matter.objects.filter(pk=matter_id).select_related("unit__parent", "proposed_by").first()
    if matter is None:
        raise Http404
    check_path(user, matter.unit.path, manage=manage)
    return matter


def step_of(matter: Matter, step_id: int) -> MatterStep:
    step = matter.steps.filter(pk=step_id).select_related("matter__unit", "meeting", "poll").first()
    if step is None:
        raise Http404
    return step


def attachment_of(matter: Matter, attachment_id: int) -> MinutesAttachment:
    attachment = MinutesAttachment.objects.filter(pk=attachment_id, step__matter=matter).first()
    if attachment is None:
        raise Http404
    return attachment


def matters_of(unit: Unit) -> QuerySet[Matter]:
    """The matters of the unit and of every unit below it, newest first: a street's list rolls
    up its villages' and communities' matters (each row names its unit). Each has the kind of
    its step in progress (``current_kind``, None when no step is) to filter and show the list by."""
    active = MatterStep.objects.filter(matter=OuterRef("pk"), state=MatterStep.State.ACTIVE).order_by("position")
    return (
        Matter.objects.filter(unit__path__startswith=unit.path)
        .select_related("proposed_by", "unit")
        .annotate(current_kind=Subquery(active.values("kind")[:1]))
    )


def public_disclosures(unit: Unit, kind: str) -> QuerySet[Disclosure]:
    return unit.disclosures.filter(kind=kind).select_related("matter").prefetch_related("matter__steps__events__poll")
