"""村民会议或村民代表会议决议 — villagers_decision: the villagers' meeting or their
representatives decide. Its meeting is held only after the party organisation has studied the
matter in an earlier step (“四议两公开”工作法: the members' review comes before the villagers'
decision, DOMAIN.md §4.5)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from web.deliberation.flow import STEPS
from web.deliberation.kinds import voting
from web.deliberation.models import MatterStep


def party_studied(step: MatterStep) -> bool:
    """Has the party organisation studied the matter in a step before this one?"""
    earlier = step.matter.steps.filter(position__lt=step.position, state=MatterStep.State.PASSED)
    return any(s.spec.party_review for s in earlier)


def check_hold(step: MatterStep) -> None:
    if not party_studied(step):
        raise STEPS.refuse(
            _("事项须先经党员大会审议，才能提交村民会议或村民代表会议（“四议两公开”工作法）。"), "party_first"
        )


KIND = voting.kind("villagers_decision", gettext_lazy("村民会议或村民代表会议决议"), check_hold=check_hold)
