"""Publishing a quarter's (or the year's) points as an open record counted by the engine
(``jiceng.points``), and the objections to a published quarter's entries.

The record holds every version of the standard the entries were made under, every congress
representative (by seat, with their name) and every entry of the year up to the quarter, in
the ledger's order: anyone can recount each total and check each entry against its version and
caps with ``jiceng tally``. Evidence is named by its kind only (a request's requester, a talk's
place stay in the ledger).

An objection upheld writes a reversing entry (and, where only the points were wrong, the
replacement at the right difficulty) into the quarter it concerns, then publishes that quarter
again as its next revision (and the year, if it was published): nothing published is changed.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jiceng.record import FORMAT, record_sha256, tally
from web.audit.actions import record
from web.audit.names import Action
from web.common import clock
from web.org.models import Body, BodySeat
from web.points import access, periods
from web.points.access import refuse
from web.points.actions import _lock_seat, check_caps, reversal_of
from web.points.flow import OBJECTIONS
from web.points.models import Entry, Evidence, Objection, Publication, Standard
from web.points.standard import in_force

DIFFICULTIES = ("general", "harder", "hard")
#: what a replacement entry keeps of the entry it replaces
EVIDENCE_FIELDS = (
    "evidence",
    "happened_on",
    "case_id",
    "attendee_id",
    "duty_id",
    "place",
    "attendance",
    "what",
    "reason",
)


def rep_id(seat_id: int) -> str:
    return f"r{seat_id}"


def entry_id(entry_pk: int) -> str:
    return f"e{entry_pk}"


def build_record(congress: Body, year: int, quarter: int) -> dict[str, Any]:
    """The open record of ``quarter`` (0: the whole year) of ``year``: a few queries whatever
    the number of entries."""
    last = quarter or 4
    rows = list(
        Entry.objects.filter(seat__body=congress, year=year, quarter__lte=last)
        .order_by("id")
        .values("id", "seat_id", "standard__version", "project__code", "difficulty", "quarter", "points",
                "evidence", "reverses_id")
    )  # fmt: skip
    versions = sorted({r["standard__version"] for r in rows} | {in_force(congress).version})  # type: ignore[union-attr]
    standards = []
    for standard in Standard.objects.filter(congress=congress, version__in=versions).prefetch_related("projects"):
        standards.append(
            {
                "version": standard.version,
                "projects": [
                    {
                        "id": p.code,
                        "name": p.name,
                        "type": p.type,
                        "item": p.item,
                        "points": {d: v for d in DIFFICULTIES if (v := getattr(p, f"points_{d}")) is not None},
                        "caps": {"quarter": p.cap_quarter, "year": p.cap_year},
                    }
                    for p in standard.projects.all()
                ],
            }
        )
    seats = access.representative_seats(body=congress).order_by("id").values_list("id", "person__name")
    entries = []
    for r in rows:
        entry = {
            "id": entry_id(r["id"]),
            "representative": rep_id(r["seat_id"]),
            "version": r["standard__version"],
            "project": r["project__code"],
            "difficulty": r["difficulty"],
            "quarter": r["quarter"],
            "points": r["points"],
            "evidence": r["evidence"],
        }
        if r["reverses_id"]:
            entry["reverses"] = entry_id(r["reverses_id"])
        entries.append(entry)
    period = _("第 %(quarter)s 季度") % {"quarter": quarter} if quarter else _("全年")
    return {
        "format": FORMAT,
        "kind": "points",
        "title": f"{congress.name} {year} {period}",
        "congress": congress.name,
        "year": year,
        "quarter": quarter,
        "standards": sorted(standards, key=lambda s: s["version"]),
        "representatives": [{"id": rep_id(pk), "name": name} for pk, name in seats],
        "entries": entries,
    }


def _publish(congress: Body, year: int, quarter: int, acting_user: Any, note: str = "") -> Publication:
    standard = in_force(congress)
    assert standard is not None  # checked before publishing
    doc = build_record(congress, year, quarter)
    before = Publication.objects.filter(congress=congress, year=year, quarter=quarter).order_by("-revision").first()
    return Publication.objects.create(
        congress=congress,
        year=year,
        quarter=quarter,
        revision=(before.revision + 1) if before else 1,
        standard=standard,
        record=doc,
        result=tally(doc),
        record_sha256=record_sha256(doc),
        published_at=clock.now(),
        published_by=acting_user,
        note=note[:300],
    )


def do_publish_points(*, congress: Body, year: int, quarter: int, acting_user: Any) -> Publication:
    """Publish a quarter (1–4) once it is over and the quarters before it are published, or the
    year's total (0) once the fourth quarter is. Each is published once; a correction is a
    new revision written by answering an objection."""
    with transaction.atomic():
        congress = Body.objects.select_related("unit").select_for_update().get(pk=congress.pk)
        access.check_manages_congress(acting_user, congress)
        if in_force(congress) is None:
            raise refuse(_("还没有发布记分标准。"), "no_standard", 409)
        if quarter not in (0, 1, 2, 3, 4):
            raise refuse(_("季度是 1 至 4，全年写 0。"), "quarter", 400)
        today = timezone.localdate(clock.now())
        if not periods.is_over(year, quarter, today):
            raise refuse(_("这一期还没有结束，结束后才能公布。"), "not_over", 409)
        published = set(Publication.objects.filter(congress=congress, year=year).values_list("quarter", flat=True))
        if quarter in published:
            raise refuse(_("这一期已经公布过了。"), "already_published", 409)
        missing = [q for q in range(1, quarter or 5) if q not in published]
        if missing:
            raise refuse(_("请先公布第 %(quarter)s 季度。") % {"quarter": missing[0]}, "earlier_first", 409)
        publication = _publish(congress, year, quarter, acting_user)
        record(
            actor=acting_user,
            action=Action.POINTS_PUBLISH,
            obj=publication,
            changes={
                "year": [None, year],
                "quarter": [None, quarter],
                "record_sha256": [None, publication.record_sha256],
            },
        )
        return publication


def latest_publication(congress_id: int, year: int, quarter: int) -> Publication | None:
    return Publication.objects.filter(congress_id=congress_id, year=year, quarter=quarter).order_by("-revision").first()


def do_object_to_entry(*, entry: Entry, text: str, acting_user: Any) -> Objection:
    """A representative objects to one of their entries in a published quarter."""
    with transaction.atomic():
        seat = _lock_seat(entry.seat)
        access.check_own(acting_user, seat)
        entry = Entry.objects.get(pk=entry.pk)
        text = (text or "").strip()
        if not text:
            raise refuse(_("请写明异议的内容和理由。"), "text_required", 400)
        publication = latest_publication(seat.body_id, entry.year, entry.quarter)
        if publication is None:
            raise refuse(_("这个季度还没有公布；公布以后才能提出异议。"), "not_published", 409)
        if entry.evidence == Evidence.REVERSAL or Entry.objects.filter(reverses=entry).exists():
            raise refuse(_("这条积分已经更正过了。"), "already_reversed", 409)
        if Objection.objects.filter(entry=entry, state=Objection.State.PENDING).exists():
            raise refuse(_("对这条积分的异议还在等待答复。"), "objection_pending", 409)
        objection = Objection.objects.create(
            entry=entry, publication=publication, text=text[:1000], filed_at=clock.now(), filed_by=acting_user
        )
        record(actor=acting_user, action=Action.POINTS_OBJECT, obj=objection, changes={"entry": [None, entry.pk]})
        return objection


def do_answer_objection(
    *, objection: Objection, upheld: bool, answer: str, acting_user: Any, difficulty: str = ""
) -> Objection:
    """Answer an objection. Upheld: the entry is reversed and, when ``difficulty`` is given,
    recorded again at that difficulty; the quarter (and the year, if published) is published
    again. Dismissed: the reason is the answer."""
    with transaction.atomic():
        objection = OBJECTIONS.locked(objection, "entry__project")
        entry = objection.entry
        seat: BodySeat = _lock_seat(entry.seat)
        access.check_manages_seat(acting_user, seat)
        answer = (answer or "").strip()
        objection.answer, objection.answered_by = answer[:300], acting_user
        move = "uphold" if upheld else "dismiss"
        OBJECTIONS.check(objection, move, reason=answer)
        changes: dict[str, Any] = {"upheld": [None, upheld]}
        if upheld:
            reversal = reversal_of(entry, reason=answer, acting_user=acting_user, objection=objection)
            changes["reversal"] = [None, reversal.pk]
            if difficulty:
                points = entry.project.points_for(difficulty)
                if points is None:
                    raise refuse(_("“%(project)s”没有这一难度。") % {"project": entry.project.name}, "difficulty", 400)
                check_caps(seat, entry.project, entry.year, entry.quarter, points)
                fields = {f: getattr(entry, f) for f in EVIDENCE_FIELDS}
                if fields["evidence"] == Evidence.STAFF:
                    fields["reason"] = answer[:300]
                again = Entry.objects.create(
                    seat=seat, standard_id=entry.standard_id, project_id=entry.project_id,
                    self_project_id=entry.self_project_id, difficulty=difficulty, points=points, year=entry.year,
                    quarter=entry.quarter, objection=objection, recorded_at=clock.now(), recorded_by=acting_user,
                    **fields,
                )  # fmt: skip
                changes["replacement"] = [None, again.pk]
            for quarter in (entry.quarter, 0):
                if latest_publication(seat.body_id, entry.year, quarter) is not None:
                    note = _("更正：答复代表异议后重新公布")
                    again_published = _publish(seat.body, entry.year, quarter, acting_user, note)
                    changes[f"republished_{quarter}"] = [None, again_published.revision]
        OBJECTIONS.move(objection, move, acting_user, reason=answer, save=["answer", "answered_by"])
        record(actor=acting_user, action=Action.POINTS_OBJECTION_ANSWER, obj=objection, changes=changes)
        return objection
