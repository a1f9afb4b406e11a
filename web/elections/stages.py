"""What each stage type needs before the election may move on, and what it leaves behind.

``blockers(stage)`` returns sentences the page shows as a list (STYLE.md: preconditions are
data). Checks of rules — competitive margins, the trust gate, proxies, weighted scores —
are the engine's (``jiceng``); this module only gathers their inputs and words the result."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from web.common import clock
from web.elections.models import Nomination, Objection, Stage
from web.elections.outcomes import outcome
from web.elections.procedures import POST_NAMES
from web.meetings.models import Poll
from web.meetings.proxies import describe_problems
from web.meetings.templatetags.meetings_tags import status_label

#: a vote ending so is held again; the page words why with the engine's status (jiceng.labels)
REVOTE_STATUSES = ("not_quorate", "void")


def names(noms: Any) -> str:
    return _("、").join(n.person.name for n in noms)


def earlier(stage: Stage) -> list[Stage]:
    return list(stage.election.stages.filter(position__lt=stage.position).order_by("position"))


def pool(stage: Stage) -> list[Nomination]:
    """The people still in the running when ``stage`` starts: the nominations left by the
    stages before it (review → eligible; trust → past the gate; structured recommendation →
    advancing; primary → the formal list)."""
    noms = list(stage.election.nominations.exclude(status=Nomination.Status.WITHDRAWN).select_related("person"))
    for before in earlier(stage):
        if before.kind == "review":
            noms = [n for n in noms if n.status == Nomination.Status.ELIGIBLE]
        elif before.kind in ("trust", "weighted") and before.state == Stage.State.DONE:
            keep = set(before.data.get("passed" if before.kind == "trust" else "advancing", []))
            noms = [n for n in noms if n.pk in keep]
        elif before.kind == "primary" and before.state == Stage.State.DONE:
            noms = sorted((n for n in noms if n.formal), key=lambda n: -(n.primary_votes or 0))
        elif before.kind == "notice":
            noms = [n for n in noms if n.status != Nomination.Status.WITHDRAWN]
    return noms


def _unanswered(stage: Stage) -> list[str]:
    open_ = stage.objections.filter(answered_at__isnull=True)
    n = open_.count()
    if not n:
        return []
    return [_("还有 %(n)d 条异议尚未答复（%(first)s……）。") % {"n": n, "first": open_.first().text[:20]}]


def _nomination(stage: Stage) -> list[str]:
    if not stage.election.nominations.exists():
        return [_("尚无人报名。")]
    return []


def _review(stage: Stage) -> list[str]:
    problems = []
    conditions = stage.settings.get("conditions", [])
    for nom in stage.election.nominations.exclude(status=Nomination.Status.WITHDRAWN).select_related("person"):
        done = set(nom.checks.values_list("condition", flat=True))
        missing = [c["text"] for c in conditions if c["key"] not in done]
        if missing:
            problems.append(
                _("%(name)s 还有 %(n)d 项条件未审查：%(what)s。")
                % {"name": nom.person.name, "n": len(missing), "what": _("；").join(_(t) for t in missing)}
            )
    if not problems and not stage.election.nominations.filter(status=Nomination.Status.ELIGIBLE).exists():
        problems.append(_("没有人通过资格审查。"))
    return problems


def notice_ends(stage: Stage) -> dt.datetime | None:
    if stage.started_at is None:
        return None
    return stage.started_at + dt.timedelta(days=int(stage.settings.get("days", 0)))


def _notice(stage: Stage) -> list[str]:
    problems = []
    ends = notice_ends(stage)
    if ends is not None and clock.now() < ends:
        problems.append(
            _("公示期至 %(end)s 结束，公示期内不能进入下一阶段。") % {"end": ends.strftime("%Y-%m-%d %H:%M")}
        )
    return problems + _unanswered(stage)


def _poll_problems(title: str, poll: Poll | None, *, unfilled_allowed: bool = False) -> list[str]:
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


def _poll(stage: Stage, key: str = "poll") -> Poll | None:
    pk = stage.data.get(key)
    return Poll.objects.filter(pk=pk).first() if pk else None


def _primary(stage: Stage) -> list[str]:
    if not stage.data.get("poll"):
        n = len(pool(stage))
        if n == 0:
            return [_("没有可提交推荐会票决的人选。")]
    # fewer qualifiers than places only makes the formal list shorter (never filled from
    # below the bar); the election stage's margin check says whether it is long enough
    return _poll_problems(_("推荐会"), _poll(stage), unfilled_allowed=True)


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


def _election(stage: Stage) -> list[str]:
    posts = stage.settings.get("posts", [])
    if not stage.data.get("polls"):
        chosen = post_candidates(stage)
        problems = [
            p
            for post in posts
            if (
                p := margin_problem(post, len(chosen.get(post["post"], [])), kind=stage.settings.get("margin", "party"))
            )
        ]
        return [*problems, _("尚未建立选举大会的会议和投票。")]
    allowed = bool(stage.settings.get("unfilled_allowed"))
    return [
        p
        for post in posts
        for p in _poll_problems(
            str(POST_NAMES.get(post["post"], post["post"])),
            _poll_by_id(stage.data["polls"].get(post["post"])),
            unfilled_allowed=allowed,
        )
    ]


def _poll_by_id(pk: int | None) -> Poll | None:
    return Poll.objects.filter(pk=pk).first() if pk else None


def election_polls(election: Any) -> list[Poll]:
    """Every poll of the election's election and supplementary stages, with their rounds."""
    from web.elections.outcomes import chain

    polls: list[Poll] = []
    for stage in election.stages.filter(kind__in=["election", "supplementary"]):
        for pk in stage.data.get("polls", {}).values():
            poll = _poll_by_id(pk)
            if poll is not None:
                polls.extend(chain(poll))
    return polls


def _approval(stage: Stage) -> list[str]:
    problems = []
    for poll in election_polls(stage.election):
        if poll.needs_approval and poll.state == Poll.State.CLOSED and (poll.result or {}).get("elected"):
            if poll.approval == Poll.Approval.PENDING:
                problems.append(_("%(title)s：结果待上级批准。") % {"title": poll.title})
            elif poll.approval == Poll.Approval.REJECTED:
                problems.append(
                    _("%(title)s：上级未批准（%(note)s）。") % {"title": poll.title, "note": poll.approval_note}
                )
    return problems


def trust_check(stage: Stage, entry: dict[str, int]) -> Any:
    from jiceng.rules import parse_rule

    gate = parse_rule(stage.settings.get("gate", "trust >= 1/2 of base"), path="gate", purpose="qualifies")
    return gate.evaluate({"trust": int(entry["trust"]), "base": int(entry["base"])})


def _trust(stage: Stage) -> list[str]:
    entries = stage.data.get("entries", {})
    missing = [n for n in pool(stage) if str(n.pk) not in entries]
    if missing:
        return [_("尚未录入信任度测评：%(names)s。") % {"names": names(missing)}]
    return []


def weighted_doc(stage: Stage) -> dict[str, Any]:
    """The engine's ``weighted`` record: the trust test of the stage before, and layers A–D."""
    trust_stage = next((s for s in earlier(stage) if s.kind == "trust"), None)
    candidates = [n for n in pool(stage)]
    if trust_stage is not None:  # everyone tested enters; the engine applies the gate
        tested = trust_stage.data.get("entries", {})
        candidates = [n for n in stage.election.nominations.select_related("person") if str(n.pk) in tested]
    components: list[dict[str, Any]] = []
    if trust_stage is not None:
        entries = trust_stage.data.get("entries", {})
        components.append(
            {
                "id": "trust",
                "name": gettext_noop("信任度测评"),
                "trust": True,
                "weight": trust_stage.settings.get("weight", "1/10"),
                "bases": {str(n.pk): int(entries[str(n.pk)]["base"]) for n in candidates},
                "votes": {str(n.pk): int(entries[str(n.pk)]["trust"]) for n in candidates},
            }
        )
    layers = stage.data.get("layers", {})
    for layer in stage.settings.get("layers", []):
        got = layers.get(layer["id"], {})
        components.append(
            {
                "id": layer["id"],
                "name": layer["name"],
                "weight": layer["weight"],
                "base": int(got.get("base", 0)),
                "votes": {str(n.pk): int(got.get("votes", {}).get(str(n.pk), 0)) for n in candidates},
            }
        )
    return {
        "format": "jiceng.tally/1",
        "kind": "weighted",
        "title": stage.election.title,
        "advance": int(stage.settings.get("advance", 5)),
        "rules": {"gate": trust_stage.settings.get("gate", "trust >= 1/2 of base")} if trust_stage else {},
        "candidates": [{"id": str(n.pk), "name": n.person.name} for n in candidates],
        "components": components,
    }


def weighted_result(stage: Stage) -> tuple[dict[str, Any] | None, str]:
    from jiceng.errors import RecordError
    from jiceng.record import tally

    try:
        return tally(weighted_doc(stage)), ""
    except RecordError as exc:
        return None, str(exc)


def _weighted(stage: Stage) -> list[str]:
    layers = stage.data.get("layers", {})
    missing = [lay["name"] for lay in stage.settings.get("layers", []) if lay["id"] not in layers]
    if missing:
        return [_("尚未录入以下层面的推荐票：%(names)s。") % {"names": _("、").join(_(m) for m in missing)}]
    result, error = weighted_result(stage)
    if result is None:
        return [_("计票引擎不接受这些数据：%(e)s") % {"e": error}]
    if result["status"] == "tie_at_cutoff":
        by_id = {c["id"]: c["name"] for c in result["candidates"]}
        return [
            _("%(names)s 在第 %(n)d 名处得分相同，须由领导小组决定如何处理（不以笔画或抽签排序）。")
            % {"names": _("、").join(by_id[c] for c in result["tie"]["candidates"]), "n": result["advance"]}
        ]
    return []


def _research(stage: Stage) -> list[str]:
    missing = [n for n in pool(stage) if not hasattr(n, "report")]
    if missing:
        return [_("尚未上传调研报告：%(names)s。") % {"names": names(missing)}]
    return []


def _register(stage: Stage) -> list[str]:
    problems = []
    day = stage.settings.get("election_day")
    published = stage.data.get("published_on")
    if not day:
        problems.append(_("尚未确定选举日（在设置中填写 election_day）。"))
    if not published:
        problems.append(_("选民名单尚未公布。"))
    if day and published:
        gap = (dt.date.fromisoformat(day) - dt.date.fromisoformat(published)).days
        need = int(stage.settings.get("min_days", 20))
        if gap < need:
            problems.append(
                _("选民名单于 %(p)s 公布，距选举日 %(d)s 只有 %(gap)d 天，法律要求至少 %(need)d 天。")
                % {"p": published, "d": day, "gap": gap, "need": need}
            )
    return problems + _unanswered(stage)


def proxy_problems(stage: Stage) -> list[str]:
    from jiceng.prechecks import Proxy, check_proxies

    proxies = list(stage.election.proxies.select_related("voter", "holder"))
    people = {str(p.voter_id): p.voter.name for p in proxies} | {str(p.holder_id): p.holder.name for p in proxies}
    candidates = {str(n.person_id) for n in pool(stage)}
    problems = check_proxies(
        [Proxy(voter=str(p.voter_id), holder=str(p.holder_id)) for p in proxies],
        candidates=candidates,
        limit=int(stage.settings.get("limit", 3)),
    )
    return describe_problems(problems, people, int(stage.settings.get("limit", 3)))


def _supplementary(stage: Stage) -> list[str]:
    problems = []
    for post, n in unfilled_posts(stage).items():
        poll = _poll_by_id(stage.data.get("polls", {}).get(post))
        label = str(POST_NAMES.get(post, post))
        if poll is None:
            problems.append(_("%(post)s尚有 %(n)d 个名额空缺，须另行选举。") % {"post": label, "n": n})
        else:
            problems += _poll_problems(_("%(post)s另行选举") % {"post": label}, poll, unfilled_allowed=True)
    return problems


def unfilled_posts(stage: Stage) -> dict[str, int]:
    """Posts of the election stage before ``stage`` whose seats were left unfilled."""
    source = next((s for s in reversed(earlier(stage)) if s.kind == "election"), None)
    if source is None:
        return {}
    return {post: n for post, n in source.data.get("unfilled", {}).items() if n}


BLOCKERS = {
    "nomination": _nomination,
    "review": _review,
    "notice": _notice,
    "primary": _primary,
    "election": _election,
    "approval": _approval,
    "trust": _trust,
    "weighted": _weighted,
    "research": _research,
    "register": _register,
    "proxies": proxy_problems,
    "supplementary": _supplementary,
}


def blockers(stage: Stage) -> list[str]:
    return BLOCKERS[stage.kind](stage)


def blockers_before_advance(election: Any) -> list[str]:
    """What keeps the election from moving to its next stage, as sentences for the page."""
    if election.state == election.State.DRAFT:
        return [_("选举尚未开始。")]
    current = election.current_stage
    return blockers(current) if current is not None else []


def revote_needed(stage: Stage) -> bool:
    """The stage's vote was not quorate or void (returned > issued): it is held again, with a
    new meeting; nothing of the failed round is counted (DOMAIN.md §5.1)."""
    ids = [stage.data["poll"]] if stage.data.get("poll") else list(stage.data.get("polls", {}).values())
    polls = [p for p in (_poll_by_id(i) for i in ids) if p is not None]
    return bool(polls) and any(outcome(p).closed and outcome(p).status in REVOTE_STATUSES for p in polls)


def objections_of(stage: Stage) -> Any:
    return Objection.objects.filter(stage=stage).select_related("nomination__person")
