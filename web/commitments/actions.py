"""Writes of the year's commitments: each step one action in one transaction with its audit entry.

The year moves collecting → adopted → reviewed only through ``do_adopt_year`` and
``do_review_year``; progress is posted once per commitment per quarter (held by a unique
constraint, so two posts at the same moment store one); the survey is counted by the engine
alone (``jiceng.record.tally``, kind ``survey``) and stored with its open record and SHA-256."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from jiceng.appraisal import FLAGS, SCALES
from jiceng.errors import RecordError
from jiceng.record import FORMAT, tally
from web.accounts.actors import Actor
from web.audit.actions import record
from web.audit.checkpoints import do_record_checkpoint
from web.audit.names import Action
from web.commitments import periods, queries
from web.commitments.errors import CommitmentError
from web.commitments.models import Commitment, CommitmentYear, Opinion, Progress, Reminder, Survey
from web.common import clock
from web.meetings.models import Meeting
from web.notify.outbox import notify
from web.notify.outbox import resolve as resolve_notices
from web.org.models import Person, Unit


def _refuse(message: object, code: str = "refused", status: int = 409) -> CommitmentError:
    return CommitmentError(message, code=code, status=status)


def _lock(year: CommitmentYear) -> CommitmentYear:
    return CommitmentYear.objects.select_for_update().select_related("unit").get(pk=year.pk)


def _check_meeting(year: CommitmentYear, meeting: Meeting | None) -> None:
    if meeting is not None and meeting.body.unit_id != year.unit_id:
        raise _refuse(_("只能关联本单位的会议。"), "wrong_meeting", 422)


@transaction.atomic
def do_create_year(*, unit: Unit, year: int, acting_user: Actor) -> CommitmentYear:
    if unit.kind not in queries.COMMITTING_KINDS:
        raise _refuse(_("年度承诺由村或社区作出，请在村或社区下建立。"), "wrong_unit", 422)
    if CommitmentYear.objects.filter(unit=unit, year=year).exists():
        raise _refuse(_("%(year)s 年度的承诺已经建立。") % {"year": year}, "duplicate", 409)
    try:
        with transaction.atomic():
            created = CommitmentYear.objects.create(
                unit=unit, year=year, created_by=acting_user, created_at=clock.now()
            )
    except IntegrityError:
        raise _refuse(_("%(year)s 年度的承诺已经建立。") % {"year": year}, "duplicate", 409) from None
    record(actor=acting_user, action=Action.COMMITMENTS_CREATE_YEAR, obj=created, changes={"year": [None, year]})
    return created


@transaction.atomic
def do_record_opinion(
    *,
    year: CommitmentYear,
    category: str,
    text: str,
    acting_user: Actor,
    group_name: str = "",
    grid: Unit | None = None,
    member: Person | None = None,
) -> Opinion:
    year = _lock(year)
    if year.state != CommitmentYear.State.COLLECTING:
        raise _refuse(_("意见征集已经结束（承诺已通过）。"), "wrong_state")
    if grid is not None and (grid.parent_id != year.unit_id or grid.kind != Unit.Kind.GRID):
        raise _refuse(_("只能选择本单位的网格。"), "wrong_grid", 422)
    if category == Opinion.Category.MEMBER and member is None:
        raise _refuse(_("对班子成员的意见须写明是哪一位成员。"), "member_missing", 422)
    opinion = Opinion.objects.create(
        year=year,
        category=category,
        text=text.strip(),
        group_name=group_name.strip(),
        grid=grid,
        member=member if category == Opinion.Category.MEMBER else None,
        recorded_by=acting_user,
        at=clock.now(),
    )
    record(
        actor=acting_user,
        action=Action.COMMITMENTS_RECORD_OPINION,
        obj=opinion,
        changes={
            "category": [None, category],
            "group": [None, opinion.group_label],
            "member": [None, opinion.member_id],
            "text": [None, opinion.text],
        },
    )
    return opinion


@transaction.atomic
def do_add_commitment(
    *,
    year: CommitmentYear,
    item: str,
    owner: Person,
    deadline: dt.date,
    budget: Decimal,
    category: str,
    acting_user: Actor,
) -> Commitment:
    year = _lock(year)
    if year.state != CommitmentYear.State.COLLECTING:
        raise _refuse(_("承诺已经通过，不能再增加事项。"), "wrong_state")
    if budget < 0:
        raise _refuse(_("计划投入不能为负数。"), "bad_budget", 422)
    if not owner.unit_path.startswith(year.unit.path):
        raise _refuse(_("责任人须是本单位的人员。"), "wrong_owner", 422)
    if deadline.year < year.year:
        raise _refuse(_("完成时限不能早于承诺年度。"), "bad_deadline", 422)
    commitment = Commitment.objects.create(
        year=year,
        item=item.strip(),
        owner=owner,
        deadline=deadline,
        budget=budget,
        category=category,
        created_by=acting_user,
        created_at=clock.now(),
    )
    record(
        actor=acting_user,
        action=Action.COMMITMENTS_ADD,
        obj=commitment,
        changes={
            "item": [None, commitment.item],
            "owner": [None, owner.pk],
            "deadline": [None, deadline],
            "budget": [None, budget],
            "category": [None, category],
        },
    )
    return commitment


@transaction.atomic
def do_adopt_year(
    *, year: CommitmentYear, meeting: Meeting | None, acting_user: Actor, note: str = ""
) -> CommitmentYear:
    """The joint meeting adopts the year's commitments (seed 001 part 3, step 2)."""
    year = _lock(year)
    if year.state != CommitmentYear.State.COLLECTING:
        raise _refuse(_("本年度的承诺已经通过。"), "wrong_state")
    _check_meeting(year, meeting)
    items = list(year.commitments.values_list("pk", "item"))
    if not items:
        raise _refuse(_("还没有承诺事项，不能通过。"), "no_items", 422)
    year.state, year.adopted_at, year.adopted_by, year.adopted_meeting = (
        CommitmentYear.State.ADOPTED,
        clock.now(),
        acting_user,
        meeting,
    )
    year.save(update_fields=["state", "adopted_at", "adopted_by", "adopted_meeting"])
    record(
        actor=acting_user,
        action=Action.COMMITMENTS_ADOPT,
        obj=year,
        reason=note.strip(),
        changes={
            "state": [CommitmentYear.State.COLLECTING, year.state],
            "meeting": [None, meeting.pk if meeting else None],
            "items": [None, [f"{pk} {item}" for pk, item in items]],
        },
    )
    return year


@transaction.atomic
def do_post_progress(*, commitment: Commitment, quarter: int, percent: int, text: str, acting_user: Actor) -> Progress:
    """Post a progress report. One report under 100% per quarter; completion (100%) at any time,
    also after the quarter's report, so an overdue item can still be completed. A report after
    the deadline is accepted and marked late. The item's reminders it answers are resolved: the
    quarter's "progress due", the month's "overdue" (the job asks again next month while the item
    stays overdue), and on completion all of them."""
    year = _lock(commitment.year)
    commitment = Commitment.objects.select_for_update().get(pk=commitment.pk)
    if year.state != CommitmentYear.State.ADOPTED:
        raise _refuse(_("只有已通过、尚未年终评议的承诺可以报送进展。"), "wrong_state")
    if commitment.dropped_at is not None:
        raise _refuse(_("该事项已撤销，不再报送进展。"), "dropped")
    if commitment.done_on is not None:
        raise _refuse(_("该事项已完成，不再报送进展。"), "done")
    if quarter not in (1, 2, 3, 4):
        raise _refuse(_("季度应为 1 到 4。"), "bad_quarter", 422)
    if not 0 <= percent <= 100:
        raise _refuse(_("完成比例应在 0 到 100 之间。"), "bad_percent", 422)
    today = queries.today()
    if periods.quarter_start(year.year, quarter) > today:
        raise _refuse(_("第 %(q)s 季度还没有开始，不能提前报送。") % {"q": quarter}, "future_quarter", 422)
    completes = percent == 100
    if not completes and commitment.progress.filter(quarter=quarter, percent__lt=100).exists():
        raise _quarter_twice(quarter)
    late = commitment.deadline < today
    try:
        with transaction.atomic():
            progress = Progress.objects.create(
                commitment=commitment,
                quarter=quarter,
                percent=percent,
                text=text.strip(),
                late=late,
                posted_by=acting_user,
                at=clock.now(),
            )
    except IntegrityError:
        raise _quarter_twice(quarter) from None
    changes: dict[str, Any] = {"quarter": [None, quarter], "percent": [None, percent], "text": [None, progress.text]}
    if late:
        changes["late"] = [None, True]
    if completes:
        commitment.done_on = today
        commitment.save(update_fields=["done_on"])
        changes["done_on"] = [None, today]
        answered = commitment.reminders.all()
    else:
        answered = commitment.reminders.filter(
            Q(reason=Reminder.Reason.PROGRESS_DUE, period=periods.quarter_label(year.year, quarter))
            | Q(reason=Reminder.Reason.OVERDUE)
        )
    resolved = _resolve(answered, Reminder.Resolution.DONE if completes else Reminder.Resolution.PROGRESS)
    if resolved:
        changes["reminders_resolved"] = [None, resolved]
    record(actor=acting_user, action=Action.COMMITMENTS_POST_PROGRESS, obj=commitment, changes=changes)
    do_record_checkpoint(reason="commitments.post_progress", acting_user=acting_user)
    return progress


def _quarter_twice(quarter: int) -> CommitmentError:
    return _refuse(
        _("第 %(q)s 季度的进展已经报送过，每个季度只报送一次。事项完成后，可以随时报送完成（100%%）。")
        % {"q": quarter},
        "quarter_twice",
    )


def _resolve(reminders: QuerySet[Reminder], resolution: str) -> list[int]:
    """Resolve the open ones of ``reminders`` and their notices (never deleted: they stay on the
    item's page marked with what answered them); the ids, for the audit entry of the action."""
    open_ones = list(reminders.filter(resolved_at__isnull=True).order_by("pk"))
    for reminder in open_ones:
        resolve_notices(reminder.notice_key)
    ids = [r.pk for r in open_ones]
    Reminder.objects.filter(pk__in=ids).update(resolved_at=clock.now(), resolution=resolution)
    return ids


@transaction.atomic
def do_drop_commitment(*, commitment: Commitment, reason: str, acting_user: Actor) -> Commitment:
    _lock(commitment.year)
    commitment = Commitment.objects.select_for_update().get(pk=commitment.pk)
    if not reason.strip():
        raise _refuse(_("撤销承诺事项须写明理由。"), "reason_missing", 422)
    if commitment.dropped_at is not None or commitment.done_on is not None:
        raise _refuse(_("该事项已完成或已撤销。"), "wrong_state")
    commitment.dropped_at, commitment.drop_reason = clock.now(), reason.strip()[:300]
    commitment.save(update_fields=["dropped_at", "drop_reason"])
    changes: dict[str, Any] = {"dropped_at": [None, commitment.dropped_at]}
    resolved = _resolve(commitment.reminders.all(), Reminder.Resolution.DROPPED)
    if resolved:
        changes["reminders_resolved"] = [None, resolved]
    record(
        actor=acting_user,
        action=Action.COMMITMENTS_DROP,
        obj=commitment,
        reason=commitment.drop_reason,
        changes=changes,
    )
    return commitment


@transaction.atomic
def do_review_year(*, year: CommitmentYear, meeting: Meeting | None, note: str, acting_user: Actor) -> CommitmentYear:
    """At year end the same joint meeting reviews the commitments (seed 001 part 3, step 4)."""
    year = _lock(year)
    if year.state != CommitmentYear.State.ADOPTED:
        raise _refuse(_("只有已通过的承诺可以进行年终评议。"), "wrong_state")
    _check_meeting(year, meeting)
    today = queries.today()
    states = {c.pk: c.state_on(today) for c in year.commitments.all()}
    year.state, year.reviewed_at, year.reviewed_by, year.review_meeting, year.review_note = (
        CommitmentYear.State.REVIEWED,
        clock.now(),
        acting_user,
        meeting,
        note.strip(),
    )
    year.save(update_fields=["state", "reviewed_at", "reviewed_by", "review_meeting", "review_note"])
    changes: dict[str, Any] = {
        "state": [CommitmentYear.State.ADOPTED, year.state],
        "meeting": [None, meeting.pk if meeting else None],
        "states": [None, states],
    }
    # the year is closed: nothing more can be posted, so its reminders stop asking
    resolved = _resolve(Reminder.objects.filter(commitment__year=year), Reminder.Resolution.REVIEWED)
    if resolved:
        changes["reminders_resolved"] = [None, resolved]
    record(actor=acting_user, action=Action.COMMITMENTS_REVIEW, obj=year, reason=year.review_note, changes=changes)
    return year


SUBJECT_NAMES = {
    Survey.Post.COMMITTEES: gettext_noop("“两委”班子"),
    Survey.Post.SECRETARY: gettext_noop("党组织书记"),
    Survey.Post.DIRECTOR: gettext_noop("村（居）委会主任"),
    Survey.Post.MEMBER: gettext_noop("“两委”成员"),
}


def survey_record(
    year: CommitmentYear, *, forms: dict[str, int], committees: dict[str, int], cadres: list[dict[str, Any]]
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The open record (``kind: survey``, counts entered by hand) and who each subject is.

    The record is written in Chinese whatever the page's language: it is the document of the
    survey as the township ran it."""
    subjects = [{"id": "committees", "name": SUBJECT_NAMES[Survey.Post.COMMITTEES]}]
    who: list[dict[str, Any]] = [{"id": "committees", "person_id": None, "post": Survey.Post.COMMITTEES.value}]
    counts = {"committees": _grades(committees)}
    for row in cadres:
        person: Person = row["person"]
        sid = f"p{person.pk}"
        name = gettext_noop("%(name)s（%(post)s）") % {"name": person.name, "post": SUBJECT_NAMES[row["post"]]}
        subjects.append({"id": sid, "name": name})
        who.append({"id": sid, "person_id": person.pk, "post": str(row["post"])})
        counts[sid] = _grades(row)
    doc = {
        "format": FORMAT,
        "kind": "survey",
        "title": gettext_noop("%(unit)s %(year)s 年度“两委”班子及干部满意度测评")
        % {"unit": year.unit.name, "year": year.year},
        "scale": "satisfaction",
        "settings": {"abstentions_in_base": True},
        "rules": {"flags": {"satisfaction_below_60": FLAGS["satisfaction_below_60"].rule}},
        "subjects": subjects,
        "forms": {"returned": forms["returned"], "blank": forms["blank"], "spoiled": forms["spoiled"]},
        "counts": counts,
    }
    return doc, who


def _grades(row: dict[str, Any]) -> dict[str, int]:
    """The counts under the engine's grade names (满意, 基本满意, 不满意: the satisfaction scale)."""
    satisfied, basic, unsatisfied = SCALES["satisfaction"]
    return {
        satisfied: int(row.get("satisfied") or 0),
        basic: int(row.get("basic") or 0),
        unsatisfied: int(row.get("unsatisfied") or 0),
    }


@transaction.atomic
def do_enter_survey(
    *,
    year: CommitmentYear,
    forms: dict[str, int],
    committees: dict[str, int],
    cadres: list[dict[str, Any]],
    acting_user: Actor,
) -> Survey:
    """Store the year-end survey: the counts become an open record that the engine counts."""
    year = _lock(year)
    if year.state != CommitmentYear.State.REVIEWED:
        raise _refuse(_("年终评议之后才能录入满意度测评。"), "wrong_state")
    if Survey.objects.filter(year=year).exists():
        raise _refuse(_("本年度的满意度测评已经录入。"), "duplicate")
    for row in cadres:
        if not row["person"].unit_path.startswith(year.unit.path):
            raise _refuse(_("测评对象须是本单位的人员。"), "wrong_person", 422)
    doc, who = survey_record(year, forms=forms, committees=committees, cadres=cadres)
    try:
        result = tally(doc)
    except RecordError as exc:
        raise _refuse(_engine_message(exc), "engine_refused", 422) from None
    survey = Survey.objects.create(
        year=year,
        subjects=who,
        record=doc,
        record_sha256=result["record_sha256"],
        result=result,
        entered_by=acting_user,
        entered_at=clock.now(),
    )
    record(
        actor=acting_user,
        action=Action.COMMITMENTS_ENTER_SURVEY,
        obj=survey,
        changes={
            "record_sha256": [None, survey.record_sha256],
            "status": [None, result["status"]],
            "flagged": [None, result["flagged"]],
        },
    )
    return survey


def _engine_message(exc: RecordError) -> str:
    """The engine's reason in the reader's words (its messages are bilingual, ``english / 中文``)."""
    text = exc.message
    zh = text.split(" / ")[-1]
    if "more grades than" in text:
        return _("某一测评对象的满意、基本满意、不满意之和多于有效测评表数（收回减空白、废表）。")
    if "fewer forms returned" in text:
        return _("收回测评表少于空白表与废表之和。")
    return _("测评数据有误：%(reason)s") % {"reason": zh}


def run_reminders(*, today: dt.date) -> list[Reminder]:
    """Record the reminders due ``today``: quarterly progress due and not posted, and items past
    their deadline and not done. Unique per item, reason and period, so a second run adds none.

    Each new reminder notifies the item's owner (责任人) in the same transaction, keyed by the
    reminder: in the inbox, and by SMS and email as they chose (``web.notify``)."""
    made: list[Reminder] = []
    quarter = periods.quarter_of(today)
    due = periods.is_progress_due(today)
    open_items = (
        Commitment.objects.filter(
            year__state=CommitmentYear.State.ADOPTED, dropped_at__isnull=True, done_on__isnull=True
        )
        .select_related("year__unit", "owner")
        .order_by("pk")
    )
    for item in open_items:
        wanted: list[tuple[str, str]] = []
        if due and item.year.year == today.year and not item.progress.filter(quarter=quarter).exists():
            wanted.append((Reminder.Reason.PROGRESS_DUE, periods.quarter_label(today.year, quarter)))
        if item.deadline < today:
            wanted.append((Reminder.Reason.OVERDUE, f"{today.year}-{today.month:02d}"))
        for reason, period in wanted:
            with transaction.atomic():
                reminder, created = Reminder.objects.get_or_create(
                    commitment=item, reason=reason, period=period, defaults={"created_at": clock.now()}
                )
                if created:
                    _notify_owner(reminder, quarter=quarter)
            if created:
                made.append(reminder)
    return made


def _notify_owner(reminder: Reminder, *, quarter: int) -> None:
    item = reminder.commitment
    context: dict[str, Any] = {"unit": item.year.unit.name, "item": item.item}
    if reminder.reason == Reminder.Reason.PROGRESS_DUE:
        kind = "commitment.progress_due"
        context |= {"quarter": quarter, "due": periods.quarter_end(item.year.year, quarter).isoformat()}
    else:
        kind = "commitment.overdue"
        context |= {"deadline": item.deadline.isoformat()}
    notify(item.owner, kind, context, key=reminder.notice_key, link=item.get_absolute_url())
