"""Reads about a matter's steps: which bodies may hold a step, the gates of an appointment, and
what a closed vote means for the chain. What a kind of step is and what blocks it are in its
module (``web.deliberation.kinds``). Counting is the engine's; this only reads its result."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from web.deliberation.models import MatterStep, step_kinds
from web.meetings.models import Poll
from web.meetings.templatetags.meetings_tags import status_label
from web.org.models import Body


def step_name(step: MatterStep) -> str:
    return step_kinds().name(step.kind)


def bodies_for(step: MatterStep) -> QuerySet[Body]:
    """The unit's bodies of a kind the step's settings allow, in the order the settings list them."""
    kinds = list(step.settings.get("bodies", {}))
    return Body.objects.filter(unit=step.matter.unit, kind__in=kinds).order_by("kind", "id")


def unit_body_kinds(step: MatterStep) -> set[str]:
    """The kinds of the bodies the step's unit has: what a step's blockers ask of them, read from
    ``unit.bodies`` so that a list of steps reads them for all its units at once (prefetched)."""
    return {b.kind for b in step.matter.unit.bodies.all()}


def joint_body_for(step: MatterStep) -> Body | None:
    joint = step.settings.get("joint")
    if not joint:
        return None
    return Body.objects.filter(unit=step.matter.unit, kind=joint["body"]).order_by("id").first()


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
    return next((s for s in earlier if s.spec.voting), None)


def earliest_until(posted: dt.datetime, min_days: int) -> dt.date:
    """A decision posted on ``posted`` stays up at least ``min_days`` days (DOMAIN.md §5.3)."""
    return timezone.localtime(posted).date() + dt.timedelta(days=min_days)
