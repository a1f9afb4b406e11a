"""Writes of a case: each move one action in one transaction, with its history event (through
``web.cases.flow.CASES``), its audit entry and its notices (through the outbox, so they leave
only if the move commits).

The clock starts at the first dispatch (``dispatched_at``, ``reply_by``) and is not reset by a
return or a transfer; each office's sign-for window (``sign_by``) starts when the case reaches
it. Deadlines count working days (``web.cases.deadlines``)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from web.accounts.actors import Actor
from web.audit.actions import record
from web.audit.names import Action
from web.cases import access, codes, deadlines, escalation, notices
from web.cases.flow import CASES
from web.cases.models import Assist, Case, CaseEvent, Entry, EscalationRule, Office, Rating, Visit
from web.common import clock
from web.org.models import Person, Unit

refuse = access.refuse

#: the longest description Open311 takes (GeoReport v2: 4,000 characters)
MAX_DESCRIPTION = 4000
#: the kinds of unit a case may be located at
PLACE_KINDS = frozenset({Unit.Kind.COMMUNITY, Unit.Kind.VILLAGE, Unit.Kind.GRID, Unit.Kind.BUILDING})


class ReturnReason:
    """Why an office returns a case (退单): a code, and the words shown for it."""

    NOT_OURS = "not_ours"
    WRONG_PLACE = "wrong_place"
    DUPLICATE = "duplicate"
    UNCLEAR = "unclear"
    OTHER = "other"
    CHOICES = (
        (NOT_OURS, gettext_lazy("不属于本单位职责")),
        (WRONG_PLACE, gettext_lazy("地点不在本单位辖区")),
        (DUPLICATE, gettext_lazy("重复诉求")),
        (UNCLEAR, gettext_lazy("诉求内容不清，无法办理")),
        (OTHER, gettext_lazy("其他")),
    )
    CODES = frozenset(code for code, _label in CHOICES)


def clean_description(text: str) -> str:
    """The description as kept: HTML tags stripped, surrounding space trimmed; refused when empty
    or longer than Open311 allows."""
    cleaned = strip_tags(text or "").strip()
    if not cleaned:
        raise refuse(_("请写明诉求内容。"), "description_required", 400)
    if len(cleaned) > MAX_DESCRIPTION:
        raise refuse(
            _("诉求内容最多 %(max)s 字，现在是 %(n)s 字。") % {"max": MAX_DESCRIPTION, "n": len(cleaned)},
            "description_too_long",
            400,
        )
    return cleaned


def _lock(case: Case) -> Case:
    return CASES.locked(case, "entry", "unit", "office")


def _audit(actor: Any, action: Action, case: Case, **changes: Any) -> None:
    record(actor=actor, action=action, obj=case, changes={k: [None, v] for k, v in changes.items()})


# ---- intake -------------------------------------------------------------------------------------


@transaction.atomic
def do_take_case(
    *,
    channel: str,
    entry: Entry,
    unit: Unit,
    description: str,
    acting_user: Actor | None,
    address: str = "",
    lat: Decimal | None = None,
    long: Decimal | None = None,
    requester: Person | None = None,
    requester_name: str = "",
    requester_phone: str = "",
    consent: bool = False,
    representative: Actor | None = None,
) -> tuple[Case, str]:
    """Register a request from any channel; returns the case and its tracking code (shown once).

    ``acting_user`` is who entered it (None for a resident online without an account); a
    resident signed in is their own requester. A case entered on someone's behalf needs their
    consent noted; one without an account needs a phone number to answer."""
    if channel not in Case.Channel.values:
        raise refuse(_("未知的受理渠道。"), "bad_channel", 400)
    if unit.kind not in PLACE_KINDS:
        raise refuse(_("请选择诉求所在的社区、村、网格或楼栋。"), "bad_place", 400)
    catalogue = access.catalogue_for(unit)
    if catalogue is None or entry.catalogue_id != catalogue.pk:
        raise refuse(_("这个类别不在当地现行的派单目录中。"), "bad_entry", 400)
    text = clean_description(description)
    on_behalf = channel in (Case.Channel.REPRESENTATIVE, Case.Channel.GRID, Case.Channel.PHONE, Case.Channel.PAPER)
    if on_behalf and (acting_user is None or not access.may_take_at(acting_user, unit)):
        raise refuse(_("您不负责这个地方，不能代为登记这里的诉求。"), "not_your_place", 403)
    if on_behalf and not consent:
        raise refuse(_("代为登记要先征得诉求人同意，并勾选“本人同意代为登记”。"), "consent_required", 400)
    user_requester = acting_user if channel == Case.Channel.ACCOUNT else None
    if user_requester is not None and requester is None:
        requester = getattr(user_requester, "person", None)
    phone = (requester_phone or "").strip() or (requester.phone if requester is not None else "")
    if acting_user is None and not phone:
        raise refuse(_("请留下手机号，办理结果和回访会发到这个号码。"), "phone_required", 400)
    now = clock.now()
    code = codes.new_code()
    case = Case.objects.create(
        channel=channel,
        entry=entry,
        service_code=entry.service_code,
        description=text,
        unit=unit,
        address=address.strip()[:200],
        lat=lat,
        long=long,
        requester=requester,
        requester_user=user_requester,
        requester_name=(requester_name or (requester.name if requester is not None else "")).strip()[:50],
        requester_phone=phone[:20],
        consent=consent,
        code_hash=codes.code_hash(code),
        token=codes.new_token(),
        received_at=now,
        taken_by=acting_user if channel != Case.Channel.ACCOUNT else None,
        representative=representative,
        lead=access.lead_for(unit, acting_user),
        level=entry.level,
    )
    CASES.event(case, CaseEvent.Kind.RECEIVED, acting_user, code=channel)
    record(
        actor=acting_user or _("网上诉求人"),
        action=Action.CASE_TAKE,
        obj=case,
        changes={"channel": [None, channel], "service_code": [None, entry.service_code]},
    )
    return case, code


# ---- dispatch, sign, return -----------------------------------------------------------------


def _check_office_for(case: Case, office: Office) -> None:
    """The office may take the case: it covers the place, and a department's case is not pushed
    down below the level the catalogue gives it."""
    if not (case.unit_path.startswith(office.unit_path) or office.unit_path.startswith(case.unit_path)):
        raise refuse(_("这个单位不管辖诉求所在的地方。"), "office_out_of_place", 422)
    entry = case.entry
    if entry.duty and office.level < entry.level:
        raise refuse(
            _("派单目录规定这类诉求由%(level)s主管，不能派到下级。") % {"level": Office.Level(entry.level).label},
            "pushed_down",
            422,
        )


@transaction.atomic
def do_dispatch_case(*, case: Case, acting_user: Actor, office: Office | None = None) -> Case:
    """Send the case to an office (the catalogue's, unless the dispatcher chooses another); the
    first dispatch starts the clock."""
    case = _lock(case)
    access.check_dispatches(acting_user, case)
    target = office or access.route(case)
    if target is None:
        raise refuse(_("派单目录指定的单位还没有设立，请选择承办单位。"), "no_office", 422)
    _check_office_for(case, target)
    now = clock.now()
    entry = case.entry
    fields = ["office", "sign_by", "signed_at", "transfers"]
    if case.dispatched_at is None:
        case.dispatched_at = now
        case.reply_by = deadlines.after(now, entry.reply_within, urgent=entry.urgent)
        fields += ["dispatched_at", "reply_by"]
    elif case.office_id is not None and case.office_id != target.pk:
        case.transfers += 1
    case.office = target
    case.sign_by = deadlines.after(now, entry.sign_within, urgent=entry.urgent)
    case.signed_at = None
    CASES.move(case, "dispatch", acting_user, save=fields, event={"office": target})
    _audit(acting_user, Action.CASE_DISPATCH, case, office=target.name)
    notices.dispatched(case)
    return case


@transaction.atomic
def do_sign_case(*, case: Case, acting_user: Actor) -> Case:
    case = _lock(case)
    access.check_handles(acting_user, case)
    case.signed_at = clock.now()
    CASES.move(case, "sign", acting_user, save=["signed_at"], event={"office": case.office})
    _audit(acting_user, Action.CASE_SIGN, case, office=case.office.name if case.office else "")
    notices.signed(case)
    return case


@transaction.atomic
def do_return_case(*, case: Case, reason_code: str, reason: str, acting_user: Actor) -> Case:
    """退单: the office gives the case back to the dispatcher, with a reason code and the evidence."""
    case = _lock(case)
    access.check_handles(acting_user, case)
    if reason_code not in ReturnReason.CODES:
        raise refuse(_("请选择退单理由。"), "reason_code_required", 422)
    office = case.office
    assert office is not None
    entry = case.entry
    if (
        reason_code == ReturnReason.NOT_OURS
        and entry.duty
        and office.duty == entry.duty
        and office.level >= entry.level
    ):
        raise refuse(_("派单目录规定这类诉求由本部门主管，不能以“不属于本单位职责”退单。"), "catalogue_says_yours", 422)
    case.returns += 1
    CASES.move(
        case, "return", acting_user, reason=reason, save=["returns"], event={"office": office, "code": reason_code}
    )
    _audit(acting_user, Action.CASE_RETURN, case, office=office.name, reason_code=reason_code)
    notices.returned(case)
    return escalation.after_action(case)


@transaction.atomic
def do_send_back_case(*, case: Case, reason: str, acting_user: Actor) -> Case:
    """The dispatcher does not accept the return: the same office must sign for it again."""
    case = _lock(case)
    access.check_dispatches(acting_user, case)
    entry = case.entry
    case.sign_by = deadlines.after(clock.now(), entry.sign_within, urgent=entry.urgent)
    CASES.move(case, "send_back", acting_user, reason=reason, save=["sign_by"], event={"office": case.office})
    _audit(acting_user, Action.CASE_SEND_BACK, case, office=case.office.name if case.office else "")
    notices.sent_back(case)
    return case


@transaction.atomic
def do_add_assist(*, case: Case, office: Office, acting_user: Actor) -> Assist:
    """An assisting office (协办) beside the main one, added by the main office or a dispatcher."""
    case = _lock(case)
    if not (access.handles(acting_user, case) or access.dispatches(acting_user, case)):
        raise refuse(_("只有主办单位或派单员可以增加协办单位。"), "not_your_office", 403)
    if not case.is_open:
        raise refuse(_("已办结的诉求不能再增加协办单位。"), "closed", 409)
    if case.state == Case.State.RETURNED:
        raise refuse(_("退单待派单员审核期间不能增加协办单位：请派单员先重新派单或退回。"), "returned", 409)
    if office.pk == case.office_id:
        raise refuse(_("主办单位不必再作为协办单位。"), "already_main", 422)
    if case.assists.filter(office=office).exists():
        raise refuse(_("%(office)s 已经是协办单位。") % {"office": office.name}, "already_assisting", 409)
    assist = Assist.objects.create(case=case, office=office, added_at=clock.now())
    CASES.event(case, CaseEvent.Kind.ASSIST, acting_user, office=office)
    _audit(acting_user, Action.CASE_ASSIST, case, office=office.name)
    return assist


@transaction.atomic
def do_extend_case(*, case: Case, days: int, reason: str, acting_user: Actor) -> Case:
    """延期: once, before the deadline, by at most the catalogue's handling time, with a reason the
    requester sees."""
    case = _lock(case)
    access.check_handles(acting_user, case)
    entry = case.entry
    if case.extended:
        raise refuse(_("这件诉求已经延期过一次，不能再延期。"), "extended_once", 409)
    if case.reply_by is None or clock.now() >= case.reply_by:
        raise refuse(_("延期要在办理时限之前申请；已经逾期的诉求不能延期。"), "too_late", 409)
    if not 1 <= days <= entry.reply_within:
        raise refuse(_("延期天数应在 1 到 %(max)s 之间。") % {"max": entry.reply_within}, "bad_days", 422)
    case.reply_by = deadlines.after(case.reply_by, days, urgent=entry.urgent)
    case.extended = True
    case.extension_reason = reason.strip()[:300]
    CASES.move(case, "extend", acting_user, reason=reason, save=["reply_by", "extended", "extension_reason"])
    _audit(acting_user, Action.CASE_EXTEND, case, reply_by=case.reply_by.isoformat(), reason=case.extension_reason)
    notices.extended(case)
    return case


@transaction.atomic
def do_reply_case(*, case: Case, text: str, acting_user: Actor) -> Case:
    """答复: the office's answer, sent to the requester and to the representative who took it."""
    case = _lock(case)
    access.check_handles(acting_user, case)
    reply = strip_tags(text or "").strip()
    if not reply:
        raise refuse(_("请写明答复内容。"), "reply_required", 422)
    if len(reply) > 2000:
        raise refuse(_("答复最多 2000 字。"), "reply_too_long", 422)
    case.reply = reply
    case.replied_at = clock.now()
    CASES.move(case, "reply", acting_user, save=["reply", "replied_at"], event={"office": case.office})
    _audit(acting_user, Action.CASE_REPLY, case, office=case.office.name if case.office else "")
    notices.replied(case)
    return case


@transaction.atomic
def do_visit_case(
    *, case: Case, method: str, satisfaction: int, solved: bool, acting_user: Actor | None, note: str = ""
) -> Visit:
    """回访: the requester's satisfaction on the five-level scale. A dissatisfied answer sends the
    case back to its office to be redone (within ``deadlines.REDO_DAYS`` working days); the
    escalation rules then see it. ``acting_user`` None is the requester answering by the SMS link."""
    case = _lock(case)
    if acting_user is not None and not (
        access.dispatches(acting_user, case) or case.lead_id in access.office_ids(acting_user)
    ):
        raise refuse(_("回访由首接单位或派单员进行。"), "not_visitor", 403)
    if method not in Visit.Method.values:
        raise refuse(_("请选择回访方式。"), "bad_method", 422)
    if satisfaction not in Visit.Satisfaction.values:
        raise refuse(_("请选择满意程度。"), "bad_satisfaction", 422)
    now = clock.now()
    visit = Visit.objects.create(
        case=case,
        method=method,
        verified=True,
        satisfaction=satisfaction,
        solved=solved,
        note=note.strip()[:500],
        at=now,
        by=acting_user,
    )
    first = case.first_satisfaction is None
    if first:
        case.first_satisfaction, case.first_solved = satisfaction, solved
    firsts = ["first_satisfaction", "first_solved"] if first else []
    if satisfaction <= Visit.DISSATISFIED_AT:
        case.redos += 1
        case.dissatisfied += 1
        case.reply_by = deadlines.after(now, deadlines.REDO_DAYS, urgent=False)
        CASES.move(
            case,
            "redo",
            acting_user,
            reason=note,
            save=["redos", "dissatisfied", "reply_by", *firsts],
            event={"code": method},
        )
    else:
        case.satisfaction = satisfaction
        case.solved = solved
        CASES.move(case, "visit", acting_user, save=["satisfaction", "solved", *firsts], event={"code": method})
    record(
        actor=acting_user or _("诉求人"),
        action=Action.CASE_VISIT,
        obj=case,
        changes={"satisfaction": [None, satisfaction], "solved": [None, solved], "method": [None, method]},
    )
    escalation.after_action(case)
    return visit


@transaction.atomic
def do_close_case(*, case: Case, acting_user: Actor, reason: str = "") -> Case:
    """办结, after a satisfied visit; or, with the reason, when no visit could reach the requester
    (the case then has no satisfaction and counts in no satisfaction rate)."""
    case = _lock(case)
    if not (access.dispatches(acting_user, case) or case.lead_id in access.office_ids(acting_user)):
        raise refuse(_("办结由首接单位或派单员确认。"), "not_closer", 403)
    name = "close_unvisited" if case.state == Case.State.REPLIED else "close"
    CASES.move(case, name, acting_user, reason=reason)
    _audit(acting_user, Action.CASE_CLOSE, case, visited=name == "close")
    return case


@transaction.atomic
def do_merge_case(*, case: Case, into: Case, acting_user: Actor) -> Case:
    """合并: a duplicate joins the case it repeats; its requester is told with that case's news."""
    case = _lock(case)
    access.check_dispatches(acting_user, case)
    target = CASES.locked(into)
    if target.pk == case.pk:
        raise refuse(_("不能把诉求合并到它自己。"), "same_case", 422)
    if not target.is_open:
        raise refuse(_("只能合并到还在办理的诉求。"), "target_closed", 409)
    if target.merged_into_id is not None:
        raise refuse(_("那件诉求本身已合并到别的诉求。"), "target_merged", 409)
    access.check_dispatches(acting_user, target)
    case.merged_into = target
    CASES.move(case, "merge", acting_user, save=["merged_into"], event={"code": str(target.pk)[:16]})
    _audit(acting_user, Action.CASE_MERGE, case, into=target.pk)
    return case


@transaction.atomic
def do_escalate_case(*, case: Case, acting_user: Actor | None, reason: str, rule: EscalationRule | None = None) -> Case:
    """提级督办: the office a level up takes the case (the one below stays on it as assisting) and
    must sign for it. By a dispatcher, or by the scheduler when a rule's count is reached.

    The office above gets a fresh handling deadline: the catalogue's handling time from now (never
    earlier than the deadline running). The case's original deadline is kept (``first_reply_by``)
    and, when it had passed, the office below is recorded (``late_office``): the scorecards count
    the case against that office's on-time rate, and the office above by its own deadline."""
    case = _lock(case)
    if acting_user is not None:
        access.check_dispatches(acting_user, case)
    target = access.next_office(case)
    if target is None:
        raise refuse(_("已经是最高一级，不能再提级。"), "top_level", 409)
    below = case.office
    if below is not None and not case.assists.filter(office=below).exists():
        Assist.objects.create(case=case, office=below, added_at=clock.now())
    entry = case.entry
    now = clock.now()
    fields = ["office", "level", "escalated", "sign_by", "signed_at", "reply_by"]
    if case.reply_by is not None and case.first_reply_by is None:
        case.first_reply_by = case.reply_by  # the original deadline, kept
        fields.append("first_reply_by")
    if case.reply_by is not None and case.reply_by < now and case.late_office_id is None and below is not None:
        case.late_office = below  # it let the deadline pass: the scorecards count that against it
        fields.append("late_office")
    if case.dispatched_at is None:  # escalated before any dispatch: the clock starts as it reaches an office
        case.dispatched_at = now
        fields.append("dispatched_at")
    fresh = deadlines.after(now, entry.reply_within, urgent=entry.urgent)
    case.reply_by = fresh if case.reply_by is None else max(case.reply_by, fresh)
    case.office = target
    case.level = target.level
    case.escalated += 1
    case.sign_by = deadlines.after(now, entry.sign_within, urgent=entry.urgent)
    case.signed_at = None
    CASES.move(
        case,
        "escalate",
        acting_user,
        reason=reason,
        save=fields,
        event={"office": target, "code": rule.trigger if rule is not None else ""},
    )
    record(
        actor=acting_user,
        action=Action.CASE_ESCALATE,
        obj=case,
        changes={"office": [below.name if below else None, target.name], "level": [None, target.level]},
        reason=reason,
    )
    notices.escalated(case)
    return case


@transaction.atomic
def do_exclude_case(*, case: Case, reason: str, acting_user: Actor) -> Case:
    """Leave the case out of the scorecards (to litigation, 信访, judged unreasonable by review):
    listed with the reason beside every scorecard it would have counted in."""
    case = _lock(case)
    access.check_dispatches(acting_user, case)
    reason = reason.strip()
    if not reason:
        raise refuse(_("不计入考核要写明理由。"), "reason_required", 422)
    case.excluded = reason[:200]
    case.save(update_fields=["excluded"])
    CASES.event(case, CaseEvent.Kind.EXCLUDED, acting_user, reason=reason)
    _audit(acting_user, Action.CASE_EXCLUDE, case, excluded=case.excluded)
    return case


@transaction.atomic
def do_refer_case(*, case: Case, to: Actor, reason: str, acting_user: Actor) -> Case:
    """转交: a representative passes a request outside their field to another representative."""
    from web.org.models import Role

    case = _lock(case)
    if case.representative_id != acting_user.pk:
        raise refuse(_("只有联系这件诉求的代表可以转交。"), "not_your_case", 403)
    if to.pk == acting_user.pk:
        raise refuse(_("不能转交给自己。"), "same_representative", 422)
    if not Role.objects.filter(user=to, kind=Role.Kind.REPRESENTATIVE).exists():
        raise refuse(_("只能转交给其他代表。"), "not_representative", 422)
    if not reason.strip():
        raise refuse(_("转交要写明理由。"), "reason_required", 422)
    case.representative = to
    case.save(update_fields=["representative"])
    CASES.event(case, CaseEvent.Kind.REFERRED, acting_user, reason=reason)
    record(
        actor=acting_user,
        action=Action.CASE_REFER,
        obj=case,
        changes={"representative": [acting_user.pk, to.pk]},
        reason=reason,
    )
    return case


@transaction.atomic
def do_rate_office(
    *, case: Case, office: Office, attitude: int, speed: int, style: int, satisfaction: int, acting_user: Actor
) -> Rating:
    """A representative rates an office's handling of a case they raised (seed 003), once."""
    case = _lock(case)
    if case.representative_id != acting_user.pk:
        raise refuse(_("只有联系这件诉求的代表可以评价承办单位。"), "not_your_case", 403)
    if case.replied_at is None:
        raise refuse(_("答复之后才能评价。"), "not_replied", 409)
    handled = {case.office_id, *case.assists.values_list("office_id", flat=True)}
    if office.pk not in handled:
        raise refuse(_("只能评价办理过这件诉求的单位。"), "not_handled", 422)
    scores = (attitude, speed, style, satisfaction)
    if any(not (isinstance(s, int) and 1 <= s <= 5) for s in scores):
        raise refuse(_("每一项评分在 1 到 5 之间。"), "bad_score", 422)
    if Rating.objects.filter(case=case, office=office, representative=acting_user).exists():
        raise refuse(_("您已经评价过这个单位对这件诉求的办理。"), "rated", 409)
    rating = Rating.objects.create(
        case=case,
        office=office,
        representative=acting_user,
        attitude=attitude,
        speed=speed,
        style=style,
        satisfaction=satisfaction,
        at=clock.now(),
    )
    record(
        actor=acting_user,
        action=Action.CASE_RATE,
        obj=case,
        changes={"office": [None, office.name], "scores": [None, list(scores)]},
    )
    return rating


def overdue(case: Case, *, now: dt.datetime | None = None) -> bool:
    """Still with an office after its reply deadline."""
    moment = now or clock.now()
    return case.state in Case.HANDLING and case.reply_by is not None and case.reply_by < moment
