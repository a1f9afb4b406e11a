"""Writes of the points ledger: publishing a standard's version, recording an entry with its
evidence, reversing one, a representative's claim and its confirmation, self-created projects.
Each is one transaction with one audit entry; a refusal is a sentence and nothing is written.

Every entry is written by ``_write_entry``, which checks, in this order: the seat is a
congress representative's; the project is of the standard in force; the difficulty is
offered; the evidence is one the project takes, complete and really this representative's; the
day is not in the future and its quarter not published yet; the evidence is not counted
already; and the points fit under the project's caps for the quarter and the year. The seat's
row is locked first, so two entries at once cannot both slip under a cap.

Publications and objections are in ``web.points.publishing``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from web.audit.actions import record
from web.audit.names import Action
from web.cases.models import Case
from web.common import clock
from web.meetings.models import Attendee
from web.org.models import Body, BodySeat
from web.points import access, periods
from web.points.access import refuse
from web.points.flow import CLAIMS, SELF_PROJECTS
from web.points.models import Claim, Decision, Difficulty, Entry, Evidence, Project, Publication, SelfProject, Standard
from web.points.standard import in_force, self_project_of
from web.studios.models import Duty

E = Evidence
#: evidence a representative may record themself: the platform itself vouches for it
VERIFIED = frozenset({E.CASE, E.ATTENDANCE, E.RECEPTION})
#: evidence a representative claims and liaison staff confirm
CLAIMED = frozenset({E.TALK, E.VOLUNTEER})
TYPES = frozenset(Project.Type.values)
ITEMS = frozenset(Project.Item.values)


def _audit(actor: Any, action: Action, obj: Any, **changes: Any) -> None:
    record(actor=actor, action=action, obj=obj, changes={k: [None, v] for k, v in changes.items()})


# ---- the standard -------------------------------------------------------------------------------


def _clean_project(row: dict[str, Any], position: int) -> dict[str, Any]:
    name = str(row.get("name") or "").strip()
    code = str(row.get("code") or "").strip()
    if not name or not code:
        raise refuse(_("每个项目都要有代码和名称。"), "project_incomplete", 400)
    if row.get("type") not in TYPES or (row.get("item") or "") not in ITEMS | {""}:
        raise refuse(_("项目“%(name)s”的类型不对。") % {"name": name}, "project_type", 400)
    points = row.get("points") or {}
    values = [points.get(d) for d in Difficulty.values]
    if all(v is None for v in values) or any(v is not None and (not isinstance(v, int) or v < 0) for v in values):
        raise refuse(_("项目“%(name)s”至少要给一种难度定分值，分值不能为负。") % {"name": name}, "project_points", 400)
    evidence = [str(e) for e in row.get("evidence") or ()]
    if not evidence or not set(evidence) <= set(E.values) - {E.REVERSAL}:
        raise refuse(_("项目“%(name)s”要写明认可哪些凭据。") % {"name": name}, "project_evidence", 400)
    caps = {k: row.get(k) for k in ("cap_quarter", "cap_year")}
    if any(v is not None and (not isinstance(v, int) or v < 1) for v in caps.values()):
        raise refuse(_("项目“%(name)s”的上限要是正整数，或者不设上限。") % {"name": name}, "project_cap", 400)
    return {
        "code": code[:32],
        "name": name[:100],
        "type": row["type"],
        "item": row.get("item") or "",
        "points_general": values[0],
        "points_harder": values[1],
        "points_hard": values[2],
        **caps,
        "evidence": evidence,
        "position": position,
    }


def do_publish_standard(
    *, congress: Body, projects: list[dict[str, Any]], changes: str, acting_user: Any, title: str = ""
) -> Standard:
    """Publish the congress's next version of 《党代表履职记分标准》. It must keep the required
    "三个一" and one self-created project; ``changes`` says what changed (the first: 首版)."""
    with transaction.atomic():
        congress = Body.objects.select_related("unit").select_for_update().get(pk=congress.pk)
        access.check_manages_congress(acting_user, congress)
        if congress.kind != Body.Kind.CONGRESS:
            raise refuse(_("履职记分标准只为党代会制定。"), "not_a_congress", 400)
        changes = (changes or "").strip()
        if not changes:
            raise refuse(_("请写明这一版改了什么。"), "changes_required", 400)
        rows = [_clean_project(row, i) for i, row in enumerate(projects)]
        codes = [r["code"] for r in rows]
        if len(set(codes)) != len(codes):
            raise refuse(_("项目代码不能重复。"), "project_code_twice", 400)
        items = {r["item"] for r in rows if r["type"] == Project.Type.REQUIRED and r["item"]}
        if items != set(ITEMS):
            raise refuse(_("必选项目要包括“三个一”：一次宣讲、一次志愿活动、解决一个诉求。"), "three_ones", 400)
        if sum(r["type"] == Project.Type.SELF for r in rows) != 1:
            raise refuse(_("标准要有一个且只有一个自创项目。"), "one_self_project", 400)
        before = in_force(congress)
        standard = Standard.objects.create(
            congress=congress,
            version=(before.version + 1) if before else 1,
            title=(title or (before.title if before else "") or _("党代表履职记分标准"))[:100],
            changes=changes[:2000],
            published_at=clock.now(),
            published_by=acting_user,
        )
        Project.objects.bulk_create([Project(standard=standard, **r) for r in rows])
        _audit(acting_user, Action.POINTS_STANDARD_PUBLISH, standard, version=standard.version, changes=changes)
        return standard


# ---- entries --------------------------------------------------------------------------------------


def _lock_seat(seat: BodySeat) -> BodySeat:
    return BodySeat.objects.select_for_update(of=("self",)).select_related("person", "body__unit").get(pk=seat.pk)


def _published(congress_id: int, year: int, quarter: int) -> bool:
    return Publication.objects.filter(congress_id=congress_id, year=year, quarter__in=(0, quarter)).exists()


def _net(seat: BodySeat, project: Project, year: int, quarter: int | None = None) -> int:
    rows = Entry.objects.filter(seat=seat, project__code=project.code, year=year)
    if quarter is not None:
        rows = rows.filter(quarter=quarter)
    return int(rows.aggregate(n=Sum("points"))["n"] or 0)


def check_caps(seat: BodySeat, project: Project, year: int, quarter: int, points: int) -> None:
    """Refuse points past the project's cap for the quarter or the year (net of reversals)."""
    for cap, already, period in (
        (project.cap_quarter, lambda: _net(seat, project, year, quarter), _("本季度")),
        (project.cap_year, lambda: _net(seat, project, year), _("本年度")),
    ):
        if cap is not None and not periods.fits_under(cap, already=already(), adding=points):
            raise refuse(
                _("“%(project)s”%(period)s最多 %(cap)s 分，已有 %(have)s 分，再记 %(points)s 分就超过上限。")
                % {"project": project.name, "period": period, "cap": cap, "have": already(), "points": points},
                "past_cap",
                409,
            )


def _local_date(at: dt.datetime) -> dt.date:
    return timezone.localdate(at)


def _check_evidence(seat: BodySeat, fields: dict[str, Any]) -> dt.date:
    """The evidence is complete and this representative's; returns the day it happened."""
    kind = fields["evidence"]
    if kind == E.CASE:
        case: Case | None = fields.get("case")
        if case is None:
            raise refuse(_("请选择解决了的诉求作为凭据。"), "evidence_missing", 400)
        case = Case.objects.select_related("representative").get(pk=case.pk)
        rep = case.representative
        if rep is None or rep.person_id != seat.person_id:
            raise refuse(_("这件诉求没有联系到这位代表，不能作为凭据。"), "evidence_not_theirs", 400)
        if case.state != Case.State.CLOSED or not case.solved or case.finished_at is None:
            raise refuse(_("只有已办结、回访说问题已解决的诉求可以作为凭据。"), "case_not_solved", 400)
        return _local_date(case.finished_at)
    if kind == E.ATTENDANCE:
        attendee: Attendee | None = fields.get("attendee")
        if attendee is None:
            raise refuse(_("请选择签到记录作为凭据。"), "evidence_missing", 400)
        attendee = Attendee.objects.get(pk=attendee.pk)
        if attendee.person_id != seat.person_id:
            raise refuse(_("这条签到不是这位代表的，不能作为凭据。"), "evidence_not_theirs", 400)
        if attendee.checked_in_at is None:
            raise refuse(_("这位代表没有签到，不能作为凭据。"), "not_checked_in", 400)
        return _local_date(attendee.checked_in_at)
    if kind == E.RECEPTION:
        duty: Duty | None = fields.get("duty")
        if duty is None:
            raise refuse(_("请选择接待签到作为凭据。"), "evidence_missing", 400)
        duty = Duty.objects.select_related("session").get(pk=duty.pk)
        if duty.seat_id != seat.pk:
            raise refuse(_("这条接待签到不是这位代表的，不能作为凭据。"), "evidence_not_theirs", 400)
        if duty.checked_in_at is None or duty.session.cancelled_at is not None:
            raise refuse(_("这位代表没有在这次接待签到，不能作为凭据。"), "not_checked_in", 400)
        return _local_date(duty.checked_in_at)
    day = fields.get("happened_on")
    if not isinstance(day, dt.date):
        raise refuse(_("请写明日期。"), "evidence_missing", 400)
    if kind == E.TALK and (not fields.get("place") or not fields.get("attendance") or fields["attendance"] < 1):
        raise refuse(_("宣讲要写明日期、地点和听众人数。"), "evidence_missing", 400)
    if kind == E.VOLUNTEER and (not fields.get("place") or not fields.get("what")):
        raise refuse(_("志愿活动要写明日期、地点和做了什么。"), "evidence_missing", 400)
    if kind == E.STAFF and not fields.get("reason"):
        raise refuse(_("工作人员确认要写明理由。"), "evidence_missing", 400)
    return day


def _clean_fields(evidence: str, **raw: Any) -> dict[str, Any]:
    text = {k: str(raw.get(k) or "").strip() for k in ("place", "what", "reason")}
    return {
        "evidence": evidence,
        "case": raw.get("case") if evidence == E.CASE else None,
        "attendee": raw.get("attendee") if evidence == E.ATTENDANCE else None,
        "duty": raw.get("duty") if evidence == E.RECEPTION else None,
        "happened_on": raw.get("happened_on"),
        "place": text["place"][:100] if evidence in CLAIMED else "",
        "attendance": raw.get("attendance") if evidence == E.TALK else None,
        "what": text["what"][:200] if evidence in CLAIMED else "",
        "reason": text["reason"][:300] if evidence == E.STAFF else "",
    }


def _already_counted(seat: BodySeat, fields: dict[str, Any], project: Project) -> bool:
    """A request or a check-in counts once for a representative (unless its entry was reversed)."""
    if fields["evidence"] not in VERIFIED:
        return False
    field = {E.CASE: "case", E.ATTENDANCE: "attendee", E.RECEPTION: "duty"}[fields["evidence"]]
    key = {field: fields[field]}
    return Entry.objects.filter(seat=seat, reversed_by__isnull=True, **key).exists()


def _checked(
    seat: BodySeat, project: Project, difficulty: str, fields: dict[str, Any], self_project: SelfProject | None
) -> tuple[dict[str, Any], int, int, int]:
    """Everything but the caps: (fields with the day, points, year, quarter)."""
    access.check_is_representative(seat)
    standard = in_force(seat.body_id)
    if standard is None or project.standard_id != standard.pk:
        raise refuse(_("请按现行的记分标准选择项目。"), "not_in_force", 409)
    if fields["evidence"] not in project.evidence:
        names = _("、").join(str(E(e).label) for e in project.evidence)
        raise refuse(
            _("“%(project)s”只认可这些凭据：%(kinds)s。") % {"project": project.name, "kinds": names},
            "evidence_kind",
            400,
        )
    if self_project is not None:  # as it is now, not as the caller last read it
        self_project = SelfProject.objects.get(pk=self_project.pk)
    if project.type == Project.Type.SELF:
        if self_project is None or self_project.seat_id != seat.pk or self_project.state != Decision.APPROVED:
            raise refuse(_("自创项目要先经联络工作人员同意。"), "self_project_not_approved", 409)
        difficulty = self_project.difficulty
    elif self_project is not None:
        raise refuse(_("只有自创项目的积分才写自创项目。"), "not_self", 400)
    points = project.points_for(difficulty)
    if points is None:
        raise refuse(_("“%(project)s”没有这一难度。") % {"project": project.name}, "difficulty", 400)
    day = _check_evidence(seat, fields)
    today = timezone.localdate(clock.now())
    if day > today:
        raise refuse(_("日期不能晚于今天。"), "future", 400)
    year, quarter = day.year, periods.quarter_of(day)
    if self_project is not None and self_project.year != year:
        raise refuse(_("自创项目只在它被同意的年度里记分。"), "self_project_year", 409)
    if _published(seat.body_id, year, quarter):
        raise refuse(
            _("%(year)s 年第 %(quarter)s 季度的积分已经公布，不能再记入；有出入请提出异议。")
            % {"year": year, "quarter": quarter},
            "quarter_published",
            409,
        )
    if _already_counted(seat, fields, project):
        raise refuse(_("这条凭据已经记过积分了。"), "evidence_used", 409)
    return {**fields, "happened_on": day}, points, year, quarter


def _write_entry(
    *,
    seat: BodySeat,
    project: Project,
    difficulty: str,
    fields: dict[str, Any],
    acting_user: Any,
    self_project: SelfProject | None = None,
    claim: Claim | None = None,
) -> Entry:
    fields, points, year, quarter = _checked(seat, project, difficulty, fields, self_project)
    check_caps(seat, project, year, quarter, points)
    return Entry.objects.create(
        seat=seat,
        standard_id=project.standard_id,
        project=project,
        self_project=self_project,
        difficulty=self_project.difficulty if self_project else difficulty,
        points=points,
        year=year,
        quarter=quarter,
        claim=claim,
        recorded_at=clock.now(),
        recorded_by=acting_user,
        **fields,
    )


def do_record_entry(
    *,
    seat: BodySeat,
    project: Project,
    difficulty: str,
    evidence: str,
    acting_user: Any,
    self_project: SelfProject | None = None,
    **details: Any,
) -> Entry:
    """Record points with their evidence. A representative records their own solved requests
    and check-ins (the platform vouches for them; talks and activities are claimed instead);
    liaison staff record any evidence for the representatives of their area."""
    with transaction.atomic():
        seat = _lock_seat(seat)
        if access.is_own(acting_user, seat) and evidence in VERIFIED:
            pass
        elif access.is_own(acting_user, seat) and evidence in CLAIMED:
            raise refuse(_("宣讲和志愿活动请提交申报，由联络工作人员确认后记分。"), "claim_instead", 409)
        else:
            access.check_manages_seat(acting_user, seat)
        if evidence not in set(E.values) - {E.REVERSAL}:
            raise refuse(
                _("每条积分都要有凭据：解决的诉求、签到、宣讲、志愿活动或工作人员确认。"), "evidence_missing", 400
            )
        entry = _write_entry(
            seat=seat,
            project=project,
            difficulty=difficulty,
            fields=_clean_fields(evidence, **details),
            self_project=self_project,
            acting_user=acting_user,
        )
        _audit(acting_user, Action.POINTS_ENTRY_RECORD, entry, points=entry.points, evidence=evidence)
        return entry


def reversal_of(entry: Entry, *, reason: str, acting_user: Any, objection: Any = None) -> Entry:
    """The entry taking back ``entry`` (inside the caller's transaction, the seat locked)."""
    if entry.evidence == E.REVERSAL:
        raise refuse(_("冲销记录不能再冲销；请重新记入一条。"), "reverse_reversal", 409)
    if Entry.objects.filter(reverses=entry).exists():
        raise refuse(_("这条积分已经冲销过了。"), "already_reversed", 409)
    return Entry.objects.create(
        seat_id=entry.seat_id,
        standard_id=entry.standard_id,
        project_id=entry.project_id,
        self_project_id=entry.self_project_id,
        difficulty=entry.difficulty,
        points=-entry.points,
        year=entry.year,
        quarter=entry.quarter,
        evidence=E.REVERSAL,
        happened_on=entry.happened_on,
        reverses=entry,
        reason=reason[:300],
        objection=objection,
        recorded_at=clock.now(),
        recorded_by=acting_user,
    )


def do_reverse_entry(*, entry: Entry, reason: str, acting_user: Any) -> Entry:
    """Correct a mistaken entry by a new one taking its points back, with the reason. A quarter
    already published is corrected only by answering an objection (which publishes it again)."""
    with transaction.atomic():
        seat = _lock_seat(entry.seat)
        access.check_manages_seat(acting_user, seat)
        entry = Entry.objects.get(pk=entry.pk)
        reason = (reason or "").strip()
        if not reason:
            raise refuse(_("冲销要写明理由。"), "reason_required", 422)
        if _published(seat.body_id, entry.year, entry.quarter):
            raise refuse(_("这个季度已经公布，请通过代表的异议来更正。"), "quarter_published", 409)
        reversal = reversal_of(entry, reason=reason, acting_user=acting_user)
        _audit(acting_user, Action.POINTS_ENTRY_REVERSE, reversal, reverses=entry.pk, reason=reason)
        return reversal


# ---- claims ---------------------------------------------------------------------------------------


def do_claim_points(
    *,
    seat: BodySeat,
    project: Project,
    difficulty: str,
    evidence: str,
    acting_user: Any,
    self_project: SelfProject | None = None,
    **details: Any,
) -> Claim:
    """A representative claims a talk or a volunteer activity; liaison staff confirm it. The
    same checks as an entry's are made now (and again at confirmation)."""
    with transaction.atomic():
        seat = _lock_seat(seat)
        access.check_own(acting_user, seat)
        if evidence not in CLAIMED:
            raise refuse(_("只有宣讲和志愿活动需要申报；解决的诉求和签到可以直接记入。"), "not_claimed", 400)
        fields, points, year, quarter = _checked(
            seat, project, difficulty, _clean_fields(evidence, **details), self_project
        )
        check_caps(seat, project, year, quarter, points)
        claim = Claim.objects.create(
            seat=seat,
            project=project,
            self_project=self_project,
            difficulty=self_project.difficulty if self_project else difficulty,
            claimed_at=clock.now(),
            **fields,
        )
        _audit(acting_user, Action.POINTS_CLAIM, claim, project=project.code, evidence=evidence)
        return claim


def do_confirm_claim(*, claim: Claim, acting_user: Any) -> Entry:
    with transaction.atomic():
        claim = CLAIMS.active(claim, "project", "self_project", message=_("这条申报已经审核过了。"))
        seat = _lock_seat(claim.seat)
        access.check_manages_seat(acting_user, seat)
        details = {k: getattr(claim, k) for k in ("happened_on", "place", "attendance", "what", "reason")}
        entry = _write_entry(
            seat=seat,
            project=claim.project,
            difficulty=claim.difficulty,
            fields=_clean_fields(claim.evidence, **details),
            self_project=claim.self_project,
            claim=claim,
            acting_user=acting_user,
        )
        claim.decided_by = acting_user
        CLAIMS.move(claim, "confirm", acting_user, save=["decided_by"])
        _audit(acting_user, Action.POINTS_CLAIM_CONFIRM, claim, entry=entry.pk, points=entry.points)
        return entry


def do_refuse_claim(*, claim: Claim, reason: str, acting_user: Any) -> Claim:
    with transaction.atomic():
        claim = CLAIMS.locked(claim)
        access.check_manages_seat(acting_user, claim.seat)
        reason = (reason or "").strip()
        claim.answer, claim.decided_by = reason[:300], acting_user
        CLAIMS.move(claim, "refuse", acting_user, reason=reason, save=["answer", "decided_by"])
        _audit(acting_user, Action.POINTS_CLAIM_REFUSE, claim, reason=reason)
        return claim


# ---- self-created projects --------------------------------------------------------------------------


def do_propose_self_project(
    *, seat: BodySeat, name: str, description: str, difficulty: str, acting_user: Any
) -> SelfProject:
    """A representative proposes a project of their own for this year; refused once the year's
    self-created points have reached the standard's cap (another project could earn nothing)."""
    with transaction.atomic():
        seat = _lock_seat(seat)
        access.check_own(acting_user, seat)
        access.check_is_representative(seat)
        standard = in_force(seat.body_id)
        project = self_project_of(standard) if standard else None
        if project is None:
            raise refuse(_("现行的记分标准里没有自创项目。"), "no_self_project", 409)
        name, description = (name or "").strip(), (description or "").strip()
        if not name or not description:
            raise refuse(_("请写明自创项目的名称和内容。"), "self_project_incomplete", 400)
        if project.points_for(difficulty) is None:
            raise refuse(_("“%(project)s”没有这一难度。") % {"project": project.name}, "difficulty", 400)
        year = timezone.localdate(clock.now()).year
        if project.cap_year is not None and _net(seat, project, year) >= project.cap_year:
            raise refuse(
                _("今年的自创项目积分已达上限 %(cap)s 分，不能再提出自创项目。") % {"cap": project.cap_year},
                "past_cap",
                409,
            )
        proposed = SelfProject.objects.create(
            seat=seat,
            project=project,
            year=year,
            name=name[:100],
            description=description[:1000],
            difficulty=difficulty,
            proposed_at=clock.now(),
        )
        _audit(acting_user, Action.POINTS_SELF_PROPOSE, proposed, name=proposed.name, difficulty=difficulty)
        return proposed


def _decide_self_project(proposed: SelfProject, move: str, reason: str, acting_user: Any) -> SelfProject:
    with transaction.atomic():
        proposed = SELF_PROJECTS.locked(proposed)
        access.check_manages_seat(acting_user, proposed.seat)
        reason = (reason or "").strip()
        proposed.reason, proposed.decided_by = reason[:300], acting_user
        SELF_PROJECTS.move(proposed, move, acting_user, reason=reason, save=["reason", "decided_by"])
        action = Action.POINTS_SELF_APPROVE if move == "approve" else Action.POINTS_SELF_REFUSE
        _audit(acting_user, action, proposed, reason=reason)
        return proposed


def do_approve_self_project(*, proposed: SelfProject, acting_user: Any, reason: str = "") -> SelfProject:
    return _decide_self_project(proposed, "approve", reason, acting_user)


def do_refuse_self_project(*, proposed: SelfProject, reason: str, acting_user: Any) -> SelfProject:
    return _decide_self_project(proposed, "refuse", reason, acting_user)
