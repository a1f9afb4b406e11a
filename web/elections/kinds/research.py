"""实地调研 — research: a report uploaded for everyone in the pool."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from web.elections import stages as st
from web.elections.models import Stage
from web.procedures.kinds import Kind


def blockers(stage: Stage) -> list[str]:
    missing = [n for n in st.pool(stage) if not hasattr(n, "report")]
    if missing:
        return [_("尚未上传调研报告：%(names)s。") % {"names": st.names(missing)}]
    return []


KIND: Kind[Stage] = Kind(
    key="research", name=gettext_lazy("实地调研"), blockers=blockers, panel="elections/kinds/research.html"
)
