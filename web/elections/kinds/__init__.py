"""The kinds of an election's stages, one module each (``web.procedures.kinds``). A stage's
name, what keeps it from finishing, what finishing leaves behind and its panel are in its
module; this registry lists them, and ``Stage.kind`` takes its choices from it."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from web.elections.flow import STAGES
from web.elections.kinds import (
    approval,
    election,
    nomination,
    notice,
    primary,
    proxies,
    register,
    research,
    review,
    supplementary,
    trust,
    weighted,
)
from web.elections.models import Stage
from web.procedures.kinds import Registry

KINDS: Registry[Stage] = Registry(
    nomination.KIND,
    review.KIND,
    notice.KIND,
    primary.KIND,
    trust.KIND,
    weighted.KIND,
    research.KIND,
    register.KIND,
    proxies.KIND,
    election.KIND,
    supplementary.KIND,
    approval.KIND,
)


def blockers(stage: Stage) -> list[str]:
    """Sentences that keep the stage from finishing now (none: it may finish)."""
    return KINDS[stage.kind].blockers(stage)


def blockers_before_advance(election: Any) -> list[str]:
    """What keeps the election from moving to its next stage, as sentences for the page."""
    if election.state == election.State.DRAFT:
        return [_("选举尚未开始。")]
    current = election.current_stage
    return blockers(current) if current is not None else []


def active_stage(stage: Stage, kind: str | tuple[str, ...]) -> Stage:
    """The stage, locked, if it is the active one of its election and of the given kind."""
    kinds = (kind,) if isinstance(kind, str) else kind
    message = _("这一步只能在“%(stage)s”阶段进行中时办理。") % {"stage": KINDS.name(kinds[0])}
    return STAGES.active(stage, "election__body", kinds=kinds, message=message)
