"""Proposing a matter, holding and concluding its steps, recording minutes and gates, and
posting disclosures. Every write is one ``do_<verb>`` in one transaction with an audit entry.

Which step is active changes only here: ``do_conclude_step`` (the active voting step, after
its poll is counted) and ``do_disclose`` (the active disclosure step). So no step can be
skipped, and the villagers never decide before the party organisation studied the matter."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from web.accounts.actors import Actor
from web.audit.actions import record
from web.audit.checkpoints import do_record_checkpoint
from web.audit.names import Action
from web.common import clock, uploads
from web.deliberation import steps as st
from web.deliberation.chains import CHAINS, steps_of
from web.deliberation.flow import STEPS, active_step
from web.deliberation.kinds.committee_decision import GATES
from web.deliberation.models import Disclosure, GateCheck, Matter, MatterStep, MinutesAttachment, StepEvent
from web.meetings import actions as meeting_actions
from web.meetings import results as meeting_results
from web.meetings.errors import MeetingError
from web.meetings.models import Poll
from web.org.models import Body, Unit

#: minutes attachments: each opened by its parser (``web.common.uploads``)
ATTACHMENT_TYPES = ("pdf", "docx", "jpg", "jpeg", "png")
MAX_ATTACHMENT_MB = 10


@transaction.atomic
def do_propose_matter(
    *, unit: Unit, title: str, kind: str, chain: str, description: str = "", acting_user: Actor
) -> Matter:
    """The party branch proposes a matter; it starts at the first step of its chain."""
    if chain not in CHAINS:
        raise STEPS.refuse(_("未知的议事程序。"), "bad_chain", 422)
    if kind not in Matter.Kind.values:
        raise STEPS.refuse(_("未知的事项类型。"), "bad_kind", 422)
    if not title.strip():
        raise STEPS.refuse(_("请填写事项名称。"), "title_required", 422)
    matter = Matter.objects.create(
        unit=unit,
        title=title.strip()[:200],
        kind=kind,
        chain=chain,
        description=description[:5000],
        proposed_by=acting_user,
        created_at=clock.now(),
    )
    MatterStep.objects.bulk_create(
        [
            MatterStep(matter=matter, position=i, kind=s["kind"], settings=s["settings"])
            for i, s in enumerate(steps_of(chain))
        ]
    )
    first = matter.steps.order_by("position").first()
    assert first is not None  # every chain has steps, and they were just created
    STEPS.move(first, "start", acting_user)
    record(
        actor=acting_user,
        action=Action.MATTER_PROPOSE,
        obj=matter,
        changes={"title": [None, matter.title], "kind": [None, kind], "chain": [None, chain]},
    )
    return matter


@transaction.atomic
def do_hold_step(
    *, step: MatterStep, body: Body, starts_at: dt.datetime, place: str = "", acting_user: Actor
) -> MatterStep:
    """Convene the step's meeting of ``body`` with one motion poll on the matter, through
    ``web.meetings``; check-in, voting and counting then happen on the meeting pages."""
    step = active_step(step)
    if not step.spec.voting:
        raise STEPS.refuse(_("这个环节不召开会议。"), "wrong_step")
    if step.poll is not None and step.poll.state != Poll.State.CLOSED:
        raise STEPS.refuse(_("本环节的会议已经建立，请先完成表决或暂缓表决。"), "already_held")
    if step.poll_id:
        raise STEPS.refuse(_("本环节已经表决，请办结本环节。"), "already_held")
    step.spec.check_hold(step)  # the kind's own rule: the party studies first, the five gates
    if body.unit_id != step.matter.unit_id or body.kind not in step.settings.get("bodies", {}):
        raise STEPS.refuse(_("这个机构不能召开本环节的会议。"), "bad_body", 422)
    rules = dict(step.settings["bodies"][body.kind])
    joint, groups = None, None
    if step.settings.get("joint"):
        joint = st.joint_body_for(step)
        if joint is None:
            raise STEPS.refuse(_("本单位没有村民代表会议，不能召开联席会议。"), "bad_body", 422)
        groups = tuple(step.settings["joint"]["groups"])
    matter = step.matter
    title = _("%(matter)s：%(step)s") % {"matter": matter.title, "step": st.step_name(step)}
    try:
        meeting = meeting_actions.do_create_meeting(
            body=body,
            title=title,
            starts_at=starts_at,
            place=place[:200],
            quorum_rule=rules["quorum"],
            joint_body=joint,
            groups=groups,
            acting_user=acting_user,
        )
        poll = meeting_actions.do_create_poll(
            meeting=meeting, title=title[:200], kind=Poll.Kind.MOTION, rules=rules, acting_user=acting_user
        )
    except MeetingError as exc:
        raise STEPS.refuse(exc.message, exc.code, exc.status) from None
    step.meeting, step.poll = meeting, poll
    step.save(update_fields=["meeting", "poll"])
    STEPS.event(step, StepEvent.Kind.HELD, acting_user, meeting=meeting, poll=poll)
    record(
        actor=acting_user,
        action=Action.MATTER_HOLD,
        obj=step,
        changes={"step": [None, step.kind], "meeting": [None, meeting.pk], "poll": [None, poll.pk]},
    )
    return step


@transaction.atomic
def do_defer_vote(*, step: MatterStep, reason: str, acting_user: Actor) -> MatterStep:
    """Large disagreement: defer the vote (seed 002). The meeting stays on record; a new one
    is convened when the matter comes back."""
    step = active_step(step)
    if not reason.strip():
        raise STEPS.refuse(_("暂缓表决必须写明理由。"), "reason_required", 422)
    if step.poll is None or step.poll.state != Poll.State.DRAFT:
        raise STEPS.refuse(_("只有尚未开始的表决才能暂缓。"), "wrong_state")
    meeting, poll = step.meeting, step.poll
    step.meeting, step.poll = None, None
    step.save(update_fields=["meeting", "poll"])
    STEPS.event(step, StepEvent.Kind.DEFERRED, acting_user, reason=reason, meeting=meeting, poll=poll)
    record(actor=acting_user, action=Action.MATTER_DEFER, obj=step, reason=reason, changes={"poll": [poll.pk, None]})
    return step


def _finish_matter_if_done(matter: Matter, after: MatterStep, user: Any) -> MatterStep | None:
    nxt = STEPS.next_after(after)
    if nxt is not None:
        STEPS.move(nxt, "start", user)
    votes_left = any(s.spec.voting for s in STEPS.after(after))
    if not votes_left and matter.state == Matter.State.IN_PROGRESS:
        matter.state = Matter.State.DECIDED
    if nxt is None and after.spec.disclosure == Disclosure.Kind.IMPLEMENTATION:
        matter.state = Matter.State.IMPLEMENTED
    matter.save(update_fields=["state"])
    return nxt


@transaction.atomic
def do_conclude_step(*, step: MatterStep, acting_user: Actor) -> MatterStep:
    """Read the engine's result of the step's closed poll: passed → the next step; not
    quorate, void or rejected → hold again, go back or end, as the step's settings say."""
    step = active_step(step)
    if not step.spec.voting:
        raise STEPS.refuse(_("这个环节通过公开办结。"), "wrong_step")
    if step.poll is None or step.poll.state != Poll.State.CLOSED:
        raise STEPS.refuse(_("本环节的表决尚未结束计票。"), "not_counted")
    matter, poll, meeting = step.matter, step.poll, step.meeting
    if not meeting_results.blockers_before_publishing(poll):
        meeting_results.do_publish(poll=poll, acting_user=acting_user)
    status = (poll.result or {}).get("status")
    if status == "passed":
        STEPS.move(step, "pass", acting_user, event={"meeting": meeting, "poll": poll})
        nxt = _finish_matter_if_done(matter, step, acting_user)
        record(
            actor=acting_user,
            action=Action.MATTER_PASS,
            obj=step,
            changes={"step": [step.kind, nxt.kind if nxt else None], "poll": [None, poll.pk]},
        )
        return step
    reason = st.failure_reason(poll)
    then = step.settings.get("on_not_quorate" if status in ("not_quorate", "void") else "on_rejected", "end")
    back_to = st.previous_voting_step(step) if then == "back" else None
    step.reason = reason[:300]
    STEPS.event(step, StepEvent.Kind.FAILED, acting_user, reason=reason, meeting=meeting, poll=poll)
    if then == "end":
        STEPS.move(step, "end", acting_user, save=["reason"])
        STEPS.after(step).update(state=MatterStep.State.NEVER)
        matter.state = Matter.State.REJECTED if status == "rejected" else Matter.State.ENDED
        matter.save(update_fields=["state"])
    elif back_to is not None:
        STEPS.move(step, "wait", acting_user, save=["reason"])
        STEPS.after(back_to).filter(position__lt=step.position).update(state=MatterStep.State.PENDING, finished_at=None)
        STEPS.event(back_to, StepEvent.Kind.RETURNED, acting_user, reason=reason)
        STEPS.move(back_to, "resume", acting_user, reason=reason)
    else:  # hold the same step again in a new meeting
        step.meeting, step.poll = None, None
        step.save(update_fields=["meeting", "poll", "reason"])
    record(
        actor=acting_user,
        action=Action.MATTER_FAIL,
        obj=step,
        reason=reason,
        changes={
            "status": [None, status],
            "then": [None, then if then != "back" or back_to else "again"],
            "poll": [None, poll.pk],
        },
    )
    return step


@transaction.atomic
def do_record_minutes(*, step: MatterStep, text: str, acting_user: Actor) -> MatterStep:
    """The minutes of the step's meeting (written after it as often as during it)."""
    step = STEPS.locked(step)
    if not step.spec.voting or step.state in (MatterStep.State.PENDING, MatterStep.State.NEVER):
        raise STEPS.refuse(_("只有已召开或正在召开的会议环节才能记录会议内容。"), "wrong_state")
    before = step.minutes
    step.minutes = text.strip()[:20000]
    step.save(update_fields=["minutes"])
    record(
        actor=acting_user,
        action=Action.MATTER_MINUTES,
        obj=step,
        changes={"minutes_chars": [len(before), len(step.minutes)]},
    )
    return step


@transaction.atomic
def do_attach_minutes(*, step: MatterStep, upload: Any, acting_user: Actor) -> MinutesAttachment:
    """A scan or file of the minutes: PDF, DOCX, JPG or PNG, checked by name and opened by a
    real parser (``web.common.uploads``)."""
    step = STEPS.locked(step)
    if not step.spec.voting or step.state in (MatterStep.State.PENDING, MatterStep.State.NEVER):
        raise STEPS.refuse(_("只有已召开或正在召开的会议环节才能上传会议记录。"), "wrong_state")
    name = upload.name or ""
    ext = uploads.extension_of(name)
    if ext not in ATTACHMENT_TYPES:
        raise STEPS.refuse(_("会议记录附件只接受 PDF、DOCX、JPG 或 PNG 文件。"), "bad_file", 422)
    if upload.size > MAX_ATTACHMENT_MB * 1024 * 1024:
        raise STEPS.refuse(_("文件超过 %(mb)d MB。") % {"mb": MAX_ATTACHMENT_MB}, "too_large", 422)
    problem = uploads.problem_with(upload, allowed=ATTACHMENT_TYPES)
    if problem:
        raise STEPS.refuse(problem, "bad_file", 422)
    attachment = MinutesAttachment(
        step=step, original_name=name[:200], uploaded_by=acting_user, uploaded_at=clock.now()
    )
    attachment.file.save(f"minutes.{ext}", upload, save=False)
    attachment.save()
    record(
        actor=acting_user, action=Action.MATTER_ATTACHMENT, obj=step, changes={"file": [None, attachment.original_name]}
    )
    return attachment


@transaction.atomic
def do_record_gate(
    *, matter: Matter, gate: str, note: str, recommendation: int | None = None, acting_user: Actor
) -> GateCheck:
    """Record one of the five gates as met for a cadre appointment, with who and when.

    The gate "recommendation" may point at a published democratic recommendation of the
    matter's unit or a unit above it (``web.recommendations``); its title and the engine's
    finding then stand as the basis when no note is written. Any other recommendation (not
    published, another unit's, unknown) is refused with a sentence."""
    from web.recommendations.queries import published_for_unit

    matter = STEPS.lock(matter)
    if gate not in GATES:
        raise STEPS.refuse(_("未知的检查项。"), "bad_gate", 422)
    linked = None
    if recommendation is not None:
        if gate != "recommendation":
            raise STEPS.refuse(_("只有“已经过民主推荐”一项可以链接民主推荐。"), "bad_gate", 422)
        linked = published_for_unit(matter.unit.path).filter(pk=recommendation).first()
        if linked is None:
            raise STEPS.refuse(_("请选择本单位或上级单位已公布的民主推荐。"), "bad_recommendation", 422)
        if not note.strip():
            note = _("%(title)s（%(post)s），%(date)s 公布") % {
                "title": linked.title,
                "post": linked.post,
                "date": linked.published_at.date().isoformat() if linked.published_at else "",
            }
    if not note.strip():
        raise STEPS.refuse(_("请写明依据（例如推荐会日期、考察报告编号）。"), "note_required", 422)
    if matter.state != Matter.State.IN_PROGRESS:
        raise STEPS.refuse(_("事项已办结。"), "wrong_state")
    check, created = GateCheck.objects.get_or_create(
        matter=matter,
        gate=gate,
        defaults={"note": note.strip()[:300], "by": acting_user, "at": clock.now(), "recommendation": linked},
    )
    if not created:
        raise STEPS.refuse(_("这一项已经记录。"), "duplicate")
    changes: dict[str, Any] = {"gate": [None, gate]}
    if linked is not None:
        changes["recommendation"] = [None, linked.pk]
    record(actor=acting_user, action=Action.MATTER_GATE, obj=matter, changes=changes, reason=check.note)
    return check


@transaction.atomic
def do_disclose(*, step: MatterStep, title: str, text: str, until: dt.date | None, acting_user: Actor) -> Disclosure:
    """Post the matter's decision or implementation result on the unit's public board; the
    disclosure step is then done. A decision needs an end date at least 15 days away."""
    step = active_step(step)
    kind = step.spec.disclosure
    if kind is None:
        raise STEPS.refuse(_("这个环节不是公开环节。"), "wrong_step")
    if not title.strip() or not text.strip():
        raise STEPS.refuse(_("请填写公开的标题和内容。"), "text_required", 422)
    now = clock.now()
    min_days = int(step.settings.get("min_days", 0))
    if kind == Disclosure.Kind.DECISION:
        earliest = st.earliest_until(now, min_days)
        if until is None or until < earliest:
            raise STEPS.refuse(
                _("决议须公开至少 %(n)d 天，截止日期不能早于 %(d)s。") % {"n": min_days, "d": earliest.isoformat()},
                "too_short",
                422,
            )
    matter = step.matter
    disclosure = Disclosure.objects.create(
        unit=matter.unit,
        matter=matter,
        kind=kind,
        title=title.strip()[:200],
        text=text.strip()[:10000],
        posted_at=now,
        until=until,
        posted_by=acting_user,
    )
    STEPS.move(step, "disclose", acting_user)
    nxt = _finish_matter_if_done(matter, step, acting_user)
    record(
        actor=acting_user,
        action=Action.MATTER_DISCLOSE,
        obj=disclosure,
        changes={"kind": [None, kind], "until": [None, until], "step": [step.kind, nxt.kind if nxt else None]},
    )
    do_record_checkpoint(reason="matter.disclose", acting_user=acting_user)
    return disclosure


@transaction.atomic
def do_post_finance(*, unit: Unit, title: str, text: str, acting_user: Actor) -> Disclosure:
    """The village's finances, posted monthly where busy (DOMAIN.md §5.3)."""
    if not title.strip() or not text.strip():
        raise STEPS.refuse(_("请填写公开的标题和内容。"), "text_required", 422)
    disclosure = Disclosure.objects.create(
        unit=unit,
        kind=Disclosure.Kind.FINANCE,
        title=title.strip()[:200],
        text=text.strip()[:10000],
        posted_at=clock.now(),
        posted_by=acting_user,
    )
    record(
        actor=acting_user, action=Action.DISCLOSURE_FINANCE, obj=disclosure, changes={"title": [None, disclosure.title]}
    )
    do_record_checkpoint(reason="disclosure.finance", acting_user=acting_user)
    return disclosure
