"""Pages of the points ledger: a representative's points (their quarter, the three ones still to
do, the evidence they may record, their ledger), the liaison desk (claims, self-created
projects and objections waiting, the representatives of the area, publishing a quarter), and
the POST-only forms that each run one action."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from web.common.attempt import attempt
from web.common.listing import listing
from web.common.numbers import is_ascii_digits
from web.meetings.models import Attendee
from web.org.models import Body
from web.points import access, actions, publishing, queries
from web.points.models import Claim, Difficulty, Entry, Evidence, Objection, Project, Publication, SelfProject
from web.points.standard import DEFAULT_PROJECTS, in_force, project_rows


def _int(value: str | None) -> int:
    """A whole number from a form; 0 (no row has it) when it is none."""
    value = (value or "").strip()
    return int(value) if value and is_ascii_digits(value) and len(value) < 10 else 0


def _day(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat((value or "").strip())
    except ValueError:
        return None


@login_required
@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    seats = access.seats_of(request.user)
    if not seats:
        raise Http404
    return redirect("points:seat", seat_id=seats[0].pk)


@login_required
@require_GET
def seat(request: HttpRequest, seat_id: int) -> HttpResponse:
    the_seat = queries.seat_for(request.user, seat_id)
    own = access.is_own(request.user, the_seat)
    standard = in_force(the_seat.body_id)
    projects = list(standard.projects.all()) if standard else []
    approved = SelfProject.objects.filter(seat=the_seat, state="approved", year=queries.today().year)
    shown = listing(
        request,
        queries.ledger(the_seat),
        search=lambda rows, q: rows.filter(project__name__contains=q),
        placeholder=gettext_lazy("项目名称"),
        per_page=20,
    )
    return render(
        request,
        "points/seat.html",
        {
            "seat": the_seat,
            "own": own,
            "staff": access.manages_seat(request.user, the_seat),
            "quarter": queries.quarter_of(the_seat),
            "standard": standard,
            "projects": projects,
            "case_projects": [p for p in projects if "case" in p.evidence],
            "attendance_projects": [p for p in projects if "attendance" in p.evidence],
            "claim_projects": [p for p in projects if {"talk", "volunteer"} & set(p.evidence)],
            "open_cases": list(queries.open_cases(the_seat)[:20]),
            "open_attendances": list(queries.open_attendances(the_seat)[:20]),
            "open_receptions": list(queries.open_receptions(the_seat)[:20]),
            "reception_projects": [p for p in projects if "reception" in p.evidence],
            "approved": list(approved),
            "proposals": list(SelfProject.objects.filter(seat=the_seat).order_by("-proposed_at")[:10]),
            "claims": list(Claim.objects.filter(seat=the_seat).select_related("project").order_by("-claimed_at")[:10]),
            "objections": list(
                Objection.objects.filter(entry__seat=the_seat)
                .select_related("entry__project")
                .order_by("-filed_at")[:10]
            ),
            "published": set(Publication.objects.filter(congress_id=the_seat.body_id).values_list("year", "quarter")),
            "difficulties": Difficulty.choices,
            "listing": shown,
        },
    )


def _project(congress_id: int, request: HttpRequest) -> Project | None:
    return Project.objects.filter(pk=_int(request.POST.get("project")), standard__congress_id=congress_id).first()


def _back(seat_id: int) -> HttpResponse:
    return redirect("points:seat", seat_id=seat_id)


@require_POST
@login_required
def record(request: HttpRequest, seat_id: int) -> HttpResponse:
    the_seat = queries.seat_for(request.user, seat_id)
    post = request.POST
    evidence = post.get("evidence", "")
    details: dict[str, Any] = {
        "happened_on": _day(post.get("happened_on")),
        "place": post.get("place", ""),
        "attendance": _int(post.get("attendance")) or None,
        "what": post.get("what", ""),
        "reason": post.get("reason", ""),
    }
    if evidence == "case":
        details["case"] = queries.open_cases(the_seat).filter(pk=_int(post.get("case"))).first()
    if evidence == "attendance":
        details["attendee"] = Attendee.objects.filter(
            pk=_int(post.get("attendee")), person_id=the_seat.person_id
        ).first()
    if evidence == "reception":
        details["duty"] = queries.open_receptions(the_seat).filter(pk=_int(post.get("duty"))).first()
    project = _project(the_seat.body_id, request)
    own_project = SelfProject.objects.filter(pk=_int(post.get("self_project")), seat=the_seat).first()
    claim = access.is_own(request.user, the_seat) and evidence in actions.CLAIMED

    def run() -> Any:
        if project is None:
            raise access.refuse(_("请选择项目。"), "project_required", 400)
        action = actions.do_claim_points if claim else actions.do_record_entry
        return action(
            seat=the_seat,
            project=project,
            difficulty=post.get("difficulty", ""),
            evidence=evidence,
            self_project=own_project,
            acting_user=request.user,
            **details,
        )

    attempt(request, run, _("已提交申报，等待联络工作人员确认。") if claim else _("已记入积分。"))
    return _back(the_seat.pk)


@require_POST
@login_required
def propose(request: HttpRequest, seat_id: int) -> HttpResponse:
    the_seat = queries.seat_for(request.user, seat_id)
    attempt(
        request,
        lambda: actions.do_propose_self_project(
            seat=the_seat,
            name=request.POST.get("name", ""),
            description=request.POST.get("description", ""),
            difficulty=request.POST.get("difficulty", ""),
            acting_user=request.user,
        ),
        _("已提出自创项目，等待联络工作人员审核。"),
    )
    return _back(the_seat.pk)


def _entry_for(request: HttpRequest, entry_id: int) -> Entry:
    entry = get_object_or_404(Entry.objects.select_related("seat__person", "seat__body"), pk=entry_id)
    queries.seat_for(request.user, entry.seat_id)
    return entry


@require_POST
@login_required
def object_to(request: HttpRequest, entry_id: int) -> HttpResponse:
    entry = _entry_for(request, entry_id)
    attempt(
        request,
        lambda: publishing.do_object_to_entry(entry=entry, text=request.POST.get("text", ""), acting_user=request.user),
        _("已提出异议，等待联络工作人员答复。"),
    )
    return _back(entry.seat_id)


@require_POST
@login_required
def reverse(request: HttpRequest, entry_id: int) -> HttpResponse:
    entry = _entry_for(request, entry_id)
    attempt(
        request,
        lambda: actions.do_reverse_entry(entry=entry, reason=request.POST.get("reason", ""), acting_user=request.user),
        _("已冲销这条积分。"),
    )
    return _back(entry.seat_id)


# ---- the liaison desk ---------------------------------------------------------------------------


@login_required
@require_GET
def desk(request: HttpRequest) -> HttpResponse:
    paths = access.liaison_paths(request.user)
    if not paths:
        raise Http404
    seats = (
        access.representative_seats()
        .filter(queries._in_area(request.user, "person__unit_path"))
        .order_by("person__name", "id")
    )
    shown = listing(
        request,
        seats,
        search=lambda rows, q: rows.filter(person__name__contains=q),
        placeholder=gettext_lazy("代表姓名"),
        per_page=30,
    )
    congresses = [
        b
        for b in Body.objects.filter(kind=Body.Kind.CONGRESS).select_related("unit")
        if access.manages_congress(request.user, b)
    ]
    return render(
        request,
        "points/desk.html",
        {
            "claims": list(queries.pending_claims(request.user)[:30]),
            "proposals": list(queries.pending_self_projects(request.user)[:30]),
            "objections": list(queries.pending_objections(request.user)[:30]),
            "listing": shown,
            "congresses": congresses,
            "this_year": queries.today().year,
            "difficulties": Difficulty.choices,
        },
    )


def _decision(request: HttpRequest) -> tuple[bool, str]:
    return request.POST.get("decision") == "yes", request.POST.get("reason", "")


@require_POST
@login_required
def decide_claim(request: HttpRequest, claim_id: int) -> HttpResponse:
    claim = get_object_or_404(Claim.objects.select_related("seat__person"), pk=claim_id)
    if not access.manages_seat(request.user, claim.seat):
        raise Http404
    yes, reason = _decision(request)
    if yes:
        attempt(
            request, lambda: actions.do_confirm_claim(claim=claim, acting_user=request.user), _("已确认，积分已记入。")
        )
    else:
        attempt(
            request,
            lambda: actions.do_refuse_claim(claim=claim, reason=reason, acting_user=request.user),
            _("已不予确认。"),
        )
    return redirect("points:desk")


@require_POST
@login_required
def decide_self_project(request: HttpRequest, proposed_id: int) -> HttpResponse:
    proposed = get_object_or_404(SelfProject.objects.select_related("seat__person"), pk=proposed_id)
    if not access.manages_seat(request.user, proposed.seat):
        raise Http404
    yes, reason = _decision(request)
    if yes:
        run = lambda: actions.do_approve_self_project(proposed=proposed, reason=reason, acting_user=request.user)  # noqa: E731
    else:
        run = lambda: actions.do_refuse_self_project(proposed=proposed, reason=reason, acting_user=request.user)  # noqa: E731
    attempt(request, run, _("已审核这个自创项目。"))
    return redirect("points:desk")


@require_POST
@login_required
def answer_objection(request: HttpRequest, objection_id: int) -> HttpResponse:
    objection = get_object_or_404(Objection.objects.select_related("entry__seat__person"), pk=objection_id)
    if not access.manages_seat(request.user, objection.entry.seat):
        raise Http404
    yes, reason = _decision(request)
    attempt(
        request,
        lambda: publishing.do_answer_objection(
            objection=objection,
            upheld=yes,
            answer=reason,
            difficulty=request.POST.get("difficulty", ""),
            acting_user=request.user,
        ),
        _("已答复这条异议。"),
    )
    return redirect("points:desk")


@require_POST
@login_required
def publish(request: HttpRequest) -> HttpResponse:
    congress = get_object_or_404(Body, pk=_int(request.POST.get("congress")), kind=Body.Kind.CONGRESS)
    if not access.is_liaison(request.user):
        raise Http404
    done = attempt(
        request,
        lambda: publishing.do_publish_points(
            congress=congress,
            year=_int(request.POST.get("year")) or 0,
            quarter=_int(request.POST.get("quarter")) or 0,
            acting_user=request.user,
        ),
        _("已公布。"),
    )
    if done and done.value is not None:
        return redirect("points_board:table", publication_id=done.value.pk)
    return redirect("points:desk")


#: the evidence a new optional project may accept (a reversal is a correction, never evidence)
NEW_EVIDENCE = [(v, n) for v, n in Evidence.choices if v != Evidence.REVERSAL]


def _edited(rows: list[dict[str, Any]], post: Any) -> list[dict[str, Any]]:
    """The projects with the points and caps the form gave (blank: not offered / no cap); an
    optional project renamed or left out, and a new optional project added when named."""

    def number(name: str) -> int | None:
        value = (post.get(name) or "").strip()
        return int(value) if value and is_ascii_digits(value) and len(value) < 5 else None

    def amounts(code: str) -> dict[str, Any]:
        return {
            "points": {d: number(f"{code}-{d}") for d in ("general", "harder", "hard")},
            **{k: number(f"{code}-{k}") for k in ("cap_quarter", "cap_year")},
        }

    edited = []
    for row in rows:
        code = row["code"]
        optional = row["type"] == Project.Type.OPTIONAL
        if optional and post.get(f"{code}-drop"):
            continue
        name = str(post.get(f"{code}-name", row["name"])).strip() if optional else row["name"]
        edited.append({**row, "name": name, **amounts(code)})
    new_name = str(post.get("new-name", "")).strip()
    if new_name:
        taken = {r["code"] for r in rows}
        code = next(f"optional{n}" for n in range(1, len(taken) + 2) if f"optional{n}" not in taken)
        evidence = [e for e in post.getlist("new-evidence") if e in dict(NEW_EVIDENCE)]
        new = {"code": code, "name": new_name, "type": Project.Type.OPTIONAL, "item": "", "evidence": evidence}
        edited.append({**new, **amounts("new")})
    return edited


@login_required
def standard(request: HttpRequest, congress_id: int) -> HttpResponse:
    """The standard in force, and a new version published from it (points and caps changed,
    with the sentence saying what changed)."""
    congress = get_object_or_404(Body.objects.select_related("unit"), pk=congress_id, kind=Body.Kind.CONGRESS)
    if not access.manages_congress(request.user, congress):
        raise Http404
    current = in_force(congress)
    rows = project_rows(current) if current else DEFAULT_PROJECTS
    if request.method == "POST":
        edited = _edited(rows, request.POST)
        done = attempt(
            request,
            lambda: actions.do_publish_standard(
                congress=congress, projects=edited, changes=request.POST.get("changes", ""), acting_user=request.user
            ),
            lambda s: _("已发布记分标准第 %(v)s 版。") % {"v": s.version},
        )
        if done:
            return redirect("points:standard", congress_id=congress.pk)
        known = {r["code"] for r in rows}
        rows = [r for r in edited if r["code"] in known]  # a new project stays in its own row
    return render(
        request,
        "points/standard.html",
        {
            "congress": congress,
            "current": current,
            "rows": rows,
            "difficulties": Difficulty.choices,
            "new_evidence": NEW_EVIDENCE,
            "new_name": str(request.POST.get("new-name", "")).strip()[:100],
        },
    )
