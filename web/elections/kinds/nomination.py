"""报名推荐 — nomination: people register by self-nomination, joint nomination or an
organisation's recommendation (the channels the template allows)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from web.elections.models import Stage
from web.procedures.kinds import Kind


def blockers(stage: Stage) -> list[str]:
    if not stage.election.nominations.exists():
        return [_("尚无人报名。")]
    return []


KIND: Kind[Stage] = Kind(
    key="nomination", name=gettext_lazy("报名推荐"), blockers=blockers, panel="elections/kinds/nomination.html"
)
