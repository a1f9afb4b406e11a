"""A quarter's scorecard of a street or district: the record read from the cases, counted by the
engine (``jiceng.scorecard``), published with its SHA-256 for anyone to recount.

Which cases count: those located under the unit and first dispatched in the quarter (the clock
starts at dispatch), not left out of scoring. Each is counted for the office that holds it now
(its main office at the end: after an escalation, the office above), except a return, which is
counted for the office that returned it; an office that returned a case that ended elsewhere
has it among its dispatched cases too, so no count exceeds the one it is part of. An escalation
gives the office above a fresh deadline; when the case's deadline had passed before it, the
office it was taken from (``Case.late_office``) counts it as due and not answered on time. Read
in five grouped queries, whatever the number of cases.

A published scorecard is never changed: a late correction is a matter for the next quarter."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from jiceng.record import FORMAT, record_sha256, tally
from jiceng.scorecard import COUNTS, RATING_PARTS
from web.accounts.actors import Actor
from web.audit.actions import record as audit
from web.audit.names import Action
from web.cases.access import refuse
from web.cases.models import Case, CaseEvent, Office, Rating, Scorecard
from web.common import clock
from web.org.models import Unit
from web.org.queries import can_manage_path

#: the engine's tier of each office level: offices are ranked only against their own level
TIERS = {
    Office.Level.GRID: "grid",
    Office.Level.COMMUNITY: "community",
    Office.Level.STREET: "street",
    Office.Level.DISTRICT: "district",
}
#: the settings every published scorecard uses (printed with it)
SETTINGS = {"bottom": 5, "min_cases": 10}
SCORING_KINDS = frozenset({Unit.Kind.STREET, Unit.Kind.TOWNSHIP, Unit.Kind.DISTRICT})


def quarter_span(year: int, quarter: int) -> tuple[dt.datetime, dt.datetime]:
    """The quarter's first moment and the first moment after it, in the local time zone."""
    first = dt.date(year, 3 * quarter - 2, 1)
    after = dt.date(year + (quarter == 4), 1 if quarter == 4 else 3 * quarter + 1, 1)
    aware = timezone.get_current_timezone()
    return (
        dt.datetime.combine(first, dt.time.min, tzinfo=aware),
        dt.datetime.combine(after, dt.time.min, tzinfo=aware),
    )


def last_quarter(today: dt.date) -> tuple[int, int]:
    quarter = (today.month - 1) // 3 + 1
    return (today.year - 1, 4) if quarter == 1 else (today.year, quarter - 1)


def build_record(unit: Unit, year: int, quarter: int) -> dict[str, Any]:
    """The open record of the unit's quarter (no names, phones or addresses: offices, categories,
    counts, and the case numbers left out with their reasons)."""
    start, end = quarter_span(year, quarter)
    cohort = Case.objects.filter(unit_path__startswith=unit.path, dispatched_at__gte=start, dispatched_at__lt=end)
    scored = cohort.filter(excluded="", office__isnull=False)
    satisfied_at = 3
    rows = scored.values("office_id", "service_code").annotate(
        dispatched=Count("id"),
        signed=Count("id", filter=Q(signed_at__isnull=False)),
        signed_on_time=Count("id", filter=Q(signed_at__lte=F("sign_by"))),
        replied=Count("id", filter=Q(replied_at__isnull=False)),
        replied_on_time=Count("id", filter=Q(replied_at__lte=F("reply_by"))),
        redone=Count("id", filter=Q(redos__gt=0, replied_at__isnull=False)),
        # the first verified visit: a redo after a dissatisfied answer does not wipe it out
        visited=Count("id", filter=Q(first_satisfaction__isnull=False)),
        solved=Count("id", filter=Q(first_satisfaction__isnull=False, first_solved=True)),
        satisfied=Count("id", filter=Q(first_satisfaction__gte=satisfied_at)),
    )
    counts: dict[tuple[int, str], dict[str, int]] = {}
    for grouped in rows:
        row: dict[str, Any] = dict(grouped)
        key = (row.pop("office_id"), row.pop("service_code"))
        counts[key] = {**row, "returned": 0}
    # returns, for the office that made them (distinct cases); one that ended elsewhere is added
    # to that office's dispatched cases
    returns = (
        CaseEvent.objects.filter(kind=CaseEvent.Kind.RETURNED, case__in=scored.values("id"))
        .values("office_id", "case__service_code")
        .annotate(
            cases=Count("case", distinct=True),
            elsewhere=Count("case", distinct=True, filter=~Q(case__office_id=F("office_id"))),
        )
    )
    for returned in returns:
        by: dict[str, Any] = dict(returned)
        entry = counts.setdefault((by["office_id"], by["case__service_code"]), dict.fromkeys(COUNTS, 0))
        entry["returned"] += by["cases"]
        entry["dispatched"] += by["elsewhere"]
    # a case escalated after its deadline had passed counts, for the office it was taken from, as
    # due there and not answered on time (in its replied, never in its replied_on_time; in its
    # dispatched when the case ended elsewhere); the office above is judged by its fresh deadline
    late = (
        scored.filter(late_office__isnull=False)
        .exclude(late_office_id=F("office_id"))
        .order_by()
        .values("late_office_id", "service_code")
        .annotate(n=Count("id"))
    )
    for missed in late:
        entry = counts.setdefault((missed["late_office_id"], missed["service_code"]), dict.fromkeys(COUNTS, 0))
        entry["dispatched"] += missed["n"]
        entry["replied"] += missed["n"]
    ratings = (
        Rating.objects.filter(case__in=scored.values("id"))
        .values("office_id", "case__service_code")
        .annotate(
            n=Count("id"),
            attitude=Sum("attitude"),
            speed=Sum("speed"),
            style=Sum("style"),
            satisfaction=Sum("satisfaction"),
        )
    )
    rated: dict[tuple[int, str], dict[str, int]] = {}
    for rating in ratings:
        sums: dict[str, Any] = dict(rating)
        rated[(sums["office_id"], sums["case__service_code"])] = {
            "count": sums["n"],
            **{k: sums[k] for k in RATING_PARTS},
        }
    offices = {o.pk: o for o in Office.objects.filter(pk__in={k[0] for k in counts} | {k[0] for k in rated})}
    # without the default ordering: DISTINCT would otherwise run over every case's date and id
    names = dict(cohort.order_by().values_list("service_code", "entry__name").distinct())
    excluded = list(
        cohort.exclude(excluded="")
        .filter(office__isnull=False)
        .values_list("pk", "office_id", "service_code", "excluded")[:5000]
    )
    offices.update({o.pk: o for o in Office.objects.filter(pk__in={row[1] for row in excluded} - set(offices))})
    return {
        "format": FORMAT,
        "kind": "scorecard",
        "title": f"{unit.name} {year} Q{quarter}",
        "period": {"from": start.date().isoformat(), "to": (end.date() - dt.timedelta(days=1)).isoformat()},
        # satisfied: the top three levels of the national five-level scale (very satisfied, satisfied, basically)
        "settings": {**SETTINGS, "satisfied_levels": [5, 4, 3]},
        "units": [
            {"id": f"o{o.pk}", "name": o.name, "tier": TIERS[Office.Level(o.level)]}
            for o in sorted(offices.values(), key=lambda o: (-o.level, o.code))
        ],
        "counts": [
            {
                "unit": f"o{office_id}",
                "category": code,
                "category_name": names.get(code, code),
                **{name: c.get(name, 0) for name in COUNTS},
                **({"ratings": rated[(office_id, code)]} if (office_id, code) in rated else {}),
            }
            for (office_id, code), c in sorted(counts.items())
        ],
        "excluded": [
            {"case": str(pk), "unit": f"o{office_id}", "category": code, "reason": reason}
            for pk, office_id, code, reason in excluded
        ],
    }


@transaction.atomic
def do_publish_scorecard(*, unit: Unit, year: int, quarter: int, acting_user: Actor | None) -> Scorecard:
    """Publish the quarter's scorecard once it is over (by street staff, or by the scheduler)."""
    if unit.kind not in SCORING_KINDS:
        raise refuse(_("诉求办理考核按街道、乡镇或区发布。"), "wrong_unit", 422)
    if acting_user is not None and not can_manage_path(acting_user, unit.path):
        raise refuse(_("只有本单位的工作人员可以发布考核结果。"), "not_staff", 403)
    if quarter not in (1, 2, 3, 4):
        raise refuse(_("季度应为 1 到 4。"), "bad_quarter", 422)
    if quarter_span(year, quarter)[1] > clock.now():
        raise refuse(_("这个季度还没有结束，结束后才能发布考核结果。"), "quarter_not_over", 409)
    if Scorecard.objects.filter(unit=unit, year=year, quarter=quarter).exists():
        raise refuse(_("这个季度的考核结果已经发布。"), "published", 409)
    doc = build_record(unit, year, quarter)
    result = tally(doc)
    try:
        with transaction.atomic():
            card = Scorecard.objects.create(
                unit=unit,
                year=year,
                quarter=quarter,
                record=doc,
                result=result,
                record_sha256=record_sha256(doc),
                published_at=clock.now(),
                published_by=acting_user,
            )
    except IntegrityError:
        raise refuse(_("这个季度的考核结果已经发布。"), "published", 409) from None
    audit(
        actor=acting_user,
        action=Action.SCORECARD_PUBLISH,
        obj=card,
        changes={"year": [None, year], "quarter": [None, quarter], "record_sha256": [None, card.record_sha256]},
    )
    return card


def publish_due(*, today: dt.date | None = None) -> list[int]:
    """The scheduler's job: last quarter's scorecard for every street, township and district where
    it is not published yet. Run again, it publishes nothing more."""
    day = today or timezone.localdate(clock.now())
    year, quarter = last_quarter(day)
    made = []
    units = Unit.objects.filter(kind__in=SCORING_KINDS).order_by("path")
    for unit in units.exclude(scorecards__year=year, scorecards__quarter=quarter):
        made.append(do_publish_scorecard(unit=unit, year=year, quarter=quarter, acting_user=None).pk)
    return made
