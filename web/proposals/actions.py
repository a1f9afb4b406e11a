"""Writes of proposals: each one action in one transaction, with its history event (through
``web.proposals.flow.PROPOSALS``), its audit entry and its notices (through the outbox).

Every action reads the proposal (or season) as it is now, under its lock, and checks the actor
on it then; a refusal is a sentence in Chinese and English and nothing is written."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from web.accounts.actors import Actor
from web.audit.actions import record
from web.audit.names import Action
from web.cases.models import Office
from web.common import clock, uploads
from web.meetings import actions as meeting_actions
from web.meetings.errors import MeetingError
from web.meetings.models import Meeting, Poll
from web.org.models import Body, BodySeat, Unit
from web.proposals import access, notices
from web.proposals.flow import PROPOSALS
from web.proposals.models import (
    Answer,
    Assist,
    Delegation,
    Discussion,
    Proposal,
    ProposalEvent,
    Season,
    Signature,
    Theme,
)
from web.workdays.calendar import add_working_days

refuse = access.refuse
S = Proposal.State
E = ProposalEvent.Kind

MAX_TEXT = 4000
MAX_TITLE = 100
#: the congress's motion: carried by more than half of those present (docs/meetings.md)
MOTION_RULES = {"passes": "yes > 1/2 of present"}
DOCUMENT_TYPES = ("pdf", "docx")


def _text(value: str, *, what: str, limit: int) -> str:
    cleaned = strip_tags(value or "").strip()
    if not cleaned:
        raise refuse(_("请写明%(what)s。") % {"what": what}, "text_required", 422)
    if len(cleaned) > limit:
        raise refuse(
            _("%(what)s最多 %(max)s 字，现在是 %(n)s 字。") % {"what": what, "max": limit, "n": len(cleaned)},
            "text_too_long",
            422,
        )
    return cleaned


def _audit(actor: Any, action: Action, obj: Any, *, reason: str = "", **changes: Any) -> None:
    record(actor=actor, action=action, obj=obj, reason=reason, changes={k: [None, v] for k, v in changes.items()})


def _lock(proposal: Proposal) -> Proposal:
    return PROPOSALS.locked(proposal, "season__body", "proposer__person", "office")


def _today() -> dt.date:
    return timezone.localdate(clock.now())


# ---- the season ---------------------------------------------------------------------------------


@transaction.atomic
def do_open_season(
    *,
    body: Body,
    year: int,
    title: str,
    themes: Sequence[str],
    opens_on: dt.date,
    files_by: dt.date,
    min_supporters: int,
    answer_within: int,
    rate_within: int,
    acting_user: Actor,
) -> Season:
    """A research season of a party congress (每年 9、10 月): its themes and filing deadline, set by
    the liaison staff of the congress's unit."""
    body = Body.objects.select_for_update().select_related("unit").get(pk=body.pk)
    if body.kind != Body.Kind.CONGRESS:
        raise refuse(_("提案调研季只能为党代会设立。"), "not_congress", 422)
    if not access.manages(acting_user, body.unit.path):
        raise refuse(access.NOT_LIAISON, "not_liaison", 403)
    names = list(dict.fromkeys(t.strip()[:60] for t in themes if t and t.strip()))
    if not names:
        raise refuse(_("至少要有一个调研主题。"), "themes_required", 422)
    if files_by < opens_on:
        raise refuse(_("提案截止日期不能早于调研开始日期。"), "bad_dates", 422)
    if not (0 <= min_supporters <= 50 and 1 <= answer_within <= 250 and 1 <= rate_within <= 60):
        raise refuse(
            _("附议人数为 0 到 50，答复时限为 1 到 250 个工作日，评价时限为 1 到 60 个工作日。"), "bad_setting", 422
        )
    if Season.objects.filter(body=body, year=year).exists():
        raise refuse(_("这届党代会 %(year)s 年的提案调研季已经设立。") % {"year": year}, "season_exists", 409)
    season = Season.objects.create(
        body=body,
        year=year,
        title=_text(title, what=_("名称"), limit=100),
        opens_on=opens_on,
        files_by=files_by,
        min_supporters=min_supporters,
        answer_within=answer_within,
        rate_within=rate_within,
        created_by=acting_user,
        created_at=clock.now(),
    )
    Theme.objects.bulk_create([Theme(season=season, name=n, position=i) for i, n in enumerate(names)])
    _audit(
        acting_user,
        Action.PROPOSAL_SEASON_OPEN,
        season,
        year=year,
        themes=names,
        files_by=files_by.isoformat(),
        min_supporters=min_supporters,
    )
    return season


@transaction.atomic
def do_form_delegations(*, body: Body, acting_user: Actor) -> list[Delegation]:
    """The congress's delegations by street (代表团): one for each street or township under the
    congress's unit, holding the representatives who live there; run again, it brings each up to
    date (a representative seated since joins, one who moved changes delegation)."""
    body = Body.objects.select_for_update().select_related("unit").get(pk=body.pk)
    if body.kind != Body.Kind.CONGRESS:
        raise refuse(_("代表团只能为党代会组成。"), "not_congress", 422)
    if not access.manages(acting_user, body.unit.path):
        raise refuse(access.NOT_LIAISON, "not_liaison", 403)
    streets = list(
        Unit.objects.filter(path__startswith=body.unit.path, kind__in=(Unit.Kind.STREET, Unit.Kind.TOWNSHIP)).order_by(
            "path"
        )
    )
    if not streets:
        raise refuse(_("党代会所在单位下没有街道或乡镇，无法按街道组成代表团。"), "no_streets", 422)
    seats = list(body.seats.filter(post=BodySeat.Post.REPRESENTATIVE).select_related("person").order_by("id"))
    made = []
    sizes = {}
    for street in streets:
        delegation, _new = Delegation.objects.get_or_create(
            body=body, unit=street, defaults={"name": _("%(street)s代表团") % {"street": street.name}}
        )
        members = [s for s in seats if s.person.unit_path.startswith(street.path)]
        delegation.seats.set(members)
        sizes[street.name] = len(members)
        made.append(delegation)
    _audit(acting_user, Action.PROPOSAL_DELEGATIONS, body, delegations=sizes)
    return made


# ---- filing ---------------------------------------------------------------------------------------


def _check_filing_open(season: Season) -> None:
    today = _today()
    if today < season.opens_on:
        raise refuse(_("提案征集 %(day)s 才开始。") % {"day": season.opens_on.isoformat()}, "not_open_yet", 409)
    if today > season.files_by:
        raise refuse(
            _("提案截止日期 %(day)s 已过，不能再提出或提交提案。") % {"day": season.files_by.isoformat()},
            "past_deadline",
            409,
        )


def _representative(user: Any, season: Season) -> BodySeat:
    seat = access.seat_in(user, season.body_id)
    if seat is None:
        raise refuse(_("只有这届党代会的代表可以提出和附议提案。"), "not_representative", 403)
    return seat


def _cosigners(season: Season, proposer: BodySeat, seats: Sequence[BodySeat]) -> list[BodySeat]:
    chosen = list({s.pk: s for s in seats}.values())
    if any(s.body_id != season.body_id or s.post != BodySeat.Post.REPRESENTATIVE for s in chosen):
        raise refuse(_("附议人必须是这届党代会的代表。"), "bad_cosigner", 422)
    if any(s.pk == proposer.pk for s in chosen):
        raise refuse(_("提案人不能附议自己的提案。"), "own_cosigner", 422)
    return chosen


def _delegation_of(seat: BodySeat) -> Delegation | None:
    return Delegation.objects.filter(body_id=seat.body_id, seats=seat).select_related("unit").first()


@transaction.atomic
def do_file_proposal(
    *,
    season: Season,
    theme: Theme,
    title: str,
    situation: str,
    request: str,
    cosigners: Sequence[BodySeat],
    acting_user: Actor,
) -> Proposal:
    """提出提案: a representative files on their own seat and invites other representatives to
    second it; it goes to review once enough of them confirm (``do_submit_proposal``). Naming fewer
    than the season asks for is refused: it could never go forward."""
    season = Season.objects.select_for_update().select_related("body__unit").get(pk=season.pk)
    proposer = _representative(acting_user, season)
    _check_filing_open(season)
    if theme.season_id != season.pk:
        raise refuse(_("请选择本调研季的主题。"), "bad_theme", 422)
    invited = _cosigners(season, proposer, cosigners)
    if len(invited) < season.min_supporters:
        raise refuse(
            _("提案至少要有 %(min)s 位其他代表附议，现在只邀请了 %(n)s 位。请再邀请附议人。")
            % {"min": season.min_supporters, "n": len(invited)},
            "too_few_supporters",
            422,
        )
    delegation = _delegation_of(proposer)
    now = clock.now()
    number = (Proposal.objects.filter(season=season).aggregate(n=Max("number"))["n"] or 0) + 1
    proposal = Proposal.objects.create(
        season=season,
        number=number,
        theme=theme,
        title=_text(title, what=_("案由"), limit=MAX_TITLE),
        situation=_text(situation, what=_("情况和问题"), limit=MAX_TEXT),
        request=_text(request, what=_("建议"), limit=MAX_TEXT),
        proposer=proposer,
        delegation=delegation,
        unit_path=delegation.unit.path if delegation else season.unit_path,
        filed_at=now,
    )
    Signature.objects.bulk_create([Signature(proposal=proposal, seat=s, at=now) for s in invited])
    PROPOSALS.event(proposal, E.FILED, acting_user)
    _audit(
        acting_user,
        Action.PROPOSAL_FILE,
        proposal,
        title=proposal.title,
        theme=theme.name,
        cosigners=[s.person.name for s in invited],
    )
    for seat in invited:
        notices.invited(proposal, seat, season.files_by)
    return proposal


@transaction.atomic
def do_edit_proposal(
    *, proposal: Proposal, theme: Theme, title: str, situation: str, request: str, acting_user: Actor
) -> Proposal:
    """The proposer changes their own proposal while it collects seconds; those who seconded the
    earlier text are asked to confirm again."""
    proposal = _lock(proposal)
    access.check_proposer(acting_user, proposal)
    if proposal.state != S.SIGNING:
        raise refuse(_("提案提交立案审查后不能再修改。"), "wrong_state", 409)
    if theme.season_id != proposal.season_id:
        raise refuse(_("请选择本调研季的主题。"), "bad_theme", 422)
    before = {"title": proposal.title, "theme": proposal.theme.name}
    proposal.title = _text(title, what=_("案由"), limit=MAX_TITLE)
    proposal.situation = _text(situation, what=_("情况和问题"), limit=MAX_TEXT)
    proposal.request = _text(request, what=_("建议"), limit=MAX_TEXT)
    proposal.theme = theme
    proposal.save(update_fields=["title", "situation", "request", "theme"])
    again = proposal.signatures.filter(state=Signature.State.CONFIRMED).update(state=Signature.State.INVITED)
    PROPOSALS.event(proposal, E.EDITED, acting_user)
    record(
        actor=acting_user,
        action=Action.PROPOSAL_EDIT,
        obj=proposal,
        changes={
            "title": [before["title"], proposal.title],
            "theme": [before["theme"], theme.name],
            "seconds_to_confirm_again": [None, again],
        },
    )
    return proposal


#: the states in which a representative may still second a proposal
OPEN_TO_SECONDS = frozenset({S.SIGNING, S.SUBMITTED})


@transaction.atomic
def do_second_proposal(*, proposal: Proposal, acting_user: Actor) -> Signature:
    """附议: a representative confirms an invitation, or joins a proposal of the season (the
    near-duplicate suggestion: second it instead of filing another)."""
    proposal = _lock(proposal)
    seat = _representative(acting_user, proposal.season)
    if seat.pk == proposal.proposer_id:
        raise refuse(_("提案人不能附议自己的提案。"), "own_cosigner", 422)
    if proposal.state not in OPEN_TO_SECONDS:
        raise refuse(_("这件提案已经进入立案审查之后的环节，不能再附议。"), "wrong_state", 409)
    _check_filing_open(proposal.season)
    now = clock.now()
    signature = proposal.signatures.filter(seat=seat).first()
    if signature is not None and signature.state == Signature.State.CONFIRMED:
        raise refuse(_("您已经附议了这件提案。"), "already_seconded", 409)
    if signature is None:
        signature = Signature.objects.create(
            proposal=proposal, seat=seat, state=Signature.State.CONFIRMED, via=Signature.Via.JOINED, at=now
        )
    else:
        signature.state, signature.at = Signature.State.CONFIRMED, now
        signature.save(update_fields=["state", "at"])
    PROPOSALS.event(proposal, E.SIGNED, acting_user, reason=seat.person.name)
    _audit(acting_user, Action.PROPOSAL_SECOND, proposal, seat=seat.pk, via=signature.via)
    return signature


@transaction.atomic
def do_decline_second(*, proposal: Proposal, acting_user: Actor) -> Signature:
    """An invited representative declines to second the proposal."""
    proposal = _lock(proposal)
    seat = _representative(acting_user, proposal.season)
    signature = proposal.signatures.filter(seat=seat).first()
    if signature is None or signature.state == Signature.State.DECLINED:
        raise refuse(_("您没有收到这件提案的附议邀请。"), "not_invited", 409)
    if proposal.state != S.SIGNING:
        raise refuse(_("提案已经提交立案审查，附议不能再撤回。"), "wrong_state", 409)
    signature.state, signature.at = Signature.State.DECLINED, clock.now()
    signature.save(update_fields=["state", "at"])
    PROPOSALS.event(proposal, E.DECLINED, acting_user, reason=seat.person.name)
    _audit(acting_user, Action.PROPOSAL_DECLINE_SECOND, proposal, seat=seat.pk)
    return signature


def supporters(proposal: Proposal) -> int:
    return proposal.signatures.filter(state=Signature.State.CONFIRMED).count()


@transaction.atomic
def do_submit_proposal(*, proposal: Proposal, acting_user: Actor) -> Proposal:
    """The proposer sends it for review (立案审查) once enough representatives seconded it, before
    the deadline."""
    proposal = _lock(proposal)
    access.check_proposer(acting_user, proposal)
    PROPOSALS.check(proposal, "submit")
    _check_filing_open(proposal.season)
    n, need = supporters(proposal), proposal.season.min_supporters
    if n < need:
        raise refuse(
            _("这件提案要有 %(min)s 位代表附议才能提交，现在有 %(n)s 位已确认附议。") % {"min": need, "n": n},
            "too_few_supporters",
            409,
        )
    proposal.submitted_at = clock.now()
    PROPOSALS.move(proposal, "submit", acting_user, save=["submitted_at"])
    _audit(acting_user, Action.PROPOSAL_SUBMIT, proposal, supporters=n)
    return proposal


# ---- review, merging, discussion --------------------------------------------------------------


@transaction.atomic
def do_review_proposal(*, proposal: Proposal, accept: bool, reason: str, acting_user: Actor) -> Proposal:
    """立案审查: accepted, or not with a reason shown publicly."""
    proposal = _lock(proposal)
    access.check_manages(acting_user, proposal)
    move = "accept" if accept else "decline"
    PROPOSALS.check(proposal, move, reason=reason)
    proposal.review_reason = strip_tags(reason or "").strip()[:300]
    proposal.reviewed_at = clock.now()
    PROPOSALS.move(proposal, move, acting_user, reason=proposal.review_reason, save=["review_reason", "reviewed_at"])
    _audit(
        acting_user,
        Action.PROPOSAL_ACCEPT if accept else Action.PROPOSAL_DECLINE,
        proposal,
        reason=proposal.review_reason,
        state=str(proposal.state),
    )
    notices.reviewed(proposal)
    return proposal


@transaction.atomic
def do_merge_proposal(*, proposal: Proposal, into: Proposal, acting_user: Actor) -> Proposal:
    """Merge a near-duplicate into the proposal kept: the merged one's proposer and seconders
    second the kept one (each once; the kept one's proposer is already on it); both proposers are
    told."""
    if proposal.pk == into.pk:
        raise refuse(_("不能把提案合并到它自己。"), "same_proposal", 422)
    locked = {p.pk: _lock(p) for p in sorted([proposal, into], key=lambda p: p.pk)}  # in one order: no deadlock
    proposal, into = locked[proposal.pk], locked[into.pk]
    if proposal.season_id != into.season_id:
        raise refuse(_("只能合并同一调研季的提案。"), "other_season", 422)
    access.check_manages(acting_user, proposal)
    access.check_manages(acting_user, into)
    PROPOSALS.check(proposal, "merge")
    if into.state not in PROPOSALS.moves["merge"].leaves:
        raise refuse(_("要保留的提案已经提交大会表决或办结，不能再并入其他提案。"), "kept_too_far", 409)
    now = clock.now()
    on_kept = set(into.signatures.values_list("seat_id", flat=True)) | {into.proposer_id}
    seconders = proposal.signatures.filter(state=Signature.State.CONFIRMED).values_list("seat_id", flat=True)
    bringing = [proposal.proposer_id, *seconders]
    joined = []
    for seat_id in bringing:
        if seat_id in on_kept:
            continue
        Signature.objects.create(
            proposal=into, seat_id=seat_id, state=Signature.State.CONFIRMED, via=Signature.Via.MERGED, at=now
        )
        on_kept.add(seat_id)
        joined.append(seat_id)
    # an invited seconder already on the kept one, who seconded the merged one: confirmed there
    into.signatures.filter(seat_id__in=bringing, state=Signature.State.INVITED).update(
        state=Signature.State.CONFIRMED, at=now
    )
    proposal.merged_into = into
    PROPOSALS.move(
        proposal, "merge", acting_user, reason=_("并入第 %(n)s 号提案") % {"n": into.number}, save=["merged_into"]
    )
    PROPOSALS.event(into, E.MERGED, acting_user, reason=_("第 %(n)s 号提案并入") % {"n": proposal.number})
    _audit(acting_user, Action.PROPOSAL_MERGE, proposal, merged_into=into.pk, seconders_joined=len(joined))
    notices.merged(proposal, into)
    return proposal


@transaction.atomic
def do_record_discussion(
    *, proposal: Proposal, delegation: Delegation, held_on: dt.date, summary: str, acting_user: Actor
) -> Discussion:
    """A delegation's discussion of an accepted proposal (代表团讨论), before the congress votes."""
    proposal = _lock(proposal)
    access.check_manages(acting_user, proposal)
    if proposal.state != S.ACCEPTED:
        raise refuse(_("只有已立案、尚未表决的提案可以记录代表团讨论。"), "wrong_state", 409)
    if delegation.body_id != proposal.season.body_id:
        raise refuse(_("这个代表团不属于这届党代会。"), "bad_delegation", 422)
    if held_on > _today():
        raise refuse(_("讨论日期不能晚于今天。"), "future_date", 422)
    text = _text(summary, what=_("讨论情况"), limit=2000)
    discussion = Discussion.objects.create(
        proposal=proposal,
        delegation=delegation,
        held_on=held_on,
        summary=text,
        recorded_by=acting_user,
        recorded_at=clock.now(),
    )
    PROPOSALS.event(proposal, E.DISCUSSED, acting_user, reason=delegation.name)
    _audit(acting_user, Action.PROPOSAL_DISCUSS, proposal, delegation=delegation.name, held_on=held_on.isoformat())
    return discussion


# ---- the congress's vote ----------------------------------------------------------------------


@transaction.atomic
def do_put_to_vote(
    *,
    season: Season,
    proposals: Sequence[Proposal],
    starts_at: dt.datetime,
    acting_user: Actor,
    meeting: Meeting | None = None,
    place: str = "",
) -> Meeting:
    """Put accepted proposals, each discussed by a delegation, to the congress: one motion poll
    each, in a meeting of the congress (the one given, still open, or a new one), through the
    meetings app; the representatives vote there by phone or on paper and the engine counts."""
    season = Season.objects.select_for_update().select_related("body__unit").get(pk=season.pk)
    access.check_manages_season(acting_user, season)
    chosen = [_lock(p) for p in sorted(proposals, key=lambda p: p.pk)]
    if not chosen:
        raise refuse(_("请选择要提交大会表决的提案。"), "none_chosen", 422)
    for p in chosen:
        if p.season_id != season.pk:
            raise refuse(_("只能提交本调研季的提案。"), "other_season", 422)
        PROPOSALS.check(p, "vote")
        if not p.discussions.exists():
            raise refuse(
                _("第 %(n)s 号提案还没有代表团讨论的记录，讨论后才能提交大会表决。") % {"n": p.number},
                "not_discussed",
                409,
            )
    if meeting is not None and (meeting.body_id != season.body_id or meeting.state == Meeting.State.CLOSED):
        raise refuse(_("请选择这届党代会尚未结束的会议。"), "bad_meeting", 422)
    try:
        if meeting is None:
            meeting = meeting_actions.do_create_meeting(
                body=season.body,
                title=_("%(season)s 提案表决") % {"season": season.title},
                starts_at=starts_at,
                place=place[:200],
                acting_user=acting_user,
            )
        for p in chosen:
            title = _("第 %(n)s 号提案：%(title)s") % {"n": p.number, "title": p.title}
            poll = meeting_actions.do_create_poll(
                meeting=meeting,
                title=title[:200],
                kind=Poll.Kind.MOTION,
                rules=dict(MOTION_RULES),
                acting_user=acting_user,
            )
            p.meeting, p.poll = meeting, poll
            PROPOSALS.move(p, "vote", acting_user, save=["meeting", "poll"])
            _audit(acting_user, Action.PROPOSAL_VOTE, p, meeting=meeting.pk, poll=poll.pk)
    except MeetingError as exc:
        raise refuse(exc.message, exc.code, exc.status) from None
    return meeting


def _failure(poll: Poll) -> str:
    status = (poll.result or {}).get("status")
    if status == "not_quorate":
        return _("出席人数不足，表决无效。")
    return _("表决无效。")


@transaction.atomic
def do_conclude_vote(*, proposal: Proposal, acting_user: Actor) -> Proposal:
    """Read the engine's result of the proposal's closed poll: passed → adopted (to be assigned);
    rejected → not adopted; not quorate or void → accepted again, to be put to another vote."""
    proposal = _lock(proposal)
    access.check_manages(acting_user, proposal)
    if proposal.state != S.VOTING:
        raise refuse(_("这件提案不在大会表决中。"), "wrong_state", 409)
    poll = proposal.poll
    if poll is None or poll.state != Poll.State.CLOSED:
        raise refuse(_("这件提案的表决尚未结束计票。"), "not_counted", 409)
    status = (poll.result or {}).get("status")
    if status == "passed":
        PROPOSALS.move(proposal, "adopt", acting_user)
    elif status == "rejected":
        PROPOSALS.move(proposal, "vote_down", acting_user)
    else:
        PROPOSALS.move(proposal, "revote", acting_user, reason=_failure(poll))
    _audit(acting_user, Action.PROPOSAL_CONCLUDE, proposal, poll=poll.pk, result=status, state=proposal.state)
    return proposal


# ---- assignment, answer, rating ---------------------------------------------------------------


def answer_due(start: dt.datetime | dt.date, days: int) -> dt.date:
    return add_working_days(start, days)


@transaction.atomic
def do_assign_proposal(
    *, proposal: Proposal, office: Office, assisting: Sequence[Office] = (), acting_user: Actor
) -> Proposal:
    """交办: the main unit answers within the season's working days; assisting units help."""
    proposal = _lock(proposal)
    access.check_manages(acting_user, proposal)
    PROPOSALS.check(proposal, "assign")
    helpers = [o for o in {o.pk: o for o in assisting}.values() if o.pk != office.pk]
    now = clock.now()
    proposal.office = office
    proposal.assigned_at = now
    proposal.answer_by = answer_due(now, proposal.season.answer_within)
    PROPOSALS.move(proposal, "assign", acting_user, reason=office.name, save=["office", "assigned_at", "answer_by"])
    Assist.objects.bulk_create([Assist(proposal=proposal, office=o) for o in helpers])
    _audit(
        acting_user,
        Action.PROPOSAL_ASSIGN,
        proposal,
        office=office.name,
        assisting=[o.name for o in helpers],
        answer_by=proposal.answer_by.isoformat(),
    )
    notices.assigned(proposal)
    return proposal


@transaction.atomic
def do_answer_proposal(*, proposal: Proposal, text: str, acting_user: Actor, document: Any = None) -> Answer:
    """答复: the main unit's answer (text, and a PDF or DOCX document if it has one); the proposer is
    asked to rate it within the season's working days."""
    proposal = _lock(proposal)
    access.check_handles(acting_user, proposal)
    PROPOSALS.check(proposal, "answer")
    body = _text(text, what=_("答复内容"), limit=MAX_TEXT)
    if document is not None:
        problem = uploads.problem_with(document, allowed=DOCUMENT_TYPES)
        if problem:
            raise refuse(problem, "bad_file", 422)
    assert proposal.office is not None
    now = clock.now()
    answer = Answer(
        proposal=proposal,
        round=proposal.reopened + 1,
        office=proposal.office,
        text=body,
        answered_at=now,
        answered_by=acting_user,
        rate_by=answer_due(now, proposal.season.rate_within),
    )
    if document is not None:
        answer.document_name = (document.name or "")[-200:]
        answer.document.save(document.name, document, save=False)
    answer.save()
    PROPOSALS.move(proposal, "answer", acting_user, reason=proposal.office.name)
    _audit(acting_user, Action.PROPOSAL_ANSWER, proposal, round=answer.round, document=bool(answer.document_name))
    notices.answered(proposal, answer.rate_by)
    return answer


@transaction.atomic
def do_rate_answer(*, proposal: Proposal, rating: str, acting_user: Actor, note: str = "") -> Answer:
    """The proposer rates the answer: 满意 or 基本满意 closes it; a first 不满意 sends it back to the
    same unit for a second answer (a new deadline); the second rating is final. After the rating
    deadline the answer can no longer be rated."""
    proposal = _lock(proposal)
    access.check_proposer(acting_user, proposal)
    PROPOSALS.check(proposal, "close")
    if rating not in Proposal.Rating.values:
        raise refuse(_("请选择满意、基本满意或不满意。"), "bad_rating", 422)
    answer = proposal.answers.select_for_update().get(round=proposal.reopened + 1)
    if _today() > answer.rate_by:
        raise refuse(
            _("评价截止日期 %(day)s 已过，不能再评价这次答复。") % {"day": answer.rate_by.isoformat()},
            "past_rating_deadline",
            409,
        )
    answer.rating, answer.rating_note, answer.rated_at = rating, strip_tags(note or "").strip()[:300], clock.now()
    answer.save(update_fields=["rating", "rating_note", "rated_at"])
    label = str(Proposal.Rating(rating).label)
    if rating == Proposal.Rating.DISSATISFIED and proposal.reopened == 0:
        proposal.reopened = 1
        proposal.answer_by = answer_due(clock.now(), proposal.season.answer_within)
        PROPOSALS.move(
            proposal, "reopen", acting_user, reason=answer.rating_note or label, save=["reopened", "answer_by"]
        )
        notices.reopened(proposal)
    else:
        proposal.rating = rating
        PROPOSALS.move(proposal, "close", acting_user, reason=label, save=["rating"])
    _audit(acting_user, Action.PROPOSAL_RATE, proposal, round=answer.round, rating=rating, state=proposal.state)
    return answer
