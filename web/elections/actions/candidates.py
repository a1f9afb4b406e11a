"""Registration, eligibility review, objections, the voter register and proxies."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from web.accounts.actors import Actor
from web.audit.actions import record
from web.audit.names import Action
from web.common import clock
from web.elections.flow import STAGES
from web.elections.kinds import active_stage, proxies
from web.elections.models import (
    ConditionCheck,
    Cosigner,
    Election,
    Nomination,
    Objection,
    Proxy,
    Stage,
)
from web.org.models import Person


@transaction.atomic
def do_nominate(
    *,
    stage: Stage,
    person: Person,
    channel: str,
    acting_user: Actor,
    cosigners: list[Person] = (),  # type: ignore[assignment]
    organisation: str = "",
    statement: str = "",
) -> Nomination:
    stage = active_stage(stage, "nomination")
    election = stage.election
    if channel not in stage.settings.get("channels", []):
        raise STAGES.refuse(_("本次选举不接受这种推荐方式。"), "bad_channel", 422)
    if election.nominations.filter(person=person).exists():
        raise STAGES.refuse(_("%(name)s 已经报名。") % {"name": person.name}, "duplicate", 422)
    if channel == Nomination.Channel.JOINT:
        _check_cosigners(election, person, cosigners, int(stage.settings.get("joint_min", 0)))
    if channel == Nomination.Channel.ORGANISATION and not organisation.strip():
        raise STAGES.refuse(_("组织推荐须写明推荐的组织。"), "organisation_required", 422)
    try:
        with transaction.atomic():
            nom = Nomination.objects.create(
                election=election,
                person=person,
                channel=channel,
                organisation=organisation,
                statement=statement,
                created_at=clock.now(),
            )
    except IntegrityError:
        raise STAGES.refuse(_("%(name)s 已经报名。") % {"name": person.name}, "duplicate", 422) from None
    if channel == Nomination.Channel.JOINT:
        Cosigner.objects.bulk_create([Cosigner(nomination=nom, person=p) for p in cosigners])
    record(
        actor=acting_user,
        action=Action.ELECTION_NOMINATE,
        obj=nom,
        changes={
            "person": [None, person.pk],
            "channel": [None, channel],
            "cosigners": [None, [p.pk for p in cosigners] if channel == "joint" else []],
        },
    )
    return nom


def _check_cosigners(election: Election, person: Person, cosigners: list[Person], minimum: int) -> None:
    ids = [p.pk for p in cosigners]
    if len(set(ids)) != len(ids):
        raise STAGES.refuse(_("联名人有重复。"), "cosigners", 422)
    if person.pk in ids:
        raise STAGES.refuse(_("被推荐人不能为自己联名。"), "cosigners", 422)
    if len(ids) < minimum:
        raise STAGES.refuse(
            _("联名推荐至少需要 %(min)d 名联名人，现有 %(n)d 名。") % {"min": minimum, "n": len(ids)}, "cosigners", 422
        )
    on_roster = set(election.body.seats.filter(person_id__in=ids).values_list("person_id", flat=True))
    outside = [p.name for p in cosigners if p.pk not in on_roster]
    if outside:
        raise STAGES.refuse(
            _("联名人须在%(body)s名册中：%(names)s 不在名册中。")
            % {"body": election.body.name, "names": _("、").join(outside)},
            "cosigners",
            422,
        )


@transaction.atomic
def do_check_condition(
    *, stage: Stage, nomination: Nomination, condition: str, passed: bool, reason: str, acting_user: Actor
) -> ConditionCheck:
    """Record one published condition checked for one nomination; a failure needs a reason.
    When every condition is checked, the nomination is eligible or not."""
    stage = active_stage(stage, "review")
    conditions = {c["key"]: c["text"] for c in stage.settings.get("conditions", [])}
    if condition not in conditions or nomination.election_id != stage.election_id:
        raise STAGES.refuse(_("没有这项审查条件。"), "bad_condition", 422)
    if not passed and not reason.strip():
        raise STAGES.refuse(_("不符合条件须写明理由。"), "reason_required", 422)
    if nomination.status == Nomination.Status.WITHDRAWN:
        raise STAGES.refuse(
            _("%(name)s 已经异议核实取消，不再审查。") % {"name": nomination.person.name}, "wrong_state"
        )
    check, _created = ConditionCheck.objects.update_or_create(
        nomination=nomination,
        condition=condition,
        defaults={"passed": passed, "reason": reason[:300], "reviewer": acting_user, "checked_at": clock.now()},
    )
    results = dict(nomination.checks.values_list("condition", "passed"))
    before = nomination.status
    if set(conditions) <= set(results):
        nomination.status = (
            Nomination.Status.ELIGIBLE if all(results[k] for k in conditions) else Nomination.Status.INELIGIBLE
        )
    else:
        nomination.status = Nomination.Status.REGISTERED
    nomination.save(update_fields=["status"])
    record(
        actor=acting_user,
        action=Action.ELECTION_REVIEW,
        obj=nomination,
        reason=reason,
        changes={"condition": [None, condition], "passed": [None, passed], "status": [before, nomination.status]},
    )
    return check


@transaction.atomic
def do_file_objection(
    *, stage: Stage, raised_by: str, text: str, acting_user: Actor, nomination: Nomination | None = None
) -> Objection:
    stage = active_stage(stage, ("notice", "register"))
    if not text.strip() or not raised_by.strip():
        raise STAGES.refuse(_("异议须写明提出人和内容。"), "objection_required", 422)
    obj = Objection.objects.create(
        stage=stage, nomination=nomination, raised_by=raised_by[:100], text=text[:1000], raised_at=clock.now()
    )
    record(
        actor=acting_user,
        action=Action.ELECTION_OBJECTION,
        obj=obj,
        changes={"nomination": [None, nomination.pk if nomination else None]},
    )
    return obj


@transaction.atomic
def do_answer_objection(*, objection: Objection, answer: str, upheld: bool, acting_user: Actor) -> Objection:
    """Answer an objection. An upheld objection against a nominee takes the nominee off the list."""
    active_stage(objection.stage, ("notice", "register"))
    if not answer.strip():
        raise STAGES.refuse(_("答复不能为空。"), "answer_required", 422)
    if objection.answered_at is not None:
        raise STAGES.refuse(_("这条异议已经答复。"), "wrong_state")
    objection.answer, objection.upheld = answer[:1000], upheld
    objection.answered_by, objection.answered_at = acting_user, clock.now()
    objection.save(update_fields=["answer", "upheld", "answered_by", "answered_at"])
    if upheld and objection.nomination is not None:
        objection.nomination.status = Nomination.Status.WITHDRAWN
        objection.nomination.save(update_fields=["status"])
    record(
        actor=acting_user,
        action=Action.ELECTION_ANSWER,
        obj=objection,
        reason=answer,
        changes={"upheld": [None, upheld]},
    )
    return objection


@transaction.atomic
def do_publish_register(*, stage: Stage, acting_user: Actor) -> Stage:
    """Publish the voter register (the body's roster) today; the date counts toward the 20 days."""
    stage = active_stage(stage, "register")
    stage.data = {
        **stage.data,
        "published_on": clock.now().date().isoformat(),
        "registered": stage.election.body.seats.count(),
    }
    stage.save(update_fields=["data"])
    record(actor=acting_user, action=Action.ELECTION_REGISTER, obj=stage, changes={"data": [None, stage.data]})
    return stage


@transaction.atomic
def do_add_proxy(*, stage: Stage, voter: Person, holder: Person, acting_user: Actor) -> Proxy:
    """Record a written proxy; refused when the engine's proxy check finds a problem with it."""
    stage = active_stage(stage, "proxies")
    roster = set(stage.election.body.seats.values_list("person_id", flat=True))
    if voter.pk not in roster or holder.pk not in roster:
        raise STAGES.refuse(_("委托人和受托人都须在选民名单中。"), "not_registered", 422)
    if stage.election.proxies.filter(voter=voter).exists():
        raise STAGES.refuse(_("%(name)s 已经委托过。") % {"name": voter.name}, "duplicate", 422)
    try:
        with transaction.atomic():
            proxy = Proxy.objects.create(election=stage.election, voter=voter, holder=holder)
    except IntegrityError:
        raise STAGES.refuse(_("%(name)s 已经委托过。") % {"name": voter.name}, "duplicate", 422) from None
    problems = proxies.blockers(stage)
    if problems:  # raising rolls the proxy back with the whole action
        raise STAGES.refuse(" ".join(problems), "proxy_refused", 422)
    record(
        actor=acting_user,
        action=Action.ELECTION_PROXY,
        obj=stage.election,
        changes={"voter": [None, voter.pk], "holder": [None, holder.pk]},
    )
    return proxy
