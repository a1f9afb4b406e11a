"""A year of the congress representatives' duty points on the demo street (seed 003).

- The standard: version 1 published by the district's liaison staff in the first week of the
  demo year, version 2 (the talk's yearly cap raised) on 1 July; entries keep their version.
- The ledger: for every representative, a year of entries drawn from one ``random.Random`` per
  seed, each with its evidence: talks (place, audience), volunteer activities and household
  visits (place, what), attendance at the congress's meetings where they checked in, and the
  solved requests linked to them in the demo's requests. Caps are respected as the ledger
  applies them. Written in bulk (a year for 170 representatives is thousands of entries), in the
  order of their days, with one audit entry saying what was generated.
- The persona's year, told through the real actions on the story clock: a solved request
  recorded, a talk claimed and confirmed, a self-created project approved and scored, a
  volunteer activity claimed and still waiting, an objection to a published entry upheld (the
  quarter published again as its second revision).
- Publications: every quarter over by today, through ``do_publish_points``.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from web.audit.actions import record
from web.audit.names import Action
from web.common.demo_clock import year_story
from web.org.models import Body, BodySeat, Role
from web.points import actions, periods, publishing
from web.points.models import Entry, Evidence, Project
from web.points.queries import open_attendances, open_cases
from web.points.standard import DEFAULT_PROJECTS, in_force

PLACES = ("社区党群服务中心", "小区广场", "居民议事厅", "老年活动中心", "学校礼堂", "社区图书室")
TALKS = ("宣讲党的二十届三中全会精神", "宣讲基层治理新规", "讲解物业管理条例", "讲解防诈骗知识")
ACTIVITIES = ("清理楼道杂物", "陪伴独居老人", "义诊服务", "垃圾分类宣传", "文明交通劝导", "关爱留守儿童")


def _liaison() -> Any:
    """The district's organisation staff (the ``district`` persona, else anyone in that role)."""
    User = get_user_model()
    user = User.objects.filter(username="district").first()
    if user is not None:
        return user
    role = Role.objects.filter(kind=Role.Kind.ORG_STAFF, unit__kind="district").select_related("user").first()
    return role.user if role else None


def _version_two(v1: list[dict[str, Any]]) -> list[dict[str, Any]]:
    rows = [dict(r) for r in v1]
    for r in rows:
        if r["code"] == "talk":
            r["cap_year"] = 12
    return rows


def _day_in(rng: random.Random, year: int, quarter: int, last: dt.date) -> dt.date | None:
    start = dt.date(year, 3 * quarter - 2, 1)
    end = min(periods.quarter_end(year, quarter), last)
    if end < start:
        return None
    return start + dt.timedelta(days=rng.randrange((end - start).days + 1))


Planned = tuple[dt.date, BodySeat, str, str, int, dict[str, Any]]


def _plan(seats: list[BodySeat], year: int, today: dt.date, rng: random.Random) -> dict[int, list[Planned]]:
    """The representatives' year by quarter, drawn at once and kept under the caps of the version
    in force on each day (version 2 from 1 July)."""
    versions = {1: {r["code"]: r for r in DEFAULT_PROJECTS}, 2: {r["code"]: r for r in _version_two(DEFAULT_PROJECTS)}}
    drawn: list[tuple[dt.date, BodySeat, str, str, dict[str, Any]]] = []
    for seat in seats:
        diligence = rng.random()
        for quarter in range(1, 5):
            for code, chance in (("talk", 0.35), ("volunteer", 0.45), ("visit", 0.6), ("visit", 0.4)):
                if rng.random() >= chance * (0.4 + diligence):
                    continue
                day = _day_in(rng, year, quarter, today - dt.timedelta(days=1))
                if day is None:
                    continue
                difficulty = rng.choice(("general", "general", "harder", "hard"))
                details: dict[str, Any] = {"evidence": Evidence.VOLUNTEER, "place": rng.choice(PLACES),
                                           "what": rng.choice(ACTIVITIES)}  # fmt: skip
                if code == "talk":
                    details = {"evidence": Evidence.TALK, "place": rng.choice(PLACES),
                               "attendance": rng.randint(12, 80), "what": rng.choice(TALKS)}  # fmt: skip
                drawn.append((day, seat, code, difficulty, details))
    drawn.sort(key=lambda p: (p[0], p[1].pk, p[2]))
    sums: dict[tuple[int, str, int], int] = defaultdict(int)
    out: dict[int, list[Planned]] = defaultdict(list)
    for day, seat, code, difficulty, details in drawn:
        row = versions[2 if day >= dt.date(year, 7, 1) else 1][code]
        points = row["points"][difficulty]
        quarter = periods.quarter_of(day)
        q_key, y_key = (seat.pk, code, quarter), (seat.pk, code, 0)
        if points is None or not (
            periods.fits_under(row["cap_quarter"], already=sums[q_key], adding=points)
            and periods.fits_under(row["cap_year"], already=sums[y_key], adding=points)
        ):
            continue
        sums[q_key] += points
        sums[y_key] += points
        out[quarter].append((day, seat, code, difficulty, points, details))
    return out


def _write(congress: Body, planned: list[Planned], staff: Any, year: int, quarter: int) -> None:
    """One quarter of the generated entries under the version in force, in the order of their
    days, with one audit entry."""
    standard = in_force(congress)
    assert standard is not None
    projects = {p.code: p for p in standard.projects.all()}
    rows = [
        Entry(
            seat=seat, standard=standard, project=projects[code], difficulty=difficulty, points=points, year=year,
            quarter=quarter, happened_on=day, recorded_by=staff, **details,
            recorded_at=timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time(10))),
        )
        for day, seat, code, difficulty, points, details in planned
    ]  # fmt: skip
    with transaction.atomic():
        Entry.objects.bulk_create(rows, batch_size=1000)
        record(
            actor=staff, action=Action.POINTS_ENTRY_RECORD, obj=congress, object_label=congress.name,
            changes={"generated": [None, len(rows)], "year": [None, year], "quarter": [None, quarter]},
        )  # fmt: skip


def _project(congress: Body, code: str) -> Project:
    standard = in_force(congress)
    assert standard is not None
    return standard.projects.get(code=code)


class _Persona:
    """The representative persona's year, through the real actions, told in order of its days."""

    def __init__(self, seat: BodySeat, user: Any, staff: Any, year: int) -> None:
        self.seat, self.user, self.staff, self.year = seat, user, staff, year
        self.made: dict[str, Any] = {}

    def first_quarter(self, story: Any) -> None:
        c, y = self.seat.body, self.year
        story.set(dt.date(y, 2, 20))
        self.made["visit"] = actions.do_record_entry(
            seat=self.seat, project=_project(c, "visit"), difficulty="general", evidence=Evidence.STAFF,
            happened_on=dt.date(y, 2, 18), reason="社区书记确认：走访和平路12户居民", acting_user=self.staff,
        )  # fmt: skip
        story.set(dt.date(y, 3, 6))
        claim = actions.do_claim_points(
            seat=self.seat, project=_project(c, "talk"), difficulty="harder", evidence=Evidence.TALK,
            happened_on=dt.date(y, 3, 5), place="和平社区党群服务中心", attendance=46, what="宣讲基层治理新规",
            acting_user=self.user,
        )  # fmt: skip
        story.set(dt.date(y, 3, 9))
        actions.do_confirm_claim(claim=claim, acting_user=self.staff)

    def objection(self, story: Any) -> None:
        story.set(dt.date(self.year, 4, 10))
        objection = publishing.do_object_to_entry(
            entry=self.made["visit"], text="那次走访了和平路12户，还调解了一起邻里纠纷，应按“较难”计分。",
            acting_user=self.user,
        )  # fmt: skip
        story.set(dt.date(self.year, 4, 14))
        publishing.do_answer_objection(
            objection=objection, upheld=True, answer="核实属实，改按“较难”计分。", difficulty="harder",
            acting_user=self.staff,
        )  # fmt: skip

    def second_quarter(self, story: Any) -> None:
        c, y = self.seat.body, self.year
        story.set(dt.date(y, 4, 20))
        own = actions.do_propose_self_project(
            seat=self.seat, name="楼栋议事小组", description="每月召集楼栋长议事一次，收集并回应居民的意见",
            difficulty="harder", acting_user=self.user,
        )  # fmt: skip
        story.set(dt.date(y, 4, 22))
        actions.do_approve_self_project(proposed=own, reason="与社区工作重点相符", acting_user=self.staff)
        story.set(dt.date(y, 5, 20))
        claim = actions.do_claim_points(
            seat=self.seat, project=_project(c, "own"), difficulty="harder", evidence=Evidence.VOLUNTEER,
            self_project=own, happened_on=dt.date(y, 5, 16), place="和平路1号1栋", what="楼栋议事：加装电梯意见",
            acting_user=self.user,
        )  # fmt: skip
        story.set(dt.date(y, 5, 21))
        actions.do_confirm_claim(claim=claim, acting_user=self.staff)

    def today(self, story: Any) -> None:
        """A solved request of the demo recorded where its quarter is still open, and a volunteer
        activity claimed and waiting for the liaison staff."""
        c = self.seat.body
        story.set(story.today, hour=8)
        for case in open_cases(self.seat)[:5]:
            day = timezone.localdate(case.finished_at)
            if day.year == self.year and not publishing.latest_publication(c.pk, day.year, periods.quarter_of(day)):
                self.made["case"] = actions.do_record_entry(
                    seat=self.seat, project=_project(c, "request"), difficulty="general", evidence=Evidence.CASE,
                    case=case, acting_user=self.user,
                )  # fmt: skip
                break
        for attendee in open_attendances(self.seat)[:5]:
            day = timezone.localdate(attendee.checked_in_at)
            if day.year == self.year and not publishing.latest_publication(c.pk, day.year, periods.quarter_of(day)):
                self.made["attendance"] = actions.do_record_entry(
                    seat=self.seat, project=_project(c, "meeting"), difficulty="general",
                    evidence=Evidence.ATTENDANCE, attendee=attendee, acting_user=self.user,
                )  # fmt: skip
                break
        actions.do_claim_points(
            seat=self.seat, project=_project(c, "volunteer"), difficulty="general", evidence=Evidence.VOLUNTEER,
            happened_on=story.today - dt.timedelta(days=1), place="和平社区", what="清理楼道",
            acting_user=self.user,
        )  # fmt: skip


def seed_points(*, seed: int = 2026) -> dict[str, Any]:
    """The standard's two versions, a year of entries, the persona's year and every quarter over
    by today published, told in the order of their days."""
    congress = Body.objects.filter(kind=Body.Kind.CONGRESS).select_related("unit").order_by("id").first()
    staff = _liaison()
    if congress is None or staff is None:
        return {"entries": 0, "publications": 0}
    rng = random.Random(f"points-{seed}")
    seats = list(
        BodySeat.objects.filter(body=congress, post=BodySeat.Post.REPRESENTATIVE).select_related("person", "body")
        .order_by("id")
    )  # fmt: skip
    user = get_user_model().objects.filter(username="representative").first()
    mine = next((s for s in seats if user is not None and s.person_id == user.person_id), None)
    persona = _Persona(mine, user, staff, 0) if mine is not None else None
    with year_story() as story:
        year, today = story.year, story.today
        story.set(dt.date(year, 1, 6))
        actions.do_publish_standard(congress=congress, projects=DEFAULT_PROJECTS, changes="首版", acting_user=staff)
        plan = _plan([s for s in seats if s is not mine], year, today, rng)
        if persona is not None:
            persona.year = year
            persona.first_quarter(story)
        for quarter in (1, 2, 3, 4):
            if quarter == 3 and dt.date(year, 7, 1) <= today:
                story.set(dt.date(year, 7, 1))
                actions.do_publish_standard(
                    congress=congress, projects=_version_two(DEFAULT_PROJECTS), changes="宣讲每年上限由10分调整为12分",
                    acting_user=staff,
                )  # fmt: skip
            over = periods.is_over(year, quarter, today)
            story.set(min(periods.quarter_end(year, quarter) + dt.timedelta(days=3), today))
            _write(congress, plan.get(quarter, []), staff, year, quarter)
            if not over:
                break
            story.set(periods.quarter_end(year, quarter) + dt.timedelta(days=5))
            publishing.do_publish_points(congress=congress, year=year, quarter=quarter, acting_user=staff)
            if persona is not None and quarter == 1:
                persona.objection(story)
                persona.second_quarter(story)
        if persona is not None:
            persona.today(story)
    return {
        "entries": Entry.objects.filter(seat__body=congress).count(),
        "publications": congress.points_publications.count(),
    }
