"""The two-way appraisal of a township (or street) and its villages (双向评议): two sessions made
together from one form by the township's managers, for one year:

- side ``offices``: the villages (and communities) rate the township's offices. The raters are
  the villages' representatives, one a village (e.g. each village's secretary), on the roster of
  a body of the township the township convenes for it; one form a village, in that body's
  meeting, by phone codes or on paper. Subjects: the township's offices (``web.cases`` offices of
  the township itself).
- side ``villages``: the township's leadership body (e.g. the street's party working committee)
  rates the villages and communities directly under the township, in its own meeting.

Each side is an ordinary session (``web.appraisals.actions``): it opens, is counted by the engine,
its flags become reviews and it is published on the board on its own. The pair is linked without
a column of its own: each session's ``settings`` holds ``two_way = {"side": …, "other": <the other
session's id>}``, written with both sessions in the one transaction that creates them and never
changed after. A township holds at most one two-way appraisal a year, so the board's page of the
pair is named by the township and the year."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from web.accounts.actors import Actor
from web.appraisals import actions
from web.appraisals.errors import AppraisalError
from web.appraisals.models import Session, Subject
from web.appraisals.queries import units_to_organise
from web.audit.actions import record
from web.audit.names import Action
from web.cases.models import Office
from web.meetings.models import Meeting
from web.org.models import Unit
from web.org.queries import check_may_place

KEY = "two_way"
OFFICES = "offices"  # the villages rate the township's offices
VILLAGES = "villages"  # the township rates its villages
TOWNSHIP_KINDS = (Unit.Kind.STREET, Unit.Kind.TOWNSHIP)
VILLAGE_KINDS = (Unit.Kind.VILLAGE, Unit.Kind.COMMUNITY)
#: the scales a side may use: grades of a collective (好/较好/一般/差) or satisfaction
SCALES = ("group", "satisfaction")
MODES = (Session.Mode.PHONE, Session.Mode.PAPER)


def _refuse(message: str, code: str, status: int = 422) -> AppraisalError:
    return AppraisalError(message, code=code, status=status)


def side_of(session: Session) -> str:
    return str(((session.settings or {}).get(KEY) or {}).get("side") or "")


def townships_to_organise(user: Any) -> QuerySet[Unit]:
    """The streets and townships the user manages: where a two-way appraisal may be set up."""
    return units_to_organise(user).filter(kind__in=TOWNSHIP_KINDS)


def offices_of(township: Unit) -> QuerySet[Office]:
    return Office.objects.filter(unit=township).order_by("duty", "id")


def villages_of(township: Unit) -> QuerySet[Unit]:
    return Unit.objects.filter(parent=township, kind__in=VILLAGE_KINDS).order_by("path")


def pair_in(township: Unit, year: int) -> tuple[Session, Session] | None:
    """The township's two-way appraisal of ``year``: (offices side, villages side)."""
    first = Session.objects.filter(unit=township, year=year, **{f"settings__{KEY}__side": OFFICES}).first()
    return pair_of(first) if first is not None else None


def pair_of(session: Session) -> tuple[Session, Session] | None:
    """The pair a session belongs to, offices side first; None for a session of no pair."""
    other_id = ((session.settings or {}).get(KEY) or {}).get("other")
    if not isinstance(other_id, int):
        return None
    other = Session.objects.select_related("unit", "poll", "meeting").filter(pk=other_id).first()
    if other is None or side_of(other) == side_of(session):
        return None
    this = Session.objects.select_related("unit", "poll", "meeting").get(pk=session.pk)
    return (this, other) if side_of(this) == OFFICES else (other, this)


@dataclass(frozen=True)
class TwoWayIn:
    """What the form gives: the year, the mode, the two meetings, the offices, the villages."""

    year: int
    mode: str
    offices_meeting: Meeting | None
    villages_meeting: Meeting | None
    offices: list[Office]
    villages: list[Unit]
    offices_scale: str = "group"
    villages_scale: str = "satisfaction"
    visibility: str = Session.Visibility.PUBLIC


def titles(township: Unit, year: int) -> tuple[str, str]:
    """The two sessions' titles, stored in the language of the one who sets them up (as a title
    typed on the form would be)."""
    names = {"year": year, "unit": township.name}
    return (
        _("%(year)d年度%(unit)s双向评议：村（社区）评议%(unit)s部门") % names,
        _("%(year)d年度%(unit)s双向评议：%(unit)s评议村（社区）") % names,
    )


def _check(township: Unit, given: TwoWayIn) -> None:
    if township.kind not in TOWNSHIP_KINDS:
        raise _refuse(_("双向评议由街道或乡镇组织。"), "not_township")
    if given.mode not in MODES:
        raise _refuse(_("双向评议在会议上进行：请选择手机测评码或纸质测评表。"), "bad_mode")
    if given.offices_scale not in SCALES or given.villages_scale not in SCALES:
        raise _refuse(_("双向评议的等级标准只能是“好、较好、一般、差”或“满意、基本满意、不满意”。"), "bad_scale")
    if not given.offices:
        raise _refuse(_("请选择被评议的部门。"), "no_offices")
    if not given.villages:
        raise _refuse(_("请选择被评议的村（社区）。"), "no_villages")
    for office in given.offices:
        if office.unit_id != township.pk:
            raise _refuse(
                _("“%(name)s”不是%(unit)s的部门。") % {"name": office.name, "unit": township.name}, "office_elsewhere"
            )
    for village in given.villages:
        if village.parent_id != township.pk or village.kind not in VILLAGE_KINDS:
            raise _refuse(
                _("“%(name)s”不是%(unit)s下属的村（社区）。") % {"name": village.name, "unit": township.name},
                "village_elsewhere",
            )
    if given.offices_meeting is None or given.villages_meeting is None:
        raise _refuse(_("请为两个方向各选择一个会议。"), "no_meeting")
    if given.offices_meeting.pk == given.villages_meeting.pk:
        raise _refuse(
            _(
                "两个方向的测评人不同：村（社区）代表评议部门，街道（乡镇）领导班子评议村（社区），请选择两个不同的会议。"
            ),
            "same_meeting",
        )
    if pair_in(township, given.year) is not None:
        raise _refuse(
            _("%(unit)s %(year)d 年度已有双向评议。") % {"unit": township.name, "year": given.year}, "pair_exists", 409
        )


@transaction.atomic
def do_create_two_way(*, township: Unit, given: TwoWayIn, acting_user: Actor) -> tuple[Session, Session]:
    """Set up both sessions of a two-way appraisal and link them. Refused with a sentence and
    nothing written: a unit that is not a street or township or that the user does not manage,
    an office not of the township, a village not directly under it, one meeting for both sides,
    a second pair in the same year, and every refusal of a session."""
    check_may_place(acting_user, township)
    township = Unit.objects.select_for_update().get(pk=township.pk)
    _check(township, given)
    up_title, down_title = titles(township, given.year)
    common: dict[str, Any] = {"unit": township, "year": given.year, "mode": given.mode, "visibility": given.visibility}
    offices = actions.do_create_session(
        **common,
        title=up_title,
        raters=Session.Raters.REPRESENTATIVES,
        scale=given.offices_scale,
        subjects=[actions.SubjectIn(name=o.name, kind=Subject.Kind.DEPARTMENT, office=o) for o in given.offices],
        meeting=given.offices_meeting,
        acting_user=acting_user,
    )
    villages = actions.do_create_session(
        **common,
        title=down_title,
        raters=Session.Raters.BODY,
        scale=given.villages_scale,
        subjects=[actions.SubjectIn(name=v.name, kind=Subject.Kind.VILLAGE, unit=v) for v in given.villages],
        meeting=given.villages_meeting,
        acting_user=acting_user,
    )
    offices.settings = {**offices.settings, KEY: {"side": OFFICES, "other": villages.pk}}
    villages.settings = {**villages.settings, KEY: {"side": VILLAGES, "other": offices.pk}}
    offices.save(update_fields=["settings"])
    villages.save(update_fields=["settings"])
    record(
        actor=acting_user,
        action=Action.APPRAISAL_TWO_WAY,
        obj=offices,
        changes={"two_way": [None, {OFFICES: offices.pk, VILLAGES: villages.pk}], "year": [None, given.year]},
    )
    return offices, villages
