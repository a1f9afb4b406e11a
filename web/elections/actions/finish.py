"""What a finished stage leaves behind (called by ``do_advance_stage``)."""

from __future__ import annotations

from typing import Any

from web.elections import stages as st
from web.elections.models import Stage
from web.elections.outcomes import outcome
from web.meetings.models import Meeting, Poll


def _finish_primary(stage: Stage, user: Any) -> None:
    out = outcome(Poll.objects.get(pk=stage.data["poll"]))
    by_person = {n.person_id: n for n in stage.election.nominations.all()}
    formal = []
    for e in sorted(out.elected, key=lambda e: -e["votes"]):
        nom = by_person.get(e["person"])
        if nom is not None:
            nom.formal, nom.primary_votes = True, e["votes"]
            nom.save(update_fields=["formal", "primary_votes"])
            formal.append(nom.pk)
    stage.data = {**stage.data, "formal": formal, "unfilled": out.unfilled}


def _finish_election(stage: Stage, user: Any) -> None:
    elected, unfilled = {}, {}
    for post, pk in stage.data.get("polls", {}).items():
        out = outcome(Poll.objects.get(pk=pk))
        elected[post] = [e["name"] for e in out.elected]
        unfilled[post] = out.unfilled
    stage.data = {**stage.data, "elected": elected, "unfilled": unfilled}


def _finish_trust(stage: Stage, user: Any) -> None:
    entries = stage.data.get("entries", {})
    stage.data = {
        **stage.data,
        "passed": [n.pk for n in st.pool(stage) if st.trust_check(stage, entries[str(n.pk)]).passed],
    }


def _finish_weighted(stage: Stage, user: Any) -> None:
    result, _error = st.weighted_result(stage)
    assert result is not None  # blockers said so
    stage.data = {**stage.data, "result": result, "advancing": [int(i) for i in result["advancing"]]}


def _finish_proxies(stage: Stage, user: Any) -> None:
    """After a reopened proxies stage: a later meeting still in preparation takes the proxies
    as they are now (once a meeting opens, its proxies are frozen with its roster)."""
    from web.elections.actions.polls import carry_proxies

    seen = set()
    for later in stage.election.stages.filter(position__gt=stage.position, meeting__state=Meeting.State.DRAFT):
        if later.meeting_id not in seen:
            seen.add(later.meeting_id)
            carry_proxies(later, later.meeting, user)


FINISH = {
    "proxies": _finish_proxies,
    "primary": _finish_primary,
    "election": _finish_election,
    "trust": _finish_trust,
    "weighted": _finish_weighted,
}
