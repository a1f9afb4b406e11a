"""推荐会票决（预选）— primary: a meeting votes on the pool; those who qualify form the formal
list, ordered by votes."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from web.elections import stages as st
from web.elections.kinds.common import MEETING, MeetingSettings, decision_rule, quorum_rule
from web.elections.models import Stage
from web.elections.outcomes import outcome
from web.procedures.kinds import Kind


def blockers(stage: Stage) -> list[str]:
    if st.stage_poll(stage) is None and not st.pool(stage):
        return [_("没有可提交推荐会票决的人选。")]
    # fewer qualifiers than places only makes the formal list shorter (never filled from
    # below the bar); the election stage's margin check says whether it is long enough
    return st.poll_problems(_("推荐会"), st.stage_poll(stage), unfilled_allowed=True)


def finish(stage: Stage, user: Any) -> None:
    """The formal list: those the primary elected, with their votes."""
    poll = st.stage_poll(stage)
    assert poll is not None  # blockers said so: the primary's poll is counted
    out = outcome(poll)
    by_person = {n.person_id: n for n in stage.election.nominations.all()}
    formal = []
    for e in sorted(out.elected, key=lambda e: -e["votes"]):
        nom = by_person.get(e["person"])
        if nom is not None:
            nom.formal, nom.primary_votes = True, e["votes"]
            nom.save(update_fields=["formal", "primary_votes"])
            formal.append(nom.pk)
    stage.data = {**stage.data, "formal": formal, "unfilled": out.unfilled}


class Settings(MeetingSettings):
    places = forms.IntegerField(label=gettext_lazy("入围名额"), min_value=1, max_value=50)
    rule_quorum = quorum_rule()
    rule_qualifies = decision_rule(gettext_lazy("入围规则"), "qualifies")


def reset(stage: Stage) -> None:
    """Reopened, or a stage before it reopened: the formal list is drawn again."""
    stage.election.nominations.update(formal=False, primary_votes=None)


def formal_list(stage: Stage, noms: list[Any]) -> list[Any]:
    """Once the primary is done, the formal candidates go on, most votes first."""
    if stage.state != Stage.State.DONE:
        return noms
    return sorted((n for n in noms if n.formal), key=lambda n: -(n.primary_votes or 0))


KIND: Kind[Stage] = Kind(
    key="primary",
    name=gettext_lazy("推荐会票决（预选）"),
    settings_form=Settings,
    blockers=blockers,
    narrows=formal_list,
    reset=reset,
    finish=finish,
    forms=MEETING,
    panel="elections/kinds/primary.html",
    context=st.polls_context,
)
