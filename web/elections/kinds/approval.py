"""上级批准与公布 — approval: results that need the higher organisation's approval are
approved on their poll pages; finishing this stage completes the election and publishes."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from web.elections import stages as st
from web.elections.models import Stage
from web.meetings.models import Poll
from web.procedures.kinds import Kind


def blockers(stage: Stage) -> list[str]:
    problems = []
    for poll in st.election_polls(stage.election):
        if poll.needs_approval and poll.state == Poll.State.CLOSED and (poll.result or {}).get("elected"):
            if poll.approval == Poll.Approval.PENDING:
                problems.append(_("%(title)s：结果待上级批准。") % {"title": poll.title})
            elif poll.approval == Poll.Approval.REJECTED:
                problems.append(
                    _("%(title)s：上级未批准（%(note)s）。") % {"title": poll.title, "note": poll.approval_note}
                )
    return problems


def context(stage: Stage) -> dict[str, Any]:
    return {"result_polls": st.election_polls(stage.election)}


KIND: Kind[Stage] = Kind(
    key="approval",
    name=gettext_lazy("上级批准与公布"),
    blockers=blockers,
    panel="elections/kinds/approval.html",
    context=context,
)
