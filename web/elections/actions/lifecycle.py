"""Creating an election, adjusting its settings, and moving between its stages.

A stage moves on only through ``do_advance_stage`` (the active stage, with no blockers) and
goes back only through ``do_reopen_stage`` (with a reason); nothing else changes which
stage is active, so no stage can be skipped or quietly reopened."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from web.accounts.actors import Actor
from web.audit.actions import record
from web.audit.names import Action
from web.common import clock
from web.elections import stages as st
from web.elections.flow import STAGES
from web.elections.kinds import KINDS, blockers
from web.elections.models import Election, Stage
from web.elections.procedures import TEMPLATES, stages_of
from web.meetings import actions as meeting_actions
from web.meetings import results as meeting_results
from web.meetings.errors import MeetingError
from web.org.models import Body


@transaction.atomic
def do_create_election(*, body: Body, title: str, template: str, acting_user: Actor) -> Election:
    if template not in TEMPLATES:
        raise STAGES.refuse(_("未知的程序模板。"), "bad_template", 422)
    election = Election.objects.create(
        body=body, title=title, template=template, created_by=acting_user, created_at=clock.now()
    )
    Stage.objects.bulk_create(
        [
            Stage(election=election, position=i, kind=s["kind"], settings=s["settings"])
            for i, s in enumerate(stages_of(template))
        ]
    )
    record(
        actor=acting_user,
        action=Action.ELECTION_CREATE,
        obj=election,
        changes={"title": [None, title], "template": [None, template]},
    )
    return election


def check_settings(old: dict[str, Any], new: Any) -> dict[str, Any]:
    """Adjusted settings keep the keys and kinds of values the stage type reads; rules must be
    rules the engine reads."""
    if not isinstance(new, dict):
        raise STAGES.refuse(_("设置必须是一个 JSON 对象。"), "bad_settings", 422)
    unknown = sorted(set(new) - set(old))
    if unknown:
        raise STAGES.refuse(_("未知的设置项：%(k)s。") % {"k": _("、").join(unknown)}, "bad_settings", 422)
    for key, value in new.items():
        before = old.get(key)
        if before is not None and value is not None and type(before) is not type(value):
            raise STAGES.refuse(_("设置项 %(k)s 的类型不对。") % {"k": key}, "bad_settings", 422)
    if isinstance(new.get("rules"), dict) and isinstance(old.get("rules"), dict):
        new = {**new, "rules": {**old["rules"], **new["rules"]}}
    _check_rule_names(new.get("rules", {}))
    if new.get("election_day"):
        try:
            dt.date.fromisoformat(str(new["election_day"]))
        except ValueError:
            raise STAGES.refuse(_("选举日应写作 2026-05-01 这样的日期。"), "bad_settings", 422) from None
    return {**old, **new}


#: the counts a poll's rules may name (the engine's election record, DOMAIN.md §5)
RULE_NAMES = frozenset(
    {
        "expected",
        "present",
        "issued",
        "returned",
        "voted",
        "valid",
        "invalid",
        "seats",
        "candidates",
        "for",
        "votes",
        "against",
        "abstain",
    }
)


def _check_rule_names(rules: Any) -> None:
    from jiceng.rules import parse_condition

    if not isinstance(rules, dict):
        raise STAGES.refuse(_("规则必须是一个 JSON 对象。"), "bad_rule", 422)
    try:
        meeting_actions.check_rules(rules)
    except MeetingError as exc:
        raise STAGES.refuse(exc.message, "bad_rule", 422) from None
    for key, text in rules.items():
        unknown = sorted(parse_condition(text, path=f"rules.{key}").names - RULE_NAMES)
        if unknown:
            raise STAGES.refuse(
                _("无法识别的规则：%(k)s 中的“%(n)s”不是可用的数目。") % {"k": key, "n": unknown[0]}, "bad_rule", 422
            )


#: settings a stage may still change after the election starts, until the stage is done: the
#: election day of a register, which is often fixed later
LATE_SETTINGS = {"register": frozenset({"election_day"})}


def may_adjust(stage: Stage, keys: Any = None) -> bool:
    """Whether a stage's settings (those named by ``keys``, else any) may change now."""
    if stage.election.state == Election.State.DRAFT:
        return True
    late = LATE_SETTINGS.get(stage.kind, frozenset())
    return stage.state != Stage.State.DONE and bool(late) and (keys is None or set(keys) <= late)


@transaction.atomic
def do_adjust_stage(*, stage: Stage, settings: Any, acting_user: Actor) -> Stage:
    """A locality adjusts a stage's settings; only before the election starts, except the
    ``LATE_SETTINGS``. Only the settings that change count: a form sends them all."""
    STAGES.lock(stage.election_id)
    stage = Stage.objects.select_related("election").get(pk=stage.pk)
    changed = {k for k, v in settings.items() if stage.settings.get(k) != v} if isinstance(settings, dict) else None
    if not may_adjust(stage, changed if changed is not None else {"?"}):
        raise STAGES.refuse(_("选举开始后不能再调整设置。"), "wrong_state")
    before = stage.settings
    stage.settings = check_settings(before, settings)
    stage.save(update_fields=["settings"])
    record(actor=acting_user, action=Action.ELECTION_ADJUST, obj=stage, changes={"settings": [before, stage.settings]})
    return stage


@transaction.atomic
def do_start_election(*, election: Election, acting_user: Actor) -> Election:
    election = STAGES.lock(election)
    if election.state != Election.State.DRAFT:
        raise STAGES.refuse(_("选举已经开始。"), "wrong_state")
    election.state = Election.State.RUNNING
    election.save(update_fields=["state"])
    first = election.stages.order_by("position").first()
    assert first is not None  # do_create_election gives every election its template's stages
    STAGES.move(first, "start", acting_user)
    record(actor=acting_user, action=Action.ELECTION_START, obj=election)
    return election


@transaction.atomic
def do_advance_stage(*, stage: Stage, acting_user: Actor) -> Stage:
    """Finish the active stage and start the next one; refused while anything blocks it.
    The last stage finishing completes the election and publishes its results."""
    election = STAGES.lock(stage.election_id)
    stage = Stage.objects.get(pk=stage.pk)
    STAGES.check(stage, "finish")
    problems = blockers(stage)
    if problems:
        raise STAGES.refuse(" ".join(problems), "blocked")
    finish = KINDS[stage.kind].finish
    if finish is not None:
        finish(stage, acting_user)
    STAGES.move(stage, "finish", acting_user, save=["data"])
    nxt = STAGES.next_after(stage)
    if nxt is not None:
        STAGES.move(nxt, "start", acting_user)
    else:
        election.state = Election.State.DONE
        election.save(update_fields=["state"])
        _publish_results(election, acting_user)
    record(
        actor=acting_user,
        action=Action.ELECTION_ADVANCE,
        obj=stage,
        changes={"stage": [stage.kind, nxt.kind if nxt else None], "data": [None, stage.data]},
    )
    return nxt or stage


@transaction.atomic
def do_reopen_stage(*, stage: Stage, reason: str, acting_user: Actor) -> Stage:
    """Go back to a finished stage; every later stage returns to waiting. Needs a reason,
    which the audit log and the stage's history keep."""
    election = STAGES.lock(stage.election_id)
    stage = Stage.objects.get(pk=stage.pk)
    STAGES.check(stage, "reopen", reason=reason)
    if election.state == Election.State.DONE:
        raise STAGES.refuse(STAGES.moves["reopen"].refusal, "wrong_state")
    for undone in [stage, *STAGES.after(stage)]:
        if undone.spec.reset is not None:
            undone.spec.reset(undone)
    STAGES.after(stage).update(state=Stage.State.PENDING, started_at=None, finished_at=None)
    STAGES.move(stage, "reopen", acting_user, reason=reason)
    record(
        actor=acting_user,
        action=Action.ELECTION_REOPEN,
        obj=stage,
        reason=reason,
        changes={"stage": [None, stage.kind]},
    )
    return stage


def _publish_results(election: Election, user: Any) -> None:
    for poll in st.election_polls(election):
        if not meeting_results.blockers_before_publishing(poll):
            meeting_results.do_publish(poll=poll, acting_user=user)
