"""The public evaluation of departments (部门公众评议、民主评议部门; seed 002, DOMAIN.md §4.3):
once a year a district or street asks representatives and residents how satisfied they are
with each of its departments, by unnamed survey codes over a window, and the bottom five are
named for the organisation to hold accountable (a flag: never an automatic sanction).

A department evaluation is an appraisal session (``web.appraisals.actions``) of one kind: the
organising unit is a district, street or township; the subjects are its own departments (the
``web.cases`` offices that sit in it with a duty); the raters are the codes the organiser
counts out, so many for the representatives and so many for a sample of residents (the session
keeps both numbers in ``settings``); the scale is satisfaction; and the poll asks the engine to
rank the departments by the satisfaction rate and name the bottom (``settings.bottom``, 5 by
default). Each department in the bottom, and each tied at its cut-off, becomes a ``Review``.

Beside the result, and never in it, the page shows each department's requests scorecard figures
of the same year (the quarters the unit published, ``web.cases.scorecards``): context that
the organisation reads with the count, with a link to each published scorecard."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from jiceng.appraisal import SCALES
from web.accounts.actors import Actor
from web.appraisals import actions
from web.appraisals.errors import AppraisalError
from web.appraisals.models import Session, Subject
from web.cases.models import Office, Scorecard
from web.org.models import Body, Unit
from web.org.queries import check_may_place

EVALUATION = "departments"
ORGANISING_KINDS = (Unit.Kind.DISTRICT, Unit.Kind.STREET, Unit.Kind.TOWNSHIP)
BOTTOM = 5
MAX_BOTTOM = 10
MAX_CODES = 20000
#: the engine ranks by the satisfaction rate (满意+基本满意, the scale's two better grades) over the base
RANK_BY = list(SCALES["satisfaction"][:2])


def _refuse(message: str, code: str) -> AppraisalError:
    return AppraisalError(message, code=code, status=422)


def is_department_evaluation(session: Session) -> bool:
    return (session.settings or {}).get("evaluation") == EVALUATION


def departments_of(unit: Unit) -> QuerySet[Office]:
    """The unit's own departments: the offices that sit in it with a duty."""
    return Office.objects.filter(unit=unit).exclude(duty="").order_by("code")


def may_organise(unit: Unit) -> bool:
    return unit.kind in ORGANISING_KINDS


def _counts(representatives: Any, residents: Any) -> tuple[int, int]:
    if not all(isinstance(n, int) and not isinstance(n, bool) and n >= 0 for n in (representatives, residents)):
        raise _refuse(_("代表和居民的测评码份数要是不小于 0 的整数。"), "bad_counts")
    if representatives + residents < 1:
        raise _refuse(_("请写明发给代表和居民的测评码份数（合计至少 1 份）。"), "bad_counts")
    if representatives + residents > MAX_CODES:
        raise _refuse(_("测评码合计最多 %(n)d 份。") % {"n": MAX_CODES}, "bad_counts")
    return representatives, residents


@transaction.atomic
def do_create_department_evaluation(
    *,
    unit: Unit,
    title: str,
    year: int,
    offices: list[Office],
    body: Body | None,
    representatives: int,
    residents: int,
    opens_at: dt.datetime | None,
    closes_at: dt.datetime | None,
    bottom: int = BOTTOM,
    visibility: str = Session.Visibility.PUBLIC,
    acting_user: Actor,
) -> Session:
    """Set up the year's department evaluation of ``unit`` (a session by survey codes on the
    satisfaction scale, ranked by the engine with its bottom ``bottom``). Refused with a
    sentence, nothing stored: a unit the user does not manage (403), a unit that is not a
    district, street or township, no department, an office that is not one of the unit's own
    departments, code counts that are not whole numbers or add up to none, a bottom outside
    1–10, and every refusal of a survey session (its window, its body, its title and year)."""
    check_may_place(acting_user, unit)
    if not may_organise(unit):
        raise _refuse(_("部门公众评议由区、街道或乡镇组织。"), "wrong_unit")
    if not offices:
        raise _refuse(_("请选择参加评议的部门。"), "no_subjects")
    outside = next((o for o in offices if o.unit_id != unit.pk or not o.duty), None)
    if outside is not None:
        raise _refuse(
            _("“%(office)s”不是%(unit)s的部门，不能参加这次评议。") % {"office": outside.name, "unit": unit.name},
            "office_elsewhere",
        )
    if len({o.pk for o in offices}) != len(offices):
        raise _refuse(_("同一个部门选了两次。"), "duplicate_subject")
    reps, sample = _counts(representatives, residents)
    if not isinstance(bottom, int) or isinstance(bottom, bool) or not 1 <= bottom <= MAX_BOTTOM:
        raise _refuse(_("末位名额应在 1 到 %(n)d 之间。") % {"n": MAX_BOTTOM}, "bad_bottom")
    return actions.do_create_session(
        unit=unit,
        title=title,
        year=year,
        mode=Session.Mode.SURVEY,
        raters=Session.Raters.PERSONS,
        scale="satisfaction",
        subjects=[actions.SubjectIn(name=o.name, kind=Subject.Kind.DEPARTMENT, office=o) for o in offices],
        visibility=visibility,
        body=body,
        opens_at=opens_at,
        closes_at=closes_at,
        ranking={"bottom": bottom, "rank_by": list(RANK_BY)},
        flags={},  # the bottom is the evaluation's one flag (not the villages' 60% bar of seed 001)
        more_settings={"evaluation": EVALUATION, "representatives": reps, "residents": sample},
        rater_count=reps + sample,
        acting_user=acting_user,
    )


# ---- what the pages show ----------------------------------------------------------------------


def raters_words(session: Session) -> str:
    settings = session.settings or {}
    return _("代表 %(reps)d 份、居民 %(residents)d 份（测评码，无记名）") % {
        "reps": settings.get("representatives", 0),
        "residents": settings.get("residents", 0),
    }


def ranking(session: Session) -> dict[str, Any] | None:
    """The engine's ranking and bottom in the page's language: each department from the lowest
    with its rank and share, marked when in the bottom or tied at the cut-off, and the engine's
    sentence. Nothing is counted here."""
    result = session.poll.result or {}
    bottom = result.get("bottom")
    if not bottom:
        return None
    english = (get_language() or "").startswith("en")
    tie = bottom.get("tie") or {"subjects": [], "places": 0}
    names = {s["id"]: s["name"] for s in result["subjects"]}
    rows = [
        {
            "name": row["name"],
            "rank": row["rank"],
            "percent": row["share"]["percent"],
            "fraction": row["share"]["fraction"],
            "bottom": row["subject"] in bottom["subjects"],
            "tied": row["subject"] in tie["subjects"],
        }
        for row in result["ranking"]
    ]
    return {
        "places": bottom["places"],
        "rows": rows,
        "sentence": bottom["en" if english else "zh"],
        "bottom_names": [names[s] for s in bottom["subjects"]],
        "tied_names": [names[s] for s in tie["subjects"]],
        "tie_places": tie["places"],
        "not_ranked": [names[s] for s in bottom["not_ranked"]],
    }


def scorecard_context(session: Session) -> dict[str, Any]:
    """Each department's requests scorecard figures of the session's year, from the quarters the
    organising unit published: the score (of 100) or "not ranked", and whether the scorecard put
    it in its tier's bottom or tie. Context only: the evaluation's count never reads it."""
    cards = list(Scorecard.objects.filter(unit_id=session.unit_id, year=session.year).order_by("quarter"))
    offices = list(session.subjects.filter(office__isnull=False).select_related("office").order_by("key"))
    quarters = [{"quarter": c.quarter, "url": reverse("cases_board:scorecard", args=[c.pk])} for c in cards]
    rows = []
    for subject in offices:
        uid = f"o{subject.office_id}"
        cells = []
        for card in cards:
            unit = next((u for u in card.result.get("units", []) if u["id"] == uid), None)
            tier = next((t for t in card.result.get("tiers", []) if uid in t["ranked"] + t["not_ranked"]), None)
            tie = (tier or {}).get("tie") or {"units": []}
            cells.append(
                {
                    "points": unit["score"]["points"] if unit and unit.get("score") and unit["ranked"] else None,
                    "cases": unit["counts"]["dispatched"] if unit else 0,
                    "bottom": bool(tier and uid in tier["bottom"]),
                    "tied": uid in tie["units"],
                }
            )
        rows.append({"name": subject.name, "cells": cells})
    return {"quarters": quarters, "rows": rows}


def page_context(session: Session) -> dict[str, Any]:
    if not is_department_evaluation(session):
        return {"departments": None}
    return {"departments": {"ranking": ranking(session), "scorecards": scorecard_context(session)}}
