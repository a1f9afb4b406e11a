"""The kinds of an election's stages, one module each (``web.procedures.kinds``). A stage's
name, what keeps it from finishing, what finishing leaves behind and its panel are in its
module; this registry lists them, and ``Stage.kind`` takes its choices from it."""

from __future__ import annotations

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
