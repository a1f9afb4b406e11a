"""After the count: the next round, the upper level's approval, publication on the board."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from web.accounts.actors import Actor
from web.audit.actions import record
from web.audit.checkpoints import do_record_checkpoint
from web.audit.names import Action
from web.common import clock
from web.meetings import actions
from web.meetings.errors import MeetingError, wrong_state
from web.meetings.models import Poll


def next_round(poll: Poll) -> tuple[str, list[str], int] | None:
    """What the count calls for next: ``(round, candidate keys, seats)`` or None.

    A tie at the cut-off → a run-off among the tied only, for the seats they contend for.
    Seats left unfilled → a supplementary round among the unelected candidates, who must
    clear the same bar (DOMAIN.md §5.1; never filled from below it)."""
    result = poll.result or {}
    if poll.state != Poll.State.CLOSED or poll.kind != Poll.Kind.ELECTION:
        return None
    if result.get("status") == "runoff_needed" and result.get("runoff"):
        return Poll.Round.RUNOFF, list(result["runoff"]["candidates"]), int(result["runoff"]["seats"])
    if result.get("status") == "seats_unfilled" and result.get("unfilled_seats"):
        elected = set(result.get("elected") or [])
        keys = [c.key for c in poll.candidates.all() if c.key not in elected]
        if keys:
            return Poll.Round.SUPPLEMENTARY, keys, int(result["unfilled_seats"])
    return None


@transaction.atomic
def do_start_next_round(*, poll: Poll, acting_user: Actor) -> Poll:
    plan = next_round(poll)
    if plan is None:
        raise wrong_state(_("这项选举不需要再次投票或另行选举。"))
    if poll.followups.exists():
        raise wrong_state(_("下一轮已经建立。"))
    round_kind, keys, seats = plan
    by_key = {c.key: c for c in poll.candidates.all()}
    label = Poll.Round(round_kind).label
    return actions.do_create_poll(
        meeting=poll.meeting,
        title=_("%(title)s（%(round)s）") % {"title": poll.title, "round": label},
        kind=poll.kind,
        seats=seats,
        rules=dict(poll.rules),
        candidates=[(by_key[k].name, by_key[k].person) for k in keys],
        needs_approval=poll.needs_approval,
        follows=poll,
        round=round_kind,
        acting_user=acting_user,
    )


@transaction.atomic
def do_decide_approval(*, poll: Poll, approve: bool, note: str, acting_user: Actor) -> Poll:
    """The upper level approves (or not) a result that needs it. The caller has checked that
    ``acting_user`` manages the parent of the body's unit."""
    poll = Poll.objects.select_for_update().get(pk=poll.pk)
    if poll.approval != Poll.Approval.PENDING:
        raise wrong_state(_("这项结果不在待批准状态。"))
    if not approve and not note.strip():
        raise MeetingError(_("不予批准须写明理由。"), code="reason_required", status=422)
    poll.approval = Poll.Approval.APPROVED if approve else Poll.Approval.REJECTED
    poll.approval_note = note
    poll.save(update_fields=["approval", "approval_note"])
    record(
        actor=acting_user,
        action=Action.POLL_APPROVE if approve else Action.POLL_REJECT,
        obj=poll,
        reason=note,
        changes={"approval": [Poll.Approval.PENDING, poll.approval]},
    )
    return poll


#: the reverse names of the procedures that hold a poll's forms and publish its result themselves
#: (web.appraisals' session: an internal session is never published; web.recommendations' class
#: of recommenders: the classes are published together): their polls are not published alone
HELD_BY = ("appraisal_session", "recommender_class")


def held_by(poll: Poll) -> Any:
    """The appraisal session or recommendation class holding ``poll``, or None."""
    if poll.kind not in (Poll.Kind.APPRAISAL, Poll.Kind.RECOMMENDATION):
        return None
    return next((getattr(poll, name) for name in HELD_BY if hasattr(poll, name)), None)


def blockers_before_publishing(poll: Poll, *, by_holder: bool = False) -> list[str]:
    """What keeps ``poll``'s result off the board; ``by_holder``: the session or recommendation
    holding it is publishing it (``held_by``)."""
    problems = []
    if not by_holder and held_by(poll) is not None:
        problems.append(_("这项表决属于一次测评或民主推荐，它的结果在那一页公布。"))
    if poll.state != Poll.State.CLOSED:
        problems.append(_("投票尚未结束计票。"))
    if poll.needs_approval and poll.approval != Poll.Approval.APPROVED:
        problems.append(_("这项结果须经上级批准后才能公布。"))
    if poll.published_at:
        problems.append(_("已经公布。"))
    return problems


@transaction.atomic
def do_publish(*, poll: Poll, acting_user: Actor, by_holder: bool = False) -> Poll:
    poll = Poll.objects.select_for_update().get(pk=poll.pk)
    problems = blockers_before_publishing(poll, by_holder=by_holder)
    if problems:
        raise wrong_state(" ".join(problems))
    poll.published_at = clock.now()
    poll.save(update_fields=["published_at"])
    record(
        actor=acting_user, action=Action.POLL_PUBLISH, obj=poll, changes={"record_sha256": [None, poll.record_sha256]}
    )
    do_record_checkpoint(reason="poll.publish", acting_user=acting_user)  # the board shows the new head at once
    return poll


@transaction.atomic
def do_draw_speaking_order(*, poll: Poll, seed: str, acting_user: Actor) -> Poll:
    """Draw the candidates' speaking order by lot (DOMAIN.md §4.2: speeches in drawn order).

    The seed is said aloud in the hall (e.g. the date and the numbers rolled by a voter), so
    anyone can repeat the draw from the stored record with ``jiceng draw``."""
    from jiceng.draw import draw_record

    poll = Poll.objects.select_for_update().get(pk=poll.pk)
    seed = seed.strip()
    if not seed or len(seed) > 100:
        raise MeetingError(_("请填写会上公布的抽签种子（100 字以内）。"), code="seed_required", status=422)
    if poll.speaking_draw:
        raise wrong_state(_("发言顺序已经抽定，不能重抽。"))
    candidates = [{"id": c.key, "name": c.name} for c in poll.candidates.all()]
    if not candidates:
        raise wrong_state(_("没有候选人，无须抽签。"))
    record_doc = {
        "format": "jiceng.tally/1",
        "kind": "draw",
        "title": poll.title,
        "seed": seed,
        "total": len(candidates),
        "strata": [{"id": "candidates", "name": poll.title, "minimum": len(candidates), "people": candidates}],
    }
    result = draw_record(record_doc)
    people = sorted(result["strata"][0]["people"], key=lambda p: p["rank"])
    poll.speaking_draw = {
        "record": record_doc,
        "order": [{"id": p["id"], "name": p["name"], "hash": p["hash"]} for p in people],
    }
    poll.save(update_fields=["speaking_draw"])
    record(
        actor=acting_user,
        action=Action.POLL_SPEAKING_ORDER,
        obj=poll,
        changes={"seed": [None, seed], "order": [None, [p["name"] for p in people]]},
    )
    return poll
