"""The representatives' actions: each one transaction that checks the actor on the objects as they
are now, writes, and appends one audit entry; a refusal is a sentence (``RepsError``) and nothing
is written."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from web.accounts.actors import Actor
from web.audit.actions import record
from web.audit.names import Action
from web.cases.intake.forms import LANDLINE, MOBILE, normalise_phone
from web.cases.models import Case, CaseEvent
from web.common import clock
from web.org.models import Body, BodySeat, Unit
from web.reps import access
from web.reps.access import refuse
from web.reps.models import Answer, Attendance, Field, Link, Profile, SeatField, Training
from web.reps.queries import LINKED_KINDS

#: the most attendances one record takes (a class of the whole congress)
MAX_ATTENDANCE = 500


def _seat(seat: BodySeat) -> BodySeat:
    """The seat as it is now, locked, with its person and body."""
    now = BodySeat.objects.select_for_update().select_related("person__unit", "body__unit").filter(pk=seat.pk).first()
    if now is None:
        raise refuse(_("这个席位已不存在。"), "no_seat", 404)
    access.check_representative(now)
    return now


# ---- the profile ---------------------------------------------------------------------------------


@transaction.atomic
def do_save_profile(
    *,
    seat: BodySeat,
    fields: Iterable[str],
    intro: str,
    acting_user: Actor,
    public_phone: str | None = None,
) -> Profile:
    """A representative's fields of work and intro, by themselves or by liaison staff of their
    places; the public phone only by the representative (``None``: left as it is)."""
    seat = _seat(seat)
    own = access.is_own(acting_user, seat)
    if not own:
        access.check_manages_seat(acting_user, seat)
    chosen = sorted(set(fields))
    if any(f not in Field.values for f in chosen):
        raise refuse(_("请从列表中选择履职领域。"), "bad_field", 422)
    intro = " ".join(intro.split())
    if len(intro) > 300:
        raise refuse(_("简介不超过 300 字。"), "intro_too_long", 422)
    profile, _made = Profile.objects.select_for_update().get_or_create(seat=seat)
    before = {
        "fields": sorted(seat.rep_fields.values_list("field", flat=True)),
        "intro": profile.intro,
        "public_phone": bool(profile.public_phone),
    }
    if public_phone is not None and normalise_phone(public_phone) != profile.public_phone:
        if not own:
            raise refuse(_("只有代表本人可以公开或撤下自己的电话。"), "not_own_phone", 403)
        phone = normalise_phone(public_phone)
        if phone and not (MOBILE.match(phone) or LANDLINE.match(phone)):
            raise refuse(_("请填写正确的手机号或带区号的固定电话。"), "bad_phone", 422)
        profile.public_phone = phone
    profile.intro = intro
    profile.updated_at = clock.now()
    profile.save()
    SeatField.objects.filter(seat=seat).exclude(field__in=chosen).delete()
    have = set(SeatField.objects.filter(seat=seat).values_list("field", flat=True))
    SeatField.objects.bulk_create([SeatField(seat=seat, field=f) for f in chosen if f not in have])
    after = {"fields": chosen, "intro": profile.intro, "public_phone": bool(profile.public_phone)}
    # the phone itself stays out of the log: whether one is published is what changed
    record(
        actor=acting_user,
        action=Action.REPS_PROFILE,
        obj=profile,
        changes={k: [before[k], after[k]] for k in after if before[k] != after[k]},
    )
    return profile


# ---- links (挂点) ---------------------------------------------------------------------------------


@transaction.atomic
def do_link(*, seat: BodySeat, unit: Unit, since: dt.date, acting_user: Actor) -> Link:
    """Link a representative to a village or community from ``since``, by its liaison staff."""
    seat = _seat(seat)
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    if unit.kind not in LINKED_KINDS:
        raise refuse(_("代表挂点到村或社区。"), "not_a_village", 422)
    if not unit.path.startswith(seat.body.unit.path):
        raise refuse(_("这个村（社区）不在本届党代会的范围内。"), "outside_congress", 422)
    access.check_manages_path(acting_user, unit.path, _("只有这个村（社区）的联络工作人员可以安排挂点。"))
    if seat.since is not None and since < seat.since:
        raise refuse(_("挂点不能早于代表任职日期。"), "before_term", 422)
    if since > timezone.localdate(clock.now()) + dt.timedelta(days=366):
        raise refuse(_("挂点开始日期不能晚于一年以后。"), "too_far", 422)
    if Link.objects.filter(seat=seat, unit=unit, until__isnull=True).exists():
        raise refuse(_("这位代表已经挂点这个村（社区）。"), "linked", 409)
    link = Link.objects.create(seat=seat, unit=unit, since=since)
    record(
        actor=acting_user,
        action=Action.REPS_LINK,
        obj=link,
        changes={"seat": [None, seat.pk], "unit": [None, unit.name], "since": [None, since.isoformat()]},
    )
    return link


@transaction.atomic
def do_end_link(*, link: Link, until: dt.date, reason: str, acting_user: Actor) -> Link:
    """End a link on ``until`` with a reason; the link stays as the record."""
    now = Link.objects.select_for_update().select_related("unit", "seat__person").filter(pk=link.pk).first()
    if now is None:
        raise refuse(_("这个挂点已不存在。"), "no_link", 404)
    link = now
    access.check_manages_path(acting_user, link.unit.path, _("只有这个村（社区）的联络工作人员可以结束挂点。"))
    if link.until is not None:
        raise refuse(_("这个挂点已经结束。"), "ended", 409)
    if until < link.since:
        raise refuse(_("结束日期不能早于开始日期。"), "ends_before", 422)
    reason = " ".join(reason.split())
    if not reason:
        raise refuse(_("结束挂点要写明原因。"), "reason_required", 422)
    link.until, link.ended_reason = until, reason[:200]
    link.save(update_fields=["until", "ended_reason"])
    record(
        actor=acting_user,
        action=Action.REPS_UNLINK,
        obj=link,
        changes={"until": [None, until.isoformat()]},
        reason=reason,
    )
    return link


# ---- training --------------------------------------------------------------------------------------


@transaction.atomic
def do_add_training(
    *, congress: Body, unit: Unit, title: str, held_on: dt.date, place: str, organiser: str, acting_user: Actor
) -> Training:
    """A training session of the congress's representatives, kept by the liaison staff of ``unit``."""
    congress = Body.objects.select_related("unit").get(pk=congress.pk)
    if congress.kind != Body.Kind.CONGRESS:
        raise refuse(_("培训是为党代会代表举办的。"), "not_a_congress", 422)
    unit = Unit.objects.get(pk=unit.pk)
    if not unit.path.startswith(congress.unit.path) or unit.kind not in access.LIAISON_KINDS:
        raise refuse(_("培训由区或街道（乡镇）的联络工作人员登记。"), "not_liaison_unit", 422)
    access.check_manages_path(acting_user, unit.path, _("只有这个单位的联络工作人员可以登记培训。"))
    title, place, organiser = (" ".join(t.split()) for t in (title, place, organiser))
    if not (title and place and organiser):
        raise refuse(_("培训名称、地点和主办单位都要填写。"), "incomplete", 422)
    training = Training.objects.create(
        body=congress,
        unit=unit,
        title=title[:100],
        held_on=held_on,
        place=place[:100],
        organiser=organiser[:100],
        created_at=clock.now(),
    )
    record(
        actor=acting_user,
        action=Action.REPS_TRAINING,
        obj=training,
        changes={"title": [None, training.title], "held_on": [None, held_on.isoformat()]},
    )
    return training


@transaction.atomic
def do_record_attendance(*, training: Training, seats: Iterable[BodySeat], acting_user: Actor) -> list[Attendance]:
    """Representatives who attended a training that has taken place, recorded by its staff."""
    training = Training.objects.select_for_update().select_related("unit").get(pk=training.pk)
    access.check_manages_path(acting_user, training.unit.path, _("只有登记这次培训的单位的联络工作人员可以签到。"))
    if training.held_on > timezone.localdate(clock.now()):
        raise refuse(_("培训举行之后才能登记签到。"), "not_held", 409)
    ids = sorted({s.pk for s in seats})
    if not ids:
        raise refuse(_("请选择参加培训的代表。"), "none_chosen", 422)
    if len(ids) > MAX_ATTENDANCE:
        raise refuse(_("一次最多登记 500 名代表。"), "too_many", 422)
    found = set(
        BodySeat.objects.filter(pk__in=ids, body=training.body_id, post=BodySeat.Post.REPRESENTATIVE).values_list(
            "pk", flat=True
        )
    )
    if found != set(ids):
        raise refuse(_("只能登记本届党代会的代表。"), "not_a_representative", 422)
    already = set(Attendance.objects.filter(training=training, seat_id__in=ids).values_list("seat_id", flat=True))
    new = [i for i in ids if i not in already]
    if not new:
        raise refuse(_("这些代表已经登记过签到。"), "recorded", 409)
    at = clock.now()
    made = Attendance.objects.bulk_create(
        [Attendance(training=training, seat_id=i, recorded_by_id=acting_user.pk, recorded_at=at) for i in new]
    )
    record(actor=acting_user, action=Action.REPS_ATTENDANCE, obj=training, changes={"seats": [None, new]})
    return made


# ---- referrals -------------------------------------------------------------------------------------


def referral_to(case: Case) -> CaseEvent | None:
    """The referral that brought ``case`` to its representative now: its last ``referred`` event,
    when someone else made it (a representative who passes a case on is no longer its
    representative)."""
    event = case.events.filter(kind=CaseEvent.Kind.REFERRED).order_by("-id").first()
    if event is None or case.representative_id is None or event.by_id == case.representative_id:
        return None
    return event


@transaction.atomic
def do_answer_referral(*, event: CaseEvent, text: str, acting_user: Actor) -> Answer:
    """The representative a request was referred to says what they will do (once per referral)."""
    case = Case.objects.select_for_update().filter(pk=event.case_id).first()
    if case is None:
        raise refuse(_("没有找到这件诉求。"), "no_case", 404)
    if case.representative_id != acting_user.pk or referral_to(case) != event:
        raise refuse(_("只有这件诉求转交到的代表可以回复。"), "not_yours", 403)
    if Answer.objects.filter(event=event).exists():
        raise refuse(_("这次转交已经回复过。"), "answered", 409)
    text = " ".join(text.split())
    if not text:
        raise refuse(_("请写下回复。"), "text_required", 422)
    if len(text) > 500:
        raise refuse(_("回复不超过 500 字。"), "text_too_long", 422)
    answer = Answer.objects.create(event=event, by_id=acting_user.pk, text=text, at=clock.now())
    record(actor=acting_user, action=Action.REPS_ANSWER, obj=case, changes={"answer": [None, text]})
    return answer
