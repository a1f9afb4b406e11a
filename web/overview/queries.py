"""The reads of the overview: one row per village or community under a unit, in a fixed
number of queries whatever the number of communities.

Each figure is counted over the community's whole subtree (its grids and buildings), with
one grouped query per kind of figure over the unit's subtree; the rows are then filled in
Python by the community each counted path lies in. The totals roll up the whole subtree,
the unit's own matters and meetings included.

What keeps an election's stage from finishing is its kind's own reading
(``web.elections.kinds.blockers``), a few queries per stage: ``add_blockers`` asks it only
for the rows shown (a page of them), so the page's queries grow with the page size, never
with the number of communities.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from django.db.models import Count, OuterRef, Q, Subquery
from django.utils.translation import gettext as _

from web.commitments.models import Commitment, CommitmentYear, Survey
from web.commitments.queries import COMMITTING_KINDS
from web.common.rates import Rate, shown_with_denominator
from web.deliberation.models import MatterStep, step_kind_choices
from web.elections.kinds import KINDS as STAGE_KINDS
from web.elections.kinds import blockers
from web.elections.models import Election, Stage
from web.meetings.models import Meeting
from web.org.models import Unit
from web.org.queries import under_paths, viewable_paths
from web.reps import queries as reps


@dataclass(frozen=True)
class Satisfaction:
    """The committees' satisfaction rate of a year-end survey, as the engine counted it: the count
    of 满意 + 基本满意 over its base, the engine's percentage and whether its 60% flag is raised."""

    year: int
    year_id: int
    count: int
    base: int
    percent: str
    below_60: bool

    @property
    def value(self) -> Fraction:
        return Fraction(self.count, self.base) if self.base else Fraction(0)

    def __str__(self) -> str:
        return shown_with_denominator(self.count, self.base, self.percent)


@dataclass
class ElectionNow:
    """The election a community is in: the newest running one, else one being prepared, else
    the last one done."""

    id: int
    title: str
    state: str
    state_label: str
    stage_id: int | None
    stage_name: str
    #: 1-based position of the active stage, and how many stages there are
    position: int
    stages: int
    #: the active stage's blockers as sentences (read for the rows shown: ``add_blockers``)
    blockers: list[str] = field(default_factory=list)
    #: other elections running at the same time in the community
    others_running: int = 0

    @property
    def order(self) -> tuple[int, int]:
        """Running first (by how far they are), then those being prepared, then the done."""
        rank = 0 if self.state == Election.State.RUNNING else 1 if self.state == Election.State.DRAFT else 2
        return (rank, -self.position)


def _rate_of(count: str, of: str) -> property:
    """A row's ``count`` over its ``of`` as a ``Rate``."""
    return property(lambda row: Rate(getattr(row, count), getattr(row, of)))


@dataclass
class Row:
    unit_id: int
    name: str
    kind: str
    kind_label: str
    code: str
    #: matters in progress by the kind of their active step
    steps: dict[str, int] = field(default_factory=dict)
    done: int = 0
    on_track: int = 0
    overdue: int = 0
    commitments: int = 0
    meetings: int = 0
    meetings_held: int = 0
    election: ElectionNow | None = None
    satisfaction: Satisfaction | None = None
    flagged_surveys: int = 0
    surveyed: int = 0
    #: ``steps`` in the order of the table's step columns (``Overview.step_kinds``)
    step_cells: list[int] = field(default_factory=list)
    #: the same with each column's name, for a phone, where each figure is led by its name
    named_step_cells: list[tuple[str, int]] = field(default_factory=list)
    #: representatives of the party congress linked here now (None: no congress covers it), and
    #: how many of them are flagged for training (web.reps)
    reps: int | None = None
    reps_untrained: int = 0

    @property
    def matters(self) -> int:
        return sum(self.steps.values())

    done_rate = _rate_of("done", "commitments")
    on_track_rate = _rate_of("on_track", "commitments")
    overdue_rate = _rate_of("overdue", "commitments")
    held_rate = _rate_of("meetings_held", "meetings")

    @property
    def problems(self) -> list[str]:
        """What needs the street's attention here, in words (the filter 只看有问题的 keeps these).
        An election's blockers are not among them: a running stage has work left by nature, and
        they are read only for the rows shown."""
        found = []
        if self.overdue:
            found.append(_("有逾期承诺"))
        if self.satisfaction is not None and self.satisfaction.below_60:
            found.append(_("满意率低于 60%"))
        if self.reps == 0:
            found.append(_("没有挂点党代表"))
        if self.reps_untrained:
            found.append(_("挂点代表两年未培训"))
        return found


@dataclass
class Overview:
    unit: Unit
    year: int
    today: dt.date
    rows: list[Row]
    #: the whole subtree, the unit's own matters and meetings included
    total: Row
    #: the kinds of step some matter is in now, in the registry's order: the table's columns
    step_kinds: list[tuple[str, str]]
    #: the party congress over the unit and its representatives living here (web.reps), if any
    reps: RepsHere | None = None


@dataclass(frozen=True)
class RepsHere:
    """The congress's representatives who live under the unit: how many, how many are linked to no
    village or community, how many are flagged for training (never, or over two years ago)."""

    congress_id: int
    living: int
    unlinked: int
    untrained: int


def _community_of(path: str, rows: dict[int, Row]) -> Row | None:
    """The row of the village or community ``path`` lies in (villages do not nest)."""
    for part in path.strip("/").split("/"):
        row = rows.get(int(part))
        if row is not None:
            return row
    return None


def _communities(unit: Unit, user: Any) -> list[Row]:
    units = (
        Unit.objects.filter(path__startswith=unit.path, kind__in=COMMITTING_KINDS)
        .filter(under_paths("path", viewable_paths(user)))
        .order_by("path")
        .values_list("pk", "name", "kind", "code")
    )
    return [Row(pk, name, kind, str(Unit.Kind(kind).label), code) for pk, name, kind, code in units]


def overview(unit: Unit, user: Any, *, today: dt.date, year: int | None = None) -> Overview:
    """Every village and community under ``unit`` that ``user`` may see, with its figures for
    ``year`` (``today``'s year unless given) and its last survey up to that year: six queries,
    whatever their number. A commitment of the year not done by its deadline is overdue as of
    ``today``."""
    rows = _communities(unit, user)
    by_id = {r.unit_id: r for r in rows}
    total = Row(unit.pk, unit.name, unit.kind, str(unit.get_kind_display()), unit.code)
    where = unit.path
    year = year or today.year

    steps = (
        MatterStep.objects.filter(state=MatterStep.State.ACTIVE, matter__unit__path__startswith=where)
        .values_list("matter__unit__path", "kind")
        .annotate(n=Count("id"))
        .order_by()
    )
    for path, kind, n in steps:
        for row in _targets(path, by_id, total):
            row.steps[kind] = row.steps.get(kind, 0) + n

    alive = Q(year__year=year, dropped_at__isnull=True) & ~Q(year__state=CommitmentYear.State.COLLECTING)
    commitments = (
        Commitment.objects.filter(alive, year__unit__path__startswith=where)
        .values_list("year__unit__path")
        .annotate(
            n=Count("id"),
            done=Count("id", filter=Q(done_on__isnull=False)),
            overdue=Count("id", filter=Q(done_on__isnull=True, deadline__lt=today)),
        )
        .order_by()
    )
    for path, n, done, overdue in commitments:
        for row in _targets(path, by_id, total):
            row.commitments += n
            row.done += done
            row.overdue += overdue
            row.on_track += n - done - overdue

    meetings = (
        Meeting.objects.filter(body__unit__path__startswith=where, starts_at__year=year)
        .values_list("body__unit__path")
        .annotate(n=Count("id"), held=Count("id", filter=Q(state=Meeting.State.CLOSED)))
        .order_by()
    )
    for path, n, held in meetings:
        for row in _targets(path, by_id, total):
            row.meetings += n
            row.meetings_held += held

    _add_surveys(where, by_id, total, up_to=year)
    _add_elections(where, by_id)
    here = _add_reps(unit, by_id, total, today=today)
    kinds_now = {k for r in (total, *rows) for k in r.steps}
    step_kinds = [(key, str(name)) for key, name in step_kind_choices() if key in kinds_now]
    for row in (total, *rows):
        row.step_cells = [row.steps.get(key, 0) for key, _name in step_kinds]
        row.named_step_cells = [(name, row.steps.get(key, 0)) for key, name in step_kinds]
    return Overview(unit=unit, year=year, today=today, rows=rows, total=total, step_kinds=step_kinds, reps=here)


def years(unit: Unit, *, today: dt.date) -> list[int]:
    """The years the overview of ``unit`` may show, newest first: this year and every year some
    unit under it has commitments for (one query)."""
    found = CommitmentYear.objects.filter(unit__path__startswith=unit.path).values_list("year", flat=True).distinct()
    return sorted({today.year, *found}, reverse=True)


def _targets(path: str, by_id: dict[int, Row], total: Row) -> Iterable[Row]:
    yield total
    row = _community_of(path, by_id)
    if row is not None:
        yield row


def _add_surveys(where: str, by_id: dict[int, Row], total: Row, *, up_to: int) -> None:
    """Each community's last survey up to the year ``up_to`` (the newest year that has one)."""
    surveys = (
        Survey.objects.filter(
            year__unit__path__startswith=where, year__unit__kind__in=COMMITTING_KINDS, year__year__lte=up_to
        )
        .order_by("year__unit_id", "-year__year")
        .values_list("year__unit_id", "year__year", "year_id", "result")
    )
    for unit_id, year, year_id, result in surveys:
        row = by_id.get(unit_id)
        if row is None or row.satisfaction is not None:
            continue
        row.satisfaction = satisfaction_of(year, year_id, result)
        if row.satisfaction is not None:
            total.surveyed += 1
            total.flagged_surveys += row.satisfaction.below_60


def satisfaction_of(year: int, year_id: int, result: dict[str, Any]) -> Satisfaction | None:
    """The committees' rate from the engine's result (``kind: survey``), or None when it has none."""
    committees = next((s for s in result.get("subjects", []) if s.get("id") == "committees"), None)
    if committees is None:
        return None
    summary = next((s for s in committees.get("summary", []) if s.get("label_en") == "satisfaction rate"), None)
    if summary is None or summary.get("rate") is None:
        return None
    flagged = {"subject": "committees", "flag": "satisfaction_below_60"} in result.get("flagged", [])
    base = int(committees["base"])
    count = int(summary["count"])
    return Satisfaction(year, year_id, count, base, summary["rate"]["percent"], flagged)


def _add_elections(where: str, by_id: dict[int, Row]) -> None:
    active = Stage.objects.filter(election=OuterRef("pk"), state=Stage.State.ACTIVE).order_by("position")
    elections = (
        Election.objects.filter(body__unit__path__startswith=where)
        .annotate(
            stage_id=Subquery(active.values("pk")[:1]),
            stage_kind=Subquery(active.values("kind")[:1]),
            stage_position=Subquery(active.values("position")[:1]),
            stage_count=Count("stages"),
        )
        .values_list(
            "pk", "title", "state", "body__unit__path", "stage_id", "stage_kind", "stage_position", "stage_count"
        )
        .order_by("-created_at", "-pk")
    )
    found: dict[int, list[ElectionNow]] = {}
    for pk, title, state, path, stage_id, kind, position, count in elections:
        row = _community_of(path, by_id)
        if row is not None:
            found.setdefault(row.unit_id, []).append(
                ElectionNow(
                    id=pk,
                    title=title,
                    state=state,
                    state_label=str(Election.State(state).label),
                    stage_id=stage_id,
                    stage_name=STAGE_KINDS.name(kind) if kind else "",
                    position=(position + 1) if position is not None else 0,
                    stages=count,
                )
            )
    for unit_id, elections_here in found.items():
        now = min(elections_here, key=lambda e: e.order[0])  # newest first among the same rank
        running = sum(e.state == Election.State.RUNNING for e in elections_here)
        now.others_running = running - (now.state == Election.State.RUNNING)
        by_id[unit_id].election = now


def _add_reps(unit: Unit, by_id: dict[int, Row], total: Row, *, today: dt.date) -> RepsHere | None:
    """Each village's and community's linked representatives (seed 004: every village has one), and
    the congress's representatives living under the unit: five queries, or one when no congress
    covers the unit."""
    congress = reps.congress_of(unit)
    if congress is None:
        return None
    covers = reps.cover_of(unit.path, today)
    for row in by_id.values():
        cover = covers.get(row.unit_id)
        row.reps = cover.linked if cover else 0
        row.reps_untrained = cover.untrained if cover else 0
    total.reps = sum(c.linked for c in covers.values())
    total.reps_untrained = sum(c.untrained for c in covers.values())
    living = reps.living_under(reps.representatives(congress), unit.path)
    return RepsHere(
        congress_id=congress.pk,
        living=living.count(),
        unlinked=reps.unlinked(living).count(),
        untrained=reps.training_flagged(reps.with_last_training(living), today).count(),
    )


def add_blockers(rows: Iterable[Row]) -> None:
    """Read what keeps each shown row's running election from its next stage (its kind's words)."""
    shown = {r.election.stage_id: r.election for r in rows if r.election is not None and r.election.stage_id}
    if not shown:
        return
    for stage in Stage.objects.filter(pk__in=shown).select_related("election__body__unit"):
        shown[stage.pk].blockers = blockers(stage)
