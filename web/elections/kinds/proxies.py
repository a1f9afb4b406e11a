"""委托投票 — proxies: written proxies registered, checked by the engine (limit per holder, no
candidate as holder, no chains); a reopened stage passes them to a meeting still in preparation."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from web.elections import stages as st
from web.elections.flow import STAGES
from web.elections.kinds.common import StageForm, optional, person
from web.elections.models import Stage
from web.meetings import proxies as meeting_proxies
from web.meetings.errors import MeetingError
from web.meetings.models import Meeting
from web.meetings.proxies import describe_problems
from web.procedures.kinds import Kind, StepForm
from web.procedures.settings import SettingsForm


def blockers(stage: Stage) -> list[str]:
    from jiceng.prechecks import Proxy, check_proxies

    proxies = list(stage.election.proxies.values_list("voter_id", "holder_id", "voter__name", "holder__name"))
    people = {str(v): name for v, _h, name, _n in proxies} | {str(h): name for _v, h, _n, name in proxies}
    candidates = {str(n.person_id) for n in st.pool(stage)}
    problems = check_proxies(
        [Proxy(voter=str(v), holder=str(h)) for v, h, _vn, _hn in proxies],
        candidates=candidates,
        limit=int(stage.settings.get("limit", 3)),
    )
    return describe_problems(problems, people, int(stage.settings.get("limit", 3)))


def finish(stage: Stage, user: Any) -> None:
    """After a reopened proxies stage: a later meeting still in preparation takes the proxies
    as they are now (once a meeting opens, its proxies are frozen with its roster)."""
    seen = set()
    for later in stage.election.stages.filter(position__gt=stage.position, meeting__state=Meeting.State.DRAFT):
        if later.meeting_id not in seen:
            seen.add(later.meeting_id)
            assert later.meeting is not None  # the filter on meeting__state keeps stages with a meeting
            carry_proxies(later, later.meeting, user)


def carry_proxies(stage: Stage, meeting: Meeting, user: Any) -> None:
    """Hand the meeting the written proxies of the election's proxies stage, if it has one
    before ``stage``, so the meeting issues the holders' extra ballots. The meeting app knows
    nothing of elections: it receives pairs of people and checks them again with the engine
    against the candidates of its polls."""
    source = next((s for s in st.earlier(stage) if s.kind == KIND.key), None)
    if source is None:
        return
    pairs = [(p.voter, p.holder) for p in stage.election.proxies.select_related("voter", "holder")]
    try:
        meeting_proxies.do_set_proxies(
            meeting=meeting, pairs=pairs, limit=int(source.settings.get("limit", 3)), acting_user=user
        )
    except MeetingError as exc:
        raise STAGES.refuse(exc.message, exc.code, exc.status) from None


class ProxyForm(StageForm):
    voter = optional()
    holder = optional()


def add_proxy(data: dict[str, Any], stage: Stage) -> dict[str, Any]:
    return {
        "stage": stage,
        "voter": person(stage, data["voter"], _("委托人")),
        "holder": person(stage, data["holder"], _("受托人")),
    }


class Settings(SettingsForm):
    #: 村民委员会组织法 (DOMAIN.md §5.2): no one holds more than three proxies
    limit = forms.IntegerField(label=gettext_lazy("每人接受委托至多"), min_value=1, max_value=3)


KIND: Kind[Stage] = Kind(
    key="proxies",
    name=gettext_lazy("委托投票"),
    settings_form=Settings,
    blockers=blockers,
    finish=finish,
    forms={"proxy": StepForm(ProxyForm, "do_add_proxy", add_proxy, gettext_lazy("委托投票已登记。"))},
    panel="elections/kinds/proxies.html",
)
