"""Writes of an election: each step one action in one transaction with its audit entry.

A stage moves on only through ``do_advance_stage`` (the active stage, with no blockers) and
goes back only through ``do_reopen_stage`` (with a reason); nothing else changes which
stage is active, so no stage can be skipped or quietly reopened."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from web.audit.actions import record
from web.common import clock
from web.elections import stages as st
from web.elections.errors import ElectionError
from web.elections.models import (
    ConditionCheck,
    Cosigner,
    Election,
    Nomination,
    Objection,
    Proxy,
    ResearchReport,
    Stage,
    StageEvent,
)
from web.elections.outcomes import outcome
from web.elections.procedures import POST_NAMES, TEMPLATES, stages_of
from web.meetings import actions as meeting_actions
from web.meetings import results as meeting_results
from web.meetings.errors import MeetingError
from web.meetings.models import Poll
from web.org.models import Body, Person


def _refuse(message: object, code: str = "refused", status: int = 409) -> ElectionError:
    return ElectionError(message, code=code, status=status)


@transaction.atomic
def do_create_election(*, body: Body, title: str, template: str, acting_user: Any) -> Election:
    if template not in TEMPLATES:
        raise _refuse(_("未知的程序模板。"), "bad_template", 422)
    election = Election.objects.create(body=body, title=title, template=template, created_by=acting_user,
                                       created_at=clock.now())
    Stage.objects.bulk_create([Stage(election=election, position=i, kind=s["kind"], settings=s["settings"])
                               for i, s in enumerate(stages_of(template))])
    record(actor=acting_user, action="election.create", obj=election,
           changes={"title": [None, title], "template": [None, template]})
    return election


def _lock(election: Election) -> Election:
    return Election.objects.select_for_update().get(pk=election.pk)


def check_settings(old: dict[str, Any], new: Any) -> dict[str, Any]:
    """Adjusted settings keep the keys and kinds of values the stage type reads; rules must be
    rules the engine reads."""
    if not isinstance(new, dict):
        raise _refuse(_("设置必须是一个 JSON 对象。"), "bad_settings", 422)
    unknown = sorted(set(new) - set(old))
    if unknown:
        raise _refuse(_("未知的设置项：%(k)s。") % {"k": _("、").join(unknown)}, "bad_settings", 422)
    for key, value in new.items():
        before = old.get(key)
        if before is not None and value is not None and type(before) is not type(value):
            raise _refuse(_("设置项 %(k)s 的类型不对。") % {"k": key}, "bad_settings", 422)
    if isinstance(new.get("rules"), dict) and isinstance(old.get("rules"), dict):
        new = {**new, "rules": {**old["rules"], **new["rules"]}}
    _check_rule_names(new.get("rules", {}))
    if new.get("election_day"):
        try:
            dt.date.fromisoformat(str(new["election_day"]))
        except ValueError:
            raise _refuse(_("选举日应写作 2026-05-01 这样的日期。"), "bad_settings", 422) from None
    return {**old, **new}


#: the counts a poll's rules may name (the engine's election record, DOMAIN.md §5)
RULE_NAMES = frozenset({"expected", "present", "issued", "returned", "voted", "valid", "invalid", "seats",
                        "candidates", "for", "votes", "against", "abstain"})


def _check_rule_names(rules: Any) -> None:
    from jiceng.rules import parse_condition

    if not isinstance(rules, dict):
        raise _refuse(_("规则必须是一个 JSON 对象。"), "bad_rule", 422)
    try:
        meeting_actions.check_rules(rules)
    except MeetingError as exc:
        raise _refuse(exc.message, "bad_rule", 422) from None
    for key, text in rules.items():
        unknown = sorted(parse_condition(text, path=f"rules.{key}").names - RULE_NAMES)
        if unknown:
            raise _refuse(_("无法识别的规则：%(k)s 中的“%(n)s”不是可用的数目。") % {"k": key, "n": unknown[0]},
                          "bad_rule", 422)


@transaction.atomic
def do_adjust_stage(*, stage: Stage, settings: Any, acting_user: Any) -> Stage:
    """A locality adjusts a stage's settings; only before the election starts, except the
    election day of a register, which is often fixed later."""
    election = _lock(stage.election)
    stage = Stage.objects.get(pk=stage.pk)
    late_ok = stage.kind == "register" and isinstance(settings, dict) and set(settings) <= {"election_day"}
    if election.state != Election.State.DRAFT and not (late_ok and stage.state != Stage.State.DONE):
        raise _refuse(_("选举开始后不能再调整设置。"), "wrong_state")
    before = stage.settings
    stage.settings = check_settings(before, settings)
    stage.save(update_fields=["settings"])
    record(actor=acting_user, action="election.adjust", obj=stage, changes={"settings": [before, stage.settings]})
    return stage


def _event(stage: Stage, kind: str, user: Any, reason: str = "") -> None:
    StageEvent.objects.create(stage=stage, kind=kind, at=clock.now(), by=user, reason=reason)


def _activate(stage: Stage, user: Any) -> None:
    stage.state, stage.started_at, stage.finished_at = Stage.State.ACTIVE, clock.now(), None
    stage.save(update_fields=["state", "started_at", "finished_at"])
    _event(stage, StageEvent.Kind.STARTED, user)


@transaction.atomic
def do_start_election(*, election: Election, acting_user: Any) -> Election:
    election = _lock(election)
    if election.state != Election.State.DRAFT:
        raise _refuse(_("选举已经开始。"), "wrong_state")
    election.state = Election.State.RUNNING
    election.save(update_fields=["state"])
    _activate(election.stages.order_by("position").first(), acting_user)
    record(actor=acting_user, action="election.start", obj=election)
    return election


def _active(stage: Stage, kind: str | tuple[str, ...]) -> Stage:
    """The stage, locked, if it is the active one of its election and of the given kind."""
    _lock(stage.election)
    stage = Stage.objects.select_related("election__body").get(pk=stage.pk)
    kinds = (kind,) if isinstance(kind, str) else kind
    if stage.kind not in kinds or stage.state != Stage.State.ACTIVE:
        raise _refuse(_("这一步只能在“%(stage)s”阶段进行中时办理。") % {"stage": _stage_name(kinds[0])}, "wrong_state")
    return stage


def _stage_name(kind: str) -> str:
    from web.elections.procedures import STAGE_NAMES

    return str(STAGE_NAMES.get(kind, kind))


@transaction.atomic
def do_advance_stage(*, stage: Stage, acting_user: Any) -> Stage:
    """Finish the active stage and start the next one; refused while anything blocks it.
    The last stage finishing completes the election and publishes its results."""
    election = _lock(stage.election)
    stage = Stage.objects.get(pk=stage.pk)
    if stage.state != Stage.State.ACTIVE:
        raise _refuse(_("只能完成当前进行中的阶段，不能跳过阶段。"), "skip_refused")
    problems = st.blockers(stage)
    if problems:
        raise _refuse(" ".join(problems), "blocked")
    FINISH.get(stage.kind, lambda s, u: None)(stage, acting_user)
    stage.state, stage.finished_at = Stage.State.DONE, clock.now()
    stage.save(update_fields=["state", "finished_at", "data"])
    _event(stage, StageEvent.Kind.FINISHED, acting_user)
    nxt = election.stages.filter(position__gt=stage.position).order_by("position").first()
    if nxt is not None:
        _activate(nxt, acting_user)
    else:
        election.state = Election.State.DONE
        election.save(update_fields=["state"])
        _publish_results(election, acting_user)
    record(actor=acting_user, action="election.advance", obj=stage,
           changes={"stage": [stage.kind, nxt.kind if nxt else None], "data": [None, stage.data]})
    return nxt or stage


@transaction.atomic
def do_reopen_stage(*, stage: Stage, reason: str, acting_user: Any) -> Stage:
    """Go back to a finished stage; every later stage returns to waiting. Needs a reason,
    which the audit log and the stage's history keep."""
    election = _lock(stage.election)
    stage = Stage.objects.get(pk=stage.pk)
    if not reason.strip():
        raise _refuse(_("重新打开阶段必须写明理由。"), "reason_required", 422)
    if stage.state != Stage.State.DONE or election.state == Election.State.DONE:
        raise _refuse(_("只能重新打开已完成的阶段（选举结束后不能再打开）。"), "wrong_state")
    later = election.stages.filter(position__gt=stage.position)
    later.update(state=Stage.State.PENDING, started_at=None, finished_at=None)
    if stage.kind == "primary" or election.stages.filter(kind="primary", position__gt=stage.position).exists():
        election.nominations.update(formal=False, primary_votes=None)
    stage.state, stage.started_at, stage.finished_at = Stage.State.ACTIVE, clock.now(), None
    stage.save(update_fields=["state", "started_at", "finished_at"])
    _event(stage, StageEvent.Kind.REOPENED, acting_user, reason=reason[:300])
    record(actor=acting_user, action="election.reopen", obj=stage, reason=reason,
           changes={"stage": [None, stage.kind]})
    return stage


def _publish_results(election: Election, user: Any) -> None:
    for poll in st.election_polls(election):
        if not meeting_results.blockers_before_publishing(poll):
            meeting_results.do_publish(poll=poll, acting_user=user)


# ---- nomination and review ---------------------------------------------------------------


@transaction.atomic
def do_nominate(*, stage: Stage, person: Person, channel: str, acting_user: Any, cosigners: list[Person] = (),  # type: ignore[assignment]
                organisation: str = "", statement: str = "") -> Nomination:
    stage = _active(stage, "nomination")
    election = stage.election
    if channel not in stage.settings.get("channels", []):
        raise _refuse(_("本次选举不接受这种推荐方式。"), "bad_channel", 422)
    if election.nominations.filter(person=person).exists():
        raise _refuse(_("%(name)s 已经报名。") % {"name": person.name}, "duplicate", 422)
    if channel == Nomination.Channel.JOINT:
        _check_cosigners(election, person, cosigners, int(stage.settings.get("joint_min", 0)))
    if channel == Nomination.Channel.ORGANISATION and not organisation.strip():
        raise _refuse(_("组织推荐须写明推荐的组织。"), "organisation_required", 422)
    try:
        with transaction.atomic():
            nom = Nomination.objects.create(election=election, person=person, channel=channel,
                                            organisation=organisation, statement=statement, created_at=clock.now())
    except IntegrityError:
        raise _refuse(_("%(name)s 已经报名。") % {"name": person.name}, "duplicate", 422) from None
    if channel == Nomination.Channel.JOINT:
        Cosigner.objects.bulk_create([Cosigner(nomination=nom, person=p) for p in cosigners])
    record(actor=acting_user, action="election.nominate", obj=nom,
           changes={"person": [None, person.pk], "channel": [None, channel],
                    "cosigners": [None, [p.pk for p in cosigners] if channel == "joint" else []]})
    return nom


def _check_cosigners(election: Election, person: Person, cosigners: list[Person], minimum: int) -> None:
    ids = [p.pk for p in cosigners]
    if len(set(ids)) != len(ids):
        raise _refuse(_("联名人有重复。"), "cosigners", 422)
    if person.pk in ids:
        raise _refuse(_("被推荐人不能为自己联名。"), "cosigners", 422)
    if len(ids) < minimum:
        raise _refuse(_("联名推荐至少需要 %(min)d 名联名人，现有 %(n)d 名。") % {"min": minimum, "n": len(ids)},
                      "cosigners", 422)
    on_roster = set(election.body.seats.filter(person_id__in=ids).values_list("person_id", flat=True))
    outside = [p.name for p in cosigners if p.pk not in on_roster]
    if outside:
        raise _refuse(_("联名人须在%(body)s名册中：%(names)s 不在名册中。") % {
            "body": election.body.name, "names": _("、").join(outside)}, "cosigners", 422)


@transaction.atomic
def do_check_condition(*, stage: Stage, nomination: Nomination, condition: str, passed: bool, reason: str,
                       acting_user: Any) -> ConditionCheck:
    """Record one published condition checked for one nomination; a failure needs a reason.
    When every condition is checked, the nomination is eligible or not."""
    stage = _active(stage, "review")
    conditions = {c["key"]: c["text"] for c in stage.settings.get("conditions", [])}
    if condition not in conditions or nomination.election_id != stage.election_id:
        raise _refuse(_("没有这项审查条件。"), "bad_condition", 422)
    if not passed and not reason.strip():
        raise _refuse(_("不符合条件须写明理由。"), "reason_required", 422)
    if nomination.status == Nomination.Status.WITHDRAWN:
        raise _refuse(_("%(name)s 已经异议核实取消，不再审查。") % {"name": nomination.person.name}, "wrong_state")
    check, _created = ConditionCheck.objects.update_or_create(
        nomination=nomination, condition=condition,
        defaults={"passed": passed, "reason": reason[:300], "reviewer": acting_user, "checked_at": clock.now()})
    results = dict(nomination.checks.values_list("condition", "passed"))
    before = nomination.status
    if set(conditions) <= set(results):
        nomination.status = (Nomination.Status.ELIGIBLE if all(results[k] for k in conditions)
                             else Nomination.Status.INELIGIBLE)
    else:
        nomination.status = Nomination.Status.REGISTERED
    nomination.save(update_fields=["status"])
    record(actor=acting_user, action="election.review", obj=nomination, reason=reason,
           changes={"condition": [None, condition], "passed": [None, passed], "status": [before, nomination.status]})
    return check


# ---- notice, objections, register ----------------------------------------------------------


@transaction.atomic
def do_file_objection(*, stage: Stage, raised_by: str, text: str, acting_user: Any,
                      nomination: Nomination | None = None) -> Objection:
    stage = _active(stage, ("notice", "register"))
    if not text.strip() or not raised_by.strip():
        raise _refuse(_("异议须写明提出人和内容。"), "objection_required", 422)
    obj = Objection.objects.create(stage=stage, nomination=nomination, raised_by=raised_by[:100], text=text[:1000],
                                   raised_at=clock.now())
    record(actor=acting_user, action="election.objection", obj=obj,
           changes={"nomination": [None, nomination.pk if nomination else None]})
    return obj


@transaction.atomic
def do_answer_objection(*, objection: Objection, answer: str, upheld: bool, acting_user: Any) -> Objection:
    """Answer an objection. An upheld objection against a nominee takes the nominee off the list."""
    _active(objection.stage, ("notice", "register"))
    if not answer.strip():
        raise _refuse(_("答复不能为空。"), "answer_required", 422)
    if objection.answered_at is not None:
        raise _refuse(_("这条异议已经答复。"), "wrong_state")
    objection.answer, objection.upheld = answer[:1000], upheld
    objection.answered_by, objection.answered_at = acting_user, clock.now()
    objection.save(update_fields=["answer", "upheld", "answered_by", "answered_at"])
    if upheld and objection.nomination is not None:
        objection.nomination.status = Nomination.Status.WITHDRAWN
        objection.nomination.save(update_fields=["status"])
    record(actor=acting_user, action="election.answer", obj=objection, reason=answer,
           changes={"upheld": [None, upheld]})
    return objection


@transaction.atomic
def do_publish_register(*, stage: Stage, acting_user: Any) -> Stage:
    """Publish the voter register (the body's roster) today; the date counts toward the 20 days."""
    stage = _active(stage, "register")
    stage.data = {**stage.data, "published_on": clock.now().date().isoformat(),
                  "registered": stage.election.body.seats.count()}
    stage.save(update_fields=["data"])
    record(actor=acting_user, action="election.register", obj=stage, changes={"data": [None, stage.data]})
    return stage


@transaction.atomic
def do_add_proxy(*, stage: Stage, voter: Person, holder: Person, acting_user: Any) -> Proxy:
    """Record a written proxy; refused when the engine's proxy check finds a problem with it."""
    stage = _active(stage, "proxies")
    roster = set(stage.election.body.seats.values_list("person_id", flat=True))
    if voter.pk not in roster or holder.pk not in roster:
        raise _refuse(_("委托人和受托人都须在选民名单中。"), "not_registered", 422)
    if stage.election.proxies.filter(voter=voter).exists():
        raise _refuse(_("%(name)s 已经委托过。") % {"name": voter.name}, "duplicate", 422)
    try:
        with transaction.atomic():
            proxy = Proxy.objects.create(election=stage.election, voter=voter, holder=holder)
    except IntegrityError:
        raise _refuse(_("%(name)s 已经委托过。") % {"name": voter.name}, "duplicate", 422) from None
    problems = st.proxy_problems(stage)
    if problems:  # raising rolls the proxy back with the whole action
        raise _refuse(" ".join(problems), "proxy_refused", 422)
    record(actor=acting_user, action="election.proxy", obj=stage.election,
           changes={"voter": [None, voter.pk], "holder": [None, holder.pk]})
    return proxy


# ---- meetings and polls --------------------------------------------------------------------


def _stage_body(stage: Stage) -> Body:
    """The body that meets in this stage: the election's body, or the one the settings name
    (the three-ballot method's full committee), which must sit in the same unit tree."""
    body_id = stage.settings.get("body")
    if not body_id:
        return stage.election.body
    here = stage.election.body.unit.path
    body = Body.objects.filter(pk=body_id).select_related("unit").first()
    if body is None or not (body.unit.path.startswith(here) or here.startswith(body.unit.path)):
        raise _refuse(_("设置中的机构不存在或不属于本选举的单位。"), "bad_body", 422)
    return body


@transaction.atomic
def do_set_post_candidates(*, stage: Stage, post: str, nomination_ids: list[int], acting_user: Any) -> Stage:
    stage = _active(stage, "election")
    if stage.data.get("polls"):
        raise _refuse(_("投票已经建立，不能再改候选人。"), "wrong_state")
    posts = {p["post"] for p in stage.settings.get("posts", [])}
    allowed = {n.pk for n in st.pool(stage)}
    if post not in posts or not set(nomination_ids) <= allowed:
        raise _refuse(_("只能从正式候选人中为本次选举设定的职务选择候选人。"), "bad_candidates", 422)
    chosen = st.post_candidates(stage)
    chosen[post] = list(dict.fromkeys(nomination_ids))
    stage.data = {**stage.data, "candidates": chosen}
    stage.save(update_fields=["data"])
    record(actor=acting_user, action="election.post_candidates", obj=stage,
           changes={"post": [None, post], "candidates": [None, chosen[post]]})
    return stage


def _new_meeting(stage: Stage, title: str, user: Any) -> Any:
    """The meeting's own quorum rule speaks of attendance only; a poll rule that counts
    ballots (a village's ``voted > 1/2 of expected``) stays on the poll."""
    quorum = stage.settings["rules"]["quorum"]
    if "voted" in quorum:
        quorum = "present > 1/2 of expected"
    return meeting_actions.do_create_meeting(body=_stage_body(stage), title=title, starts_at=clock.now(),
                                             quorum_rule=quorum, acting_user=user)


def _poll(meeting: Any, *, title: str, seats: int, rules: dict[str, str], noms: list[Nomination],
          needs_approval: bool, user: Any) -> Poll:
    return meeting_actions.do_create_poll(meeting=meeting, title=title, kind=Poll.Kind.ELECTION, seats=seats,
                                          rules=dict(rules), candidates=[(n.person.name, n.person) for n in noms],
                                          needs_approval=needs_approval, acting_user=user)


@transaction.atomic
def do_prepare_meeting(*, stage: Stage, acting_user: Any) -> Stage:
    """Create the stage's meeting of its body and its polls (through ``web.meetings``), with
    the candidates the stage allows; the meeting is then run on the meeting pages."""
    stage = _active(stage, ("primary", "election"))
    if stage.meeting_id and not st.revote_needed(stage):
        raise _refuse(_("会议已经建立。"), "wrong_state")
    if stage.meeting_id:  # the vote failed as a whole: a new meeting holds it again
        earlier = [stage.data.get("poll"), *stage.data.get("polls", {}).values()]
        stage.data = {"earlier_polls": [*stage.data.get("earlier_polls", []), *[p for p in earlier if p]],
                      **{k: v for k, v in stage.data.items() if k == "candidates"}}
    election = stage.election
    if stage.kind == "primary":
        noms = st.pool(stage)
        if not noms:
            raise _refuse(_("没有可提交推荐会票决的人选。"), "blocked")
        meeting = _new_meeting(stage, _("%(t)s 候选人推荐会") % {"t": election.title}, acting_user)
        poll = _poll(meeting, title=_("%(t)s 正式候选人推荐票决") % {"t": election.title},
                     seats=int(stage.settings["places"]), rules=stage.settings["rules"], noms=noms,
                     needs_approval=False, user=acting_user)
        stage.data = {**stage.data, "poll": poll.pk}
    else:
        chosen_now = st.post_candidates(stage)
        problems = [p for post in stage.settings.get("posts", [])
                    if (p := st.margin_problem(post, len(chosen_now.get(post["post"], [])),
                                               kind=stage.settings.get("margin", "party")))]
        if problems:
            raise _refuse(" ".join(problems), "blocked")
        by_id = {n.pk: n for n in st.pool(stage)}
        chosen = st.post_candidates(stage)
        meeting = _new_meeting(stage, _("%(t)s 选举大会") % {"t": election.title}, acting_user)
        polls = {}
        for post in stage.settings["posts"]:
            label = POST_NAMES.get(post["post"], post["post"])
            polls[post["post"]] = _poll(
                meeting, title=_("%(t)s：%(post)s选举") % {"t": election.title, "post": label},
                seats=int(post["seats"]), rules=stage.settings["rules"],
                noms=[by_id[i] for i in chosen[post["post"]]], needs_approval=bool(post.get("needs_approval")),
                user=acting_user).pk
        stage.data = {**stage.data, "polls": polls}
    stage.meeting = meeting
    stage.save(update_fields=["meeting", "data"])
    record(actor=acting_user, action="election.meeting", obj=stage, changes={"meeting": [None, meeting.pk]})
    return stage


@transaction.atomic
def do_start_supplementary(*, stage: Stage, post: str, acting_user: Any) -> Poll:
    """A supplementary round for a post's unfilled seats, in the election meeting, with the
    stage's own rules (village: plurality with the one-third floor). Candidates are the
    unelected with the most votes: the seats left plus ``extra_candidates``."""
    stage = _active(stage, "supplementary")
    seats = st.unfilled_posts(stage).get(post)
    if not seats or stage.data.get("polls", {}).get(post):
        raise _refuse(_("这个职务不需要另行选举，或已经建立。"), "wrong_state")
    source = next(s for s in reversed(st.earlier(stage)) if s.kind == "election")
    first = Poll.objects.get(pk=source.data["polls"][post])
    out = outcome(first)
    elected = {e["person"] for e in out.elected}
    last = out.last
    tally = {e["id"]: e["for"] for e in (last.result or {}).get("tally", [])}
    rest = sorted((c for c in last.candidates.all() if c.person_id not in elected), key=lambda c: -tally.get(c.key, 0))
    rest = rest[: seats + int(stage.settings.get("extra_candidates", 1))]
    if source.meeting is None or source.meeting.state == source.meeting.State.CLOSED:
        raise _refuse(_("选举大会已经结束，请在大会结束前另行选举。"), "wrong_state")
    label = POST_NAMES.get(post, post)
    try:
        poll = meeting_actions.do_create_poll(
            meeting=source.meeting, title=_("%(t)s：%(post)s另行选举") % {"t": stage.election.title, "post": label},
            kind=Poll.Kind.ELECTION, seats=seats, rules=dict(stage.settings["rules"]),
            candidates=[(c.name, c.person) for c in rest], round=Poll.Round.SUPPLEMENTARY, acting_user=acting_user)
    except MeetingError as exc:
        raise _refuse(exc.message, exc.code, exc.status) from None
    stage.meeting = source.meeting
    stage.data = {**stage.data, "polls": {**stage.data.get("polls", {}), post: poll.pk}}
    stage.save(update_fields=["data", "meeting"])
    record(actor=acting_user, action="election.supplementary", obj=stage, changes={"post": [None, post]})
    return poll


# ---- three-ballot inputs -------------------------------------------------------------------


def _count(value: Any, what: str) -> int:
    text = str(value).strip()
    if not text.isdigit() or len(text) > 7:
        raise _refuse(_("%(what)s应为非负整数。") % {"what": what}, "bad_number", 422)
    return int(text)


@transaction.atomic
def do_record_trust(*, stage: Stage, nomination: Nomination, base: Any, trust: Any, acting_user: Any) -> Stage:
    """The trust test of one candidate in their own unit: staff voting (base) and trust votes."""
    stage = _active(stage, "trust")
    if nomination.pk not in {n.pk for n in st.pool(stage)}:
        raise _refuse(_("此人不在本阶段的人选中。"), "bad_candidate", 422)
    b, t = _count(base, _("参评人数")), _count(trust, _("信任票"))
    if b < 1 or t > b:
        raise _refuse(_("参评人数至少为 1，信任票不能多于参评人数。"), "bad_number", 422)
    entries = {**stage.data.get("entries", {}), str(nomination.pk): {"base": b, "trust": t}}
    stage.data = {**stage.data, "entries": entries}
    stage.save(update_fields=["data"])
    record(actor=acting_user, action="election.trust", obj=stage,
           changes={"nomination": [None, nomination.pk], "base": [None, b], "trust": [None, t]})
    return stage


@transaction.atomic
def do_record_layer(*, stage: Stage, layer: str, base: Any, votes: dict[int, Any], acting_user: Any) -> Stage:
    """One layer of the structured recommendation: its valid forms (base) and the votes per candidate."""
    stage = _active(stage, "weighted")
    if layer not in {lay["id"] for lay in stage.settings.get("layers", [])}:
        raise _refuse(_("没有这个推荐层面。"), "bad_layer", 422)
    b = _count(base, _("有效推荐表数"))
    if not set(votes) <= {n.pk for n in st.pool(stage)}:
        raise _refuse(_("只能为通过信任度测评的人选录入推荐票。"), "bad_candidate", 422)
    counted = {str(pk): _count(v, _("推荐票")) for pk, v in votes.items()}
    if b < 1 or any(v > b for v in counted.values()):
        raise _refuse(_("有效推荐表数至少为 1，得票不能多于有效推荐表数。"), "bad_number", 422)
    stage.data = {**stage.data, "layers": {**stage.data.get("layers", {}), layer: {"base": b, "votes": counted}}}
    stage.save(update_fields=["data"])
    record(actor=acting_user, action="election.layer", obj=stage, changes={"layer": [None, layer], "base": [None, b]})
    return stage


REPORT_TYPES = {"pdf": b"%PDF", "docx": b"PK\x03\x04"}


@transaction.atomic
def do_upload_report(*, stage: Stage, nomination: Nomination, upload: Any, acting_user: Any) -> ResearchReport:
    """A pre-candidate's field-research report: PDF or DOCX only (checked by name and by
    content), no larger than the stage's ``max_mb``."""
    stage = _active(stage, "research")
    if nomination.pk not in {n.pk for n in st.pool(stage)}:
        raise _refuse(_("此人不在本阶段的人选中。"), "bad_candidate", 422)
    limit = int(stage.settings.get("max_mb", 10)) * 1024 * 1024
    ext = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
    head = upload.read(4)
    upload.seek(0)
    if ext not in REPORT_TYPES or head != REPORT_TYPES[ext]:
        raise _refuse(_("调研报告只接受 PDF 或 DOCX 文件。"), "bad_file", 422)
    if upload.size > limit:
        raise _refuse(_("文件超过 %(mb)d MB。") % {"mb": limit // (1024 * 1024)}, "too_large", 422)
    ResearchReport.objects.filter(nomination=nomination).delete()
    report = ResearchReport(nomination=nomination, original_name=upload.name[:200], uploaded_by=acting_user,
                            uploaded_at=clock.now())
    report.file.save(f"report.{ext}", upload, save=False)
    report.save()
    record(actor=acting_user, action="election.report", obj=stage,
           changes={"nomination": [None, nomination.pk], "file": [None, report.original_name]})
    return report


# ---- what a finished stage leaves ----------------------------------------------------------


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
    stage.data = {**stage.data, "passed": [n.pk for n in st.pool(stage)
                                            if st.trust_check(stage, entries[str(n.pk)]).passed]}


def _finish_weighted(stage: Stage, user: Any) -> None:
    result, _error = st.weighted_result(stage)
    assert result is not None  # blockers said so
    stage.data = {**stage.data, "result": result, "advancing": [int(i) for i in result["advancing"]]}


FINISH = {
    "primary": _finish_primary,
    "election": _finish_election,
    "trust": _finish_trust,
    "weighted": _finish_weighted,
}
