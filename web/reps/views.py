"""The representatives' pages (docs/reps.md): the congress's list, a representative's page with its
public and staff parts, the profile form, links, coverage, trainings and attendance, the
suggestions by field for a referral and the answer to one. Reached from the home page of the
liaison staff and of each representative (``web.reps.attention``)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from web.accounts.actors import acting
from web.cases import access as case_access
from web.cases.models import Case, CaseEvent
from web.common import clock
from web.common.attempt import attempt, say_form_errors
from web.common.listing import Filter, listing
from web.common.numbers import is_ascii_digits
from web.org.models import Body, BodySeat, Role, Unit
from web.org.queries import can_manage_path, held_roles, managed_paths, under_paths, viewable_paths
from web.reps import access, actions, queries
from web.reps.fields import fields_of
from web.reps.forms import AnswerForm, EndLinkForm, LinkForm, ProfileForm, TrainingForm
from web.reps.models import Answer, Attendance, Field, Link, Profile, Training


def _today() -> Any:
    return timezone.localdate(clock.now())


def _crumbs(congress: Any) -> list[tuple[str, str]]:
    return [(reverse("reps:congress", args=[congress.pk]), congress.name)]


def _by_name(rows: QuerySet[Any], q: str) -> QuerySet[Any]:
    return rows.filter(person__name__contains=q)


def _places(congress: Any) -> list[tuple[str, str]]:
    """The streets and townships of the congress's area, for a filter by where a representative lives."""
    units = Unit.objects.filter(path__startswith=congress.unit.path, kind__in=access.LIAISON_KINDS).exclude(
        pk=congress.unit_id
    )
    return [(u.path, u.name) for u in units.order_by("path")]


def _seat_filters(congress: Any, today: Any, *, staff: bool) -> list[Filter]:
    filters = [
        Filter(
            "field", gettext_lazy("履职领域"), lambda rows, v: rows.filter(rep_fields__field=v), choices=Field.choices
        ),
        Filter(
            "linked",
            gettext_lazy("挂点"),
            lambda rows, v: rows.filter(pk__in=queries.linked_seats()) if v == "yes" else queries.unlinked(rows),
            choices=[("yes", gettext_lazy("已挂点")), ("no", gettext_lazy("未挂点"))],
        ),
        Filter(
            "place",
            gettext_lazy("居住地"),
            lambda rows, v: rows.filter(person__unit_path__startswith=v),
            choices=_places(congress),
        ),
    ]
    if staff:
        filters.append(
            Filter(
                "training",
                gettext_lazy("培训"),
                lambda rows, v: queries.training_flagged(rows, today),
                choices=[("due", gettext_lazy("两年内未参加培训"))],
            )
        )
    return filters


# ---- the congress's representatives ---------------------------------------------------------------

#: the pages ``index`` leads to
PAGES = {"list": "reps:congress", "coverage": "reps:coverage", "trainings": "reps:trainings"}


@require_GET
@login_required
def index(request: HttpRequest) -> HttpResponse:
    """The congress over where the person works (or where they hold a seat): its list, coverage or
    trainings (``?to=``). The home page links here, so it reads nothing to find the congress."""
    found = None
    for role in held_roles(request.user):
        if role.kind in Role.VIEWING or role.kind == Role.Kind.REPRESENTATIVE:
            found = (
                role.body
                if role.body is not None and role.body.kind == Body.Kind.CONGRESS
                else queries.congress_of(role.unit)
            )
            if found is not None:
                break
    if found is None:
        seat_now = queries.seats_of_user(request.user).first()
        found = seat_now.body if seat_now is not None else None
    if found is None:
        raise Http404
    return redirect(PAGES.get(request.GET.get("to", ""), "reps:congress"), found.pk)


@require_GET
@login_required
def congress(request: HttpRequest, body_id: int) -> HttpResponse:
    body = access.access_congress(request.user, body_id)
    today = _today()
    staff = bool(viewable_paths(request.user))
    reps = listing(
        request,
        queries.directory(body),
        search=_by_name,
        filters=_seat_filters(body, today, staff=staff),
        placeholder=gettext_lazy("代表姓名"),
    )
    for seat in reps.page.object_list:
        seat.trained = queries.trained(seat.last_trained, seat.since, today)
        seat.field_names = queries.field_names(seat)
    queries.add_homes(list(reps.page.object_list), body)
    context = {
        "congress": body,
        "reps": reps,
        "staff": staff,
        "liaison": access.is_liaison(request.user, body),
        "total": queries.representatives(body).count(),
        "crumbs": [],
    }
    return render(request, "reps/congress.html", context)


# ---- one representative ----------------------------------------------------------------------------


def _seat_context(request: HttpRequest, seat: BodySeat) -> dict[str, Any]:
    today = _today()
    user = request.user
    profile = Profile.objects.filter(seat=seat).first()
    fields = [str(Field(f).label) for f in seat.rep_fields.order_by("field").values_list("field", flat=True)]
    links_now = list(queries.open_links().filter(seat=seat).select_related("unit").order_by("since"))
    account = get_user_model().objects.filter(person=seat.person).first()
    queries.add_homes([seat], seat.body)
    context: dict[str, Any] = {
        "seat": seat,
        "congress": seat.body,
        "crumbs": _crumbs(seat.body),
        "profile": profile,
        "fields": fields,
        "links_now": links_now,
        "account": account if account is not None and account.is_active else None,
        "own": access.is_own(user, seat),
        "may_edit": access.is_own(user, seat) or access.manages_seat(user, seat),
        "staff_part": access.sees_staff_part(user, seat),
    }
    if context["staff_part"]:
        attended = Attendance.objects.filter(seat=seat).select_related("training").order_by("-training__held_on")
        last = attended.first()
        context["trained"] = queries.trained(last.training.held_on if last else None, seat.since, today)
        context["attended"] = list(attended[:10])
        context["links_all"] = list(Link.objects.filter(seat=seat).select_related("unit").order_by("-since", "-id"))
        units = _linkable_units(request.user, seat)
        context["link_form"] = LinkForm(units=units, initial={"since": today}) if units.exists() else None
        context["managed_links"] = {
            link.pk for link in context["links_all"] if any(link.unit_path.startswith(p) for p in managed_paths(user))
        }
        if account is not None:
            context["referred"], context["answered"] = queries.referral_counts(account)
    return context


def _linkable_units(user: Any, seat: BodySeat) -> QuerySet[Unit]:
    """The villages and communities of the congress's area that ``user`` manages."""
    return queries.linked_units(seat.body.unit.path).filter(under_paths("path", managed_paths(user))).order_by("path")


@require_GET
@login_required
def seat(request: HttpRequest, seat_id: int) -> HttpResponse:
    found = access.access_seat(request.user, seat_id)
    return render(request, "reps/seat.html", _seat_context(request, found))


@require_http_methods(["GET", "POST"])
@login_required
def profile(request: HttpRequest, seat_id: int) -> HttpResponse:
    found = access.access_seat(request.user, seat_id)
    own = access.is_own(request.user, found)
    if not (own or access.manages_seat(request.user, found)):
        raise PermissionDenied
    now = Profile.objects.filter(seat=found).first()
    initial = {
        "areas": list(found.rep_fields.values_list("field", flat=True)),
        "intro": now.intro if now else "",
        "public_phone": now.public_phone if now else "",
    }
    form = ProfileForm(request.POST if request.method == "POST" else None, own=own, initial=initial)
    if request.method == "POST":

        def run(d: dict[str, Any]) -> Any:
            return actions.do_save_profile(
                seat=found,
                fields=d["areas"],
                intro=d["intro"],
                public_phone=d.get("public_phone") if own else None,
                acting_user=acting(request),
            )

        if attempt(request, run, _("已保存代表资料。"), form=form):
            return redirect("reps:seat", found.pk)
    context = {
        "seat": found,
        "form": form,
        "own": own,
        "crumbs": [*_crumbs(found.body), (reverse("reps:seat", args=[found.pk]), found.person.name)],
    }
    return render(request, "reps/profile.html", context, status=422 if form.is_bound else 200)


@require_POST
@login_required
def link(request: HttpRequest, seat_id: int) -> HttpResponse:
    found = access.access_seat(request.user, seat_id)
    units = _linkable_units(request.user, found)
    if not units.exists():
        raise PermissionDenied
    form = LinkForm(request.POST, units=units)
    if form.is_valid():
        attempt(
            request,
            lambda d: actions.do_link(seat=found, unit=d["unit"], since=d["since"], acting_user=acting(request)),
            _("已挂点。"),
            form=form,
        )
    say_form_errors(request, form)
    return redirect(reverse("reps:seat", args=[found.pk]) + "#links")


@require_POST
@login_required
def unlink(request: HttpRequest, link_id: int) -> HttpResponse:
    found = get_object_or_404(Link.objects.select_related("seat__person", "seat__body__unit"), pk=link_id)
    access.access_seat(request.user, found.seat_id)
    if not can_manage_path(request.user, found.unit_path):
        raise PermissionDenied
    form = EndLinkForm(request.POST)
    if form.is_valid():
        attempt(
            request,
            lambda d: actions.do_end_link(
                link=found, until=d["until"], reason=d["reason"], acting_user=acting(request)
            ),
            _("已结束挂点。"),
            form=form,
        )
    say_form_errors(request, form)
    return redirect(reverse("reps:seat", args=[found.seat_id]) + "#links")


# ---- coverage -----------------------------------------------------------------------------------


@require_GET
@login_required
def coverage(request: HttpRequest, body_id: int) -> HttpResponse:
    """Villages and communities no representative is linked to, and representatives linked to none,
    in the part of the congress's area the person sees (staff only)."""
    body = access.access_congress(request.user, body_id)
    paths = [p for p in viewable_paths(request.user) if p.startswith(body.unit.path) or body.unit.path.startswith(p)]
    if not paths:
        raise PermissionDenied
    area = [p if p.startswith(body.unit.path) else body.unit.path for p in paths]
    units = queries.uncovered(queries.linked_units(body.unit.path).filter(under_paths("path", area))).order_by("path")
    seats = queries.unlinked(queries.directory(body).filter(under_paths("person__unit_path", area)))
    today = _today()
    villages = listing(
        request,
        units,
        search=lambda rows, q: rows.filter(name__contains=q),
        prefix="u",
        placeholder=gettext_lazy("村或社区名称"),
    )
    reps = listing(request, seats, search=_by_name, prefix="r", placeholder=gettext_lazy("代表姓名"))
    for seat_row in reps.page.object_list:
        seat_row.trained = queries.trained(seat_row.last_trained, seat_row.since, today)
        seat_row.field_names = queries.field_names(seat_row)
    queries.add_homes(list(reps.page.object_list), body)
    covered = queries.linked_units(body.unit.path).filter(under_paths("path", area))
    context = {
        "congress": body,
        "crumbs": _crumbs(body),
        "villages": villages,
        "reps": reps,
        "units_total": covered.count(),
        "units_uncovered": units.count(),
        "reps_total": queries.directory(body).filter(under_paths("person__unit_path", area)).count(),
        "reps_unlinked": seats.count(),
    }
    return render(request, "reps/coverage.html", context)


# ---- training -----------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def trainings(request: HttpRequest, body_id: int) -> HttpResponse:
    body = access.access_congress(request.user, body_id)
    if not viewable_paths(request.user):
        raise PermissionDenied
    units = Unit.objects.filter(pk__in=[u.pk for u in access.liaison_units(request.user, body)]).order_by("path")
    form = None
    if units.exists():
        form = TrainingForm(request.POST if request.method == "POST" else None, units=units)
    elif request.method == "POST":
        raise PermissionDenied
    if request.method == "POST" and form is not None:

        def run(d: dict[str, Any]) -> Training:
            return actions.do_add_training(congress=body, acting_user=acting(request), **d)

        done = attempt(request, run, _("已登记培训。"), form=form)
        if done and done.value is not None:
            return redirect("reps:training", done.value.pk)
    rows = Training.objects.filter(body=body).select_related("unit").order_by("-held_on", "-id")
    shown = listing(
        request, rows, search=lambda r, q: r.filter(title__contains=q), placeholder=gettext_lazy("培训名称")
    )
    today = _today()
    flagged = queries.training_flagged(queries.with_last_training(queries.representatives(body)), today)
    context = {
        "congress": body,
        "crumbs": _crumbs(body),
        "trainings": shown,
        "form": form,
        "flagged": flagged.count(),
        "total": queries.representatives(body).count(),
    }
    return render(request, "reps/trainings.html", context, status=422 if form is not None and form.errors else 200)


@require_http_methods(["GET", "POST"])
@login_required
def training(request: HttpRequest, training_id: int) -> HttpResponse:
    found = access.access_training(request.user, training_id)
    # staff of the area read it; so does a representative of its congress (their home links a coming one)
    if not viewable_paths(request.user) and not any(
        s.body_id == found.body_id for s in queries.seats_held(request.user)
    ):
        raise PermissionDenied
    keeps = found.unit.path.startswith(tuple(managed_paths(request.user))) if managed_paths(request.user) else False
    if request.method == "POST":
        if not keeps:
            raise PermissionDenied
        ids = [int(v) for v in request.POST.getlist("seat") if is_ascii_digits(v)][: actions.MAX_ATTENDANCE + 1]
        chosen = list(BodySeat.objects.filter(pk__in=ids))
        if attempt(
            request,
            lambda: actions.do_record_attendance(training=found, seats=chosen, acting_user=acting(request)),
            lambda made: _("已登记 %(n)s 名代表签到。") % {"n": len(made)},
        ):
            return redirect("reps:training", found.pk)
    came = Attendance.objects.filter(training=found).select_related("seat__person__unit").order_by("seat__person__name")
    present = listing(
        request,
        came,
        search=lambda r, q: r.filter(seat__person__name__contains=q),
        prefix="a",
        placeholder=gettext_lazy("代表姓名"),
    )
    candidates = None
    if keeps and found.held_on <= _today():
        not_yet = queries.directory(found.body).exclude(pk__in=came.values("seat_id"))
        candidates = listing(
            request, not_yet, search=_by_name, prefix="c", per_page=30, placeholder=gettext_lazy("代表姓名")
        )
    queries.add_homes([a.seat for a in present.page.object_list], found.body)
    if candidates is not None:
        queries.add_homes(list(candidates.page.object_list), found.body)
    context = {
        "training": found,
        "congress": found.body,
        "crumbs": [*_crumbs(found.body), (reverse("reps:trainings", args=[found.body_id]), _("代表培训"))]
        if viewable_paths(request.user)
        else _crumbs(found.body),  # the list of trainings is the staff's
        "present": present,
        "candidates": candidates,
        "keeps": keeps,
        "coming": found.held_on > _today(),
    }
    return render(request, "reps/training.html", context)


# ---- referrals ----------------------------------------------------------------------------------


@require_GET
@login_required
def refer(request: HttpRequest, case_id: int) -> HttpResponse:
    """Representatives whose fields match the request's category, to refer it to (the referral
    itself is the request's own action, ``cases:act``)."""
    case = get_object_or_404(Case.objects.select_related("entry", "unit"), pk=case_id)
    if not case_access.may_read(request.user, case):
        raise Http404
    if case.representative_id != request.user.pk:
        raise PermissionDenied
    wanted = [f for f in request.GET.getlist("field") if f in Field.values] or fields_of(case.entry)
    rows = queries.suggestions(case, wanted, exclude_user=request.user)
    shown = listing(request, rows, search=_by_name, per_page=20, placeholder=gettext_lazy("代表姓名"))
    for seat_row in shown.page.object_list:
        seat_row.field_names = queries.field_names(seat_row)
        seat_row.account = seat_row.person.user
    context = {
        "case": case,
        "fields": [(f, Field(f).label, f in wanted) for f in Field.values],
        "matched": [Field(f).label for f in fields_of(case.entry)],
        "reps": shown,
        "crumbs": [(reverse("cases:case", args=[case.pk]), str(case))],
        "reason": _("这件诉求属于%(fields)s领域，转交给熟悉这方面的代表。")
        % {"fields": pgettext("list separator", "、").join(str(Field(f).label) for f in wanted)},
    }
    return render(request, "reps/refer.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def referral(request: HttpRequest, event_id: int) -> HttpResponse:
    event = get_object_or_404(
        CaseEvent.objects.select_related("case__entry", "case__unit", "by"), pk=event_id, kind=CaseEvent.Kind.REFERRED
    )
    case = event.case
    if not case_access.may_read(request.user, case):
        raise Http404
    answer = Answer.objects.filter(event=event).select_related("by").first()
    to_me = case.representative_id == request.user.pk and actions.referral_to(case) == event
    form = AnswerForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not to_me:
            raise PermissionDenied
        if attempt(
            request,
            lambda d: actions.do_answer_referral(event=event, text=d["text"], acting_user=acting(request)),
            _("已回复。"),
            form=form,
        ):
            return redirect("reps:referral", event.pk)
    context = {
        "event": event,
        "case": case,
        "answer": answer,
        "form": form if to_me and answer is None else None,
        "crumbs": [(reverse("cases:case", args=[case.pk]), str(case))],
    }
    return render(request, "reps/referral.html", context, status=422 if form.errors else 200)
