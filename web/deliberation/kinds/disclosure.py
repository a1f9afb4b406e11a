"""What both disclosure steps share: the step passes by being posted on the unit's public
board (``do_disclose``), as the ``Disclosure`` of its kind. Each disclosure kind's module builds
its ``Kind`` with ``kind()``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from web.deliberation.forms import DiscloseForm
from web.deliberation.kinds.base import StepKind
from web.deliberation.models import MatterStep
from web.procedures.kinds import StepForm


def blockers(step: MatterStep) -> list[str]:
    return [_("尚未在公开栏公开。")]


def offered(step: MatterStep) -> frozenset[str]:
    return frozenset({"disclose"} if step.state == MatterStep.State.ACTIVE else ())


FORMS = {
    "disclose": StepForm(
        DiscloseForm, "do_disclose", lambda data, step: {"step": step, **data}, gettext_lazy("已在公开栏公开。")
    )
}


def kind(
    key: str,
    name: Any,
    *,
    disclosure: str,
    settings: dict[str, Any],
    context: Callable[[MatterStep], dict[str, Any]] | None = None,
) -> StepKind:
    return StepKind(
        key=key,
        name=name,
        settings=settings,
        disclosure=disclosure,
        blockers=blockers,
        forms=FORMS,
        offered=offered,
        panel="deliberation/kinds/disclosure.html",
        context=context,
    )
