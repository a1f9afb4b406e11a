"""Reads shared by the kinds of stages (``web.elections.kinds``): who is still in the running,
the polls of a stage and what their results mean, unanswered objections, margins.

What keeps a stage from finishing is its kind's (``KINDS[kind].blockers``). Checks of rules —
competitive margins, the trust gate, proxies, weighted scores — are the engine's (``jiceng``);
the kinds only gather their inputs and word the result."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from web.elections.models import Nomination, Objection, Stage, StagePoll
from web.elections.outcomes import outcome
from web.elections.procedures import POST_NAMES
from web.meetings.models import Poll
from web.meetings.templatetags.meetings_tags import status_label

#: a vote ending so is held again; the page words why with the engine's status (jiceng.labels)
REVOTE_STATUSES = ("not_quorate", "void")


def names(noms: Any) -> str:
    return _("、").join(n.person.name for n in noms)


def earlier(stage: Stage) -> list[Stage]:
    return list(stage.election.stages.filter(position__lt=stage.position).order_by("position"))


def pool(stage: Stage) -> list[Nomination]:
    """The people still in the running when ``stage`` starts: the nominations not withdrawn, as
    each stage before it left them (its kind's ``narrows``: review → eligible; trust → past the
    gate; structured recommendation → advancing; primary → the formal list)."""
    noms = list(stage.election.nominations.exclude(status=Nomination.Status.WITHDRAWN).select_related("person"))
    for before in earlier(stage):
        narrows = before.spec.narrows
        if narrows is not None:
            noms = narrows(before, noms)
    return noms


def unanswered(stage: Stage) -> list[str]:
    open_ = stage.objections.filter(answered_at__isnull=True)
    n = open_.count()
    first = open_.first() if n else None
    if first is None:
        return []
    return [_("还有 %(n)d 条异议尚未答复（%(first)s……）。") % {"n": n, "first": first.text[:20]}]


def poll_problems(title: str, poll: Poll | None, *, unfilled_allowed: bool = False) -> list[str]:
    if poll is None:
        return [_("%(what)s：尚未建立会议和投票。") % {"what": title}]
    out = outcome(poll)
    if not out.closed:
        return [_("%(what)s：投票尚未结束计票。") % {"what": title}]
    if out.status == "runoff_needed" and out.runoff:
        tied = [c.name for c in out.last.candidates.all() if c.key in out.runoff["candidates"]]
        return [
            _("%(what)s：%(names)s 在名额分界处票数相等，须就 %(seats)d 个名额在会上再次投票。")
            % {"what": title, "names": _("、").join(tied), "seats": out.runoff["seats"]}
        ]
    if out.status in REVOTE_STATUSES:
        return [_("%(what)s：%(why)s，须重新投票。") % {"what": title, "why": status_label(out.last.result)}]
    if out.status == "seats_unfilled" and not unfilled_allowed:
        return [_("%(what)s：尚有 %(n)d 个名额空缺，须在会上另行选举。") % {"what": title, "n": out.unfilled}]
    return []


def current_polls(stage: Stage) -> dict[str, Poll]:
    """The stage's polls now, by post ("" for a primary's one poll), each with the rounds that
    follow it read at once (``outcomes.chain``)."""
    rows = (
        StagePoll.objects.filter(stage=stage, current=True)
        .select_related("poll")
        .prefetch_related("poll__followups")
        .order_by("id")
    )
    return {r.post: r.poll for r in rows}


def stage_poll(stage: Stage) -> Poll | None:
    """A primary's poll (the one poll of a stage that is not per post)."""
    return current_polls(stage).get("")


def margin_problem(post: dict[str, Any], count: int, *, kind: str) -> str | None:
    """The competitive-margin sentence for a post, from the engine's check."""
    from jiceng.prechecks import competitive_margin

    seats = int(post["seats"])
    label = POST_NAMES.get(post["post"], post["post"])
    if count < seats:
        return _("%(post)s候选人名单有 %(n)d 人、应选 %(seats)d 名，人数不足。") % {
            "post": label,
            "n": count,
            "seats": seats,
        }
    if not post.get("competitive"):
        if count != seats:
            return _("%(post)s为等额选举，候选人应为 %(seats)d 人，现有 %(n)d 人。") % {
                "post": label,
                "n": count,
                "seats": seats,
            }
        return None
    village = kind == "village"
    if competitive_margin(candidates=count, seats=seats, village=village).passed:
        return None
    need = next(
        c for c in range(seats, seats * 3 + 2) if competitive_margin(candidates=c, seats=seats, village=village).passed
    )
    return _("%(post)s候选人名单有 %(n)d 人、应选 %(seats)d 名；差额选举至少需要 %(need)d 人。") % {
        "post": label,
        "n": count,
        "seats": seats,
        "need": need,
    }


def post_candidates(stage: Stage) -> dict[str, list[int]]:
    return {k: list(v) for k, v in stage.data.get("candidates", {}).items()}


def poll_by_id(pk: int | None) -> Poll | None:
    return Poll.objects.filter(pk=pk).first() if pk else None


def election_polls(election: Any) -> list[Poll]:
    """Every poll of the election's election and supplementary stages, with their rounds."""
    from web.elections.outcomes import chain

    polls: list[Poll] = []
    for stage in election.stages.filter(kind__in=["election", "supplementary"]):
        for poll in current_polls(stage).values():
            polls.extend(chain(poll))
    return polls


def polls_context(stage: Stage) -> dict[str, Any]:
    """What a meeting stage's panel shows: its polls, and whether the vote is held again."""
    return {"stage_polls": list(current_polls(stage).values()), "revote": revote_needed(stage)}


def revote_needed(stage: Stage) -> bool:
    """The stage's vote was not quorate or void (returned > issued): it is held again, with a
    new meeting; nothing of the failed round is counted (DOMAIN.md §5.1)."""
    polls = list(current_polls(stage).values())
    return bool(polls) and any(outcome(p).closed and outcome(p).status in REVOTE_STATUSES for p in polls)


def objections_of(stage: Stage) -> Any:
    return Objection.objects.filter(stage=stage).select_related("nomination__person")
