"""A deliberation step's kind: the registry's ``Kind`` (``web.procedures.kinds``) with what the
deliberation reads of it: whether the step is a meeting with a vote or a posting on the public
board, whether the party organisation studies the matter there, and the kind's own rule for
holding its meeting."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms

from web.deliberation.models import MatterStep
from web.procedures.kinds import Kind


def may_hold(step: MatterStep) -> None:
    """No rule of the kind's own stands in the way of holding its meeting."""


def nothing_offered(step: MatterStep) -> frozenset[str]:
    return frozenset()


@dataclass(frozen=True)
class StepKind(Kind[MatterStep]):
    #: a meeting with a vote (held, counted, concluded); a step that is not is a disclosure
    voting: bool = False
    #: the ``Disclosure.Kind`` a disclosure step posts
    disclosure: str | None = None
    #: the party organisation studies the matter in this step (“四议两公开”: the members' review)
    party_review: bool = False
    #: refuses (``STEPS.refuse``) holding the step's meeting when the kind's own rule forbids it
    check_hold: Callable[[MatterStep], None] = may_hold
    #: the forms the matter page offers for a step of this kind as it stands now
    offered: Callable[[MatterStep], frozenset[str]] = nothing_offered


class SaidForm(forms.Form):
    """A form that, when a field is wrong, also says in one sentence what it needs."""

    invalid: Any = ""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.errors and self.invalid:
            raise forms.ValidationError(self.invalid)
        return cleaned
