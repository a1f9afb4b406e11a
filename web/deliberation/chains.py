"""The chains of deliberating bodies a matter follows, as data (DOMAIN.md §4.5, §5.3).

Proposing a matter copies its chain's steps with their settings into the matter. Each step
names its kind (``web.deliberation.kinds``, where the settings a kind takes are listed). A voting
step names, per body kind that may hold it, the rules its poll is counted by (texts the
engine reads, ``jiceng.rules``); what happens when the vote is not quorate or is rejected
(``again``: hold the same step in a new meeting; ``back``: return to the previous voting
step; ``end``: the matter ends). A joint step names the second body and the two groups its
quorum speaks of. Disclosure steps post on the unit's public board; a decision stays posted
at least ``min_days`` days.

The order is the method's: in “四议两公开” the branch proposes, the two committees discuss,
the party members' meeting reviews, and only then do the villagers decide (DOMAIN.md §4.5), so
every chain puts ``members_review`` (or the joint meeting, where the party members sit as a
group) before ``villagers_decision``; ``test_chains`` proves it. The rules below are those of
DOMAIN.md §5.3, each with the text it comes from; the sources give no article numbers, so none
is cited."""

from __future__ import annotations

import copy
from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

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
from web.deliberation.kinds.base import StepKind

#: majority of those present, with more than half present: the two committees discuss and decide
#: by majority (“四议两公开”, DOMAIN.md §4.5); a committee's ordinary meeting
MAJORITY = {"quorum": "present > 1/2 of expected", "passes": "yes > 1/2 of present"}
#: villager representatives' meeting (《村民委员会组织法》); a residents' representatives'
#: meeting takes the same rule by analogy
REPRESENTATIVES = {"quorum": "present >= 2/3 of expected", "passes": "yes > 1/2 of present"}
#: villagers' meeting of the adults (《村民委员会组织法》); convened by households, its roster is one
#: representative per household and the quorum is ``present >= 2/3 of expected``
VILLAGERS = {"quorum": "present > 1/2 of expected", "passes": "yes > 1/2 of present"}
#: party members' review in 四议两公开: setting ``yes > 1/2 of expected`` for the strict reading
MEMBERS_REVIEW = {"quorum": "present >= 2/3 of expected", "passes": "yes >= 1/2 of expected"}
#: the joint meeting of party members and villager representatives (seed 001 part 3)
JOINT: dict[str, Any] = {
    "quorum": {"all": ["members.present > 1/2 of members.expected", "reps.present >= 2/3 of reps.expected"]},
    "passes": "yes > 1/2 of present",
}
#: a committee deciding (one of the five gates of seed 002: two thirds present)
COMMITTEE = {"quorum": "present >= 2/3 of expected", "passes": "yes > 1/2 of expected"}


def _vote(kind: StepKind, bodies: dict[str, dict[str, Any]], *, on_rejected: str, **extra: Any) -> dict[str, Any]:
    return {
        "kind": kind.key,
        "settings": {"bodies": bodies, "on_not_quorate": "again", "on_rejected": on_rejected, **extra},
    }


def _post(kind: StepKind) -> dict[str, Any]:
    """A disclosure step with the settings its kind takes (a decision: ``min_days``)."""
    return {"kind": kind.key, "settings": dict(kind.settings)}


PROPOSAL = _vote(proposal.KIND, {"party_committee": MAJORITY}, on_rejected="end")
DECISION_DISCLOSURE = _post(decision_disclosure.KIND)
IMPLEMENTATION_DISCLOSURE = _post(implementation_disclosure.KIND)

CHAINS: dict[str, dict[str, Any]] = {
    "four_deliberations": {
        "name": gettext_noop("四议两公开"),
        "steps": [
            PROPOSAL,
            _vote(joint_committees.KIND, {"two_committees": MAJORITY}, on_rejected="back"),
            _vote(members_review.KIND, {"members_meeting": MEMBERS_REVIEW}, on_rejected="back"),
            _vote(
                villagers_decision.KIND,
                {"villager_reps": REPRESENTATIVES, "resident_reps": REPRESENTATIVES, "villagers_meeting": VILLAGERS},
                on_rejected="end",
            ),
            DECISION_DISCLOSURE,
            IMPLEMENTATION_DISCLOSURE,
        ],
    },
    "joint_members_representatives": {
        "name": gettext_noop("党员和村民代表联席会议（两村两会）"),
        "steps": [
            PROPOSAL,
            _vote(
                joint_meeting.KIND,
                {"members_meeting": JOINT},
                on_rejected="end",
                joint={"body": "villager_reps", "groups": ["members", "reps"]},
            ),
            DECISION_DISCLOSURE,
            IMPLEMENTATION_DISCLOSURE,
        ],
    },
    "committee_decision": {
        "name": gettext_noop("党组织委员会票决"),
        "steps": [
            _vote(
                committee_decision.KIND,
                {"party_committee": COMMITTEE, "standing_committee": COMMITTEE},
                on_rejected="end",
            ),
            DECISION_DISCLOSURE,
        ],
    },
}

CHAIN_CHOICES = [(key, _(c["name"])) for key, c in CHAINS.items()]

#: what happens when a vote fails, as the page says it
FAILURE_NAMES = {"again": _("另行召开会议重新表决"), "back": _("退回上一议事环节"), "end": _("事项终止")}


def steps_of(chain: str) -> list[dict[str, Any]]:
    """A fresh copy of a chain's steps: the matter owns it."""
    return copy.deepcopy(CHAINS[chain]["steps"])
