"""The kinds of a matter's steps, one module each (``web.procedures.kinds``): a step's name, the
settings it takes, what keeps it from finishing, its forms with the action each runs, and its
panel are in its module; the voting and disclosure families share ``voting`` and
``disclosure``. This registry lists them in chain order; ``MatterStep.kind`` takes its choices
from it and a step reads its own kind as ``step.spec``."""

from __future__ import annotations

from web.deliberation.kinds import (
    committee_decision,
    decision_disclosure,
    implementation_disclosure,
    joint_committees,
    joint_meeting,
    members_review,
    proposal,
    villagers_decision,
)
from web.deliberation.models import MatterStep
from web.procedures.kinds import Registry

KINDS: Registry[MatterStep] = Registry(
    proposal.KIND,
    joint_committees.KIND,
    members_review.KIND,
    villagers_decision.KIND,
    joint_meeting.KIND,
    committee_decision.KIND,
    decision_disclosure.KIND,
    implementation_disclosure.KIND,
)
