"""What of elections needs a person on their home page (``web.common.attention``): every election
not finished in the units they manage, each with what keeps it from its next stage, in the
sentences the stage's kind gives (``web.elections.kinds``), linked to the election's page."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from web.common.attention import Asking, Found, Item, Source, register
from web.elections.kinds import KINDS, blockers
from web.elections.models import Election, Stage
from web.org.queries import managed_paths, under_paths


def _sentence(election: Election, active: list[Stage]) -> str:
    """The election's stage and the first thing that blocks it (how many more, when there are)."""
    if election.state == Election.State.DRAFT:
        return gettext("%(election)s：尚未开始，开始前可以调整各阶段的设置") % {"election": election.title}
    if not active:
        return gettext("%(election)s：没有进行中的阶段") % {"election": election.title}
    stage = active[0]
    name = KINDS.name(stage.kind)
    problems = blockers(stage)
    if not problems:
        return gettext("%(election)s · %(stage)s：可以完成本阶段，进入下一阶段") % {
            "election": election.title,
            "stage": name,
        }
    text = gettext("%(election)s · %(stage)s：%(blocker)s") % {
        "election": election.title,
        "stage": name,
        "blocker": problems[0],
    }
    if len(problems) > 1:
        text += gettext("（另有 %(n)s 项）") % {"n": len(problems) - 1}
    return text


def _active_stages(elections: list[Election]) -> dict[int, list[Stage]]:
    """Each election's active stages in their order, read at once; each stage holds its election
    as read here (its kind's blockers go from it to the nominations, the proxies…)."""
    by_id = {e.pk: e for e in elections}
    found: dict[int, list[Stage]] = {pk: [] for pk in by_id}
    if by_id:
        for stage in Stage.objects.filter(election__in=list(by_id), state=Stage.State.ACTIVE):
            stage.election = by_id[stage.election_id]
            found[stage.election_id].append(stage)
    return found


def _election_blockers(asking: Asking) -> Found | None:
    paths = managed_paths(asking.user)
    if not paths:
        return None
    elections = list(
        Election.objects.filter(under_paths("body__unit__path", paths))
        .exclude(state=Election.State.DONE)
        .select_related("body__unit")
        .order_by("created_at", "id")
    )
    # the blockers read the stage's work (nominations, polls…): only for the elections shown
    shown = elections[: asking.limit]
    active = _active_stages(shown)
    items = [
        Item(
            text=_sentence(e, active[e.pk]),
            url=reverse("elections:election", args=[e.pk]),
            where=f"{e.body.unit.name} · {e.body.name}",
            when=active[e.pk][0].started_at if active[e.pk] else None,
        )
        for e in shown
    ]
    return Found(items=items, total=len(elections))


ELECTIONS = register(
    Source(
        "elections",
        _("选举进展"),
        20,
        _election_blockers,
        help=_("您管理的单位里尚未完成的选举，以及每项选举进入下一阶段前还差什么。"),
    )
)
