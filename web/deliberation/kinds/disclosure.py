"""What both disclosure steps share: the step passes by being posted on the unit's public
board (``do_disclose``), as the ``Disclosure`` of its kind. Each disclosure kind's module builds
its ``Kind`` with ``kind()``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from web.deliberation.kinds.base import SaidForm, StepKind
from web.deliberation.models import MatterStep
from web.procedures.kinds import StepForm


class DiscloseForm(SaidForm):
    invalid = gettext_lazy("请填写公开的标题、内容和有效的截止日期。")
    title = forms.CharField(label=gettext_lazy("标题"), max_length=200)
    text = forms.CharField(label=gettext_lazy("公开内容"), max_length=10000, widget=forms.Textarea(attrs={"rows": 5}))
    until = forms.DateField(
        label=gettext_lazy("公开截止日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


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
