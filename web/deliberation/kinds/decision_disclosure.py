"""决议公开 — decision_disclosure: the decision is posted on the unit's public board and stays
up at least ``min_days`` days (DOMAIN.md §5.3); the page says the earliest end date."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from web.common import clock
from web.deliberation import steps as st
from web.deliberation.kinds import disclosure
from web.deliberation.models import Disclosure, MatterStep


def context(step: MatterStep) -> dict[str, Any]:
    return {"earliest_until": st.earliest_until(clock.now(), int(step.settings.get("min_days", 0)))}


KIND = disclosure.kind(
    "decision_disclosure",
    _("决议公开"),
    disclosure=Disclosure.Kind.DECISION,
    settings={"min_days": 15},
    context=context,
)
