"""The studios' staff pages: the list, a studio (its staff, representatives, calendar and coming
sessions, and the forms of whoever runs it), a rule, the sessions, a session (duty, check-in,
requests taken), the request form at a session, the director's desk, a representative's duty.

Whoever may not read a studio gets 404 for it and its actions; one who reads it but may not take
an action gets the page again with the sentence (the action's status). A done action redirects
back with a message."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from web.accounts.actors import acting
from web.common import clock
from web.common.errors import RefusedStep
from web.common.listing import Filter, listing
from web.common.numbers import is_ascii_digits
from web.org.models import BodySeat, Person, Unit
from web.org.queries import managed_paths, under_paths, viewable_paths
from web.studios import access, actions, calendar, queries
from web.studios import forms as f
from web.studios.errors import refuse
from web.studios.models import Duty, Member, Rule, Session, Staff, Studio

#: how far ahead the studio's page lists its sessions
AHEAD = dt.timedelta(weeks=4)
WHEN = [("coming", gettext_lazy("今后")), ("past", gettext_lazy("已过"))]


def _studio(request: HttpRequest, studio_id: int) -> Studio:
    studio = Studio.objects.select_related("unit").filter(pk=studio_id).first()
    if studio is None or not access.may_read(request.user, studio):
        raise Http404
    return studio


def _crumbs(*pairs: tuple[str, Any]) -> list[tuple[str, Any]]:
    return [(reverse("studios:list"), _("党代表工作室")), *pairs]


# ---- the list and a new studio --------------------------------------------------------------


def _search_studios(rows: Any, q: str) -> Any:
    return rows.filter(name__contains=q)


def _kind(rows: Any, value: str) -> Any:
    return rows.filter(kind=value)


def _visible_studios(user: Any) -> Any:
    from django.db.models import Q

    pid = access.person_id(user)
    mine = Q(staff__person_id=pid) | Q(members__seat__person_id=pid) if pid is not None else Q(pk__in=[])
    rows = Studio.objects.filter(mine | under_paths("unit_path", viewable_paths(user) + managed_paths(user)))
    return Studio.objects.filter(pk__in=rows.values("pk")).select_related("unit").order_by("unit_path", "kind", "name")


@require_GET
@login_required
def studio_list(request: HttpRequest) -> HttpResponse:
    shown = listing(
        request,
        _visible_studios(request.user),
        search=_search_studios,
        filters=[Filter("kind", gettext_lazy("类型"), _kind, choices=Studio.Kind.choices)],
        placeholder=gettext_lazy("工作室名称"),
    )
    context = {"studios": shown, "may_create": bool(managed_paths(request.user)), "crumbs": []}
    return render(request, "studios/list.html", context)


def _unit_choices(user: Any) -> list[tuple[str, str]]:
    kinds = (Unit.Kind.DISTRICT, Unit.Kind.STREET, Unit.Kind.TOWNSHIP, Unit.Kind.COMMUNITY, Unit.Kind.VILLAGE)
    rows = Unit.objects.filter(under_paths("path", managed_paths(user)), kind__in=kinds).order_by("path")[:500]
    return [(str(u.pk), _("%(name)s（%(place)s）") % {"name": u.name, "place": u.get_kind_display()}) for u in rows]


@require_http_methods(["GET", "POST"])
@login_required
def new_studio(request: HttpRequest) -> HttpResponse:
    if not managed_paths(request.user):
        raise Http404
    units = _unit_choices(request.user)
    form = f.NewStudioForm(request.POST or None, units=units)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            d = form.cleaned_data
            try:
                studio = actions.do_save_studio(
                    acting_user=acting(request),
                    name=d["name"],
                    kind=d["kind"],
                    sector=d["sector"],
                    unit=Unit.objects.get(pk=int(d["unit"])),
                    address=d["address"],
                    phone=d["phone"],
                    hours=d["hours"],
                    about=d["about"],
                )
            except RefusedStep as exc:
                form.add_error(None, str(exc.message))
                status = exc.status
            else:
                messages.success(request, _("工作室已设立。请任命专职主任，安排代表进驻。"))
                return redirect("studios:studio", studio_id=studio.pk)
    context = {"form": form, "crumbs": _crumbs()}
    return render(request, "studios/new.html", context, status=status)


# ---- a studio -------------------------------------------------------------------------------


def _people_choices(studio: Studio, q: str) -> list[tuple[str, str]]:
    if not q.strip():
        return []
    district = actions.district_path(studio.unit)
    rows = Person.objects.filter(unit_path__startswith=district, name__contains=q.strip()).select_related("unit")
    return [
        (str(p.pk), _("%(name)s（%(place)s）") % {"name": p.name, "place": p.unit.name})
        for p in rows.order_by("name", "pk")[:20]
    ]


def _seat_choices(studio: Studio, q: str) -> list[tuple[str, str]]:
    attached = Member.objects.filter(studio=studio).values("seat_id")
    return [(str(s.pk), s.person.name) for s in queries.seats_named(q, exclude=attached)]


def _studio_page(
    request: HttpRequest,
    studio: Studio,
    *,
    bound: dict[str, Any] | None = None,
    error: str = "",
    at: str = "",
    status: int = 200,
) -> HttpResponse:
    user = request.user
    now = clock.now()
    manages = access.manages(user, studio) and studio.closed_at is None
    data = request.GET
    pq, sq = str(data.get("pq", ""))[:50], str(data.get("sq", ""))[:50]
    #: the form asked for (``?add=rule``, a plain link), or the one sent back with its errors: the
    #: calendar's forms list every representative, so they are built only when wanted
    adding = at or str(data.get("add", ""))
    forms: dict[str, Any] = {}
    if manages:
        seats = queries.seat_choices(studio) if adding in ("rule", "session") else []
        forms = {
            "details": f.DetailsForm(
                initial={k: getattr(studio, k) for k in ("name", "address", "phone", "hours", "about")}
            ),
            "staff": f.StaffForm(people=_people_choices(studio, pq), initial={"post": Staff.Post.VOLUNTEER}),
            "attach": f.SeatForm(seats=_seat_choices(studio, sq)),
        }
        if adding == "rule":
            forms["rule"] = f.RuleForm(seats=seats, initial={"valid_from": actions.today(), "per_session": 1})
        if adding == "session":
            forms["session"] = f.SessionForm(seats=seats, initial={"day": actions.today()})
        forms.update(bound or {})
    upcoming = queries.session_rows(queries.sessions_between([studio], now - dt.timedelta(hours=12), now + AHEAD))
    recent = queries.session_rows(
        Session.objects.filter(studio=studio, starts_at__lt=now - dt.timedelta(hours=12)).order_by("-starts_at", "-pk")[
            :5
        ]
    )
    my_seats = set(queries.seat_ids_of(user))
    context = {
        "studio": studio,
        "staff": queries.staff(studio),
        "members": listing(
            request,
            queries.members_rows(studio),
            search=lambda rows, q: rows.filter(seat__person__name__contains=q),
            prefix="m",
            per_page=30,
            placeholder=gettext_lazy("姓名"),
        ),
        "rules": queries.rule_rows(studio),
        "upcoming": upcoming,
        "recent": recent,
        "manages": manages,
        "liaison": access.is_liaison(user, studio) and studio.closed_at is None,
        "works": access.works(user, studio),
        "forms": forms,
        "pq": pq,
        "sq": sq,
        "error": error,
        "error_at": at,
        "adding": adding,
        "my_seats": my_seats,
        "crumbs": _crumbs(),
    }
    return render(request, "studios/studio.html", context, status=status)


@require_GET
@login_required
def studio(request: HttpRequest, studio_id: int) -> HttpResponse:
    return _studio_page(request, _studio(request, studio_id))


def _seat(value: Any) -> BodySeat | None:
    text = str(value or "")
    return (
        BodySeat.objects.select_related("person", "body").filter(pk=int(text)).first()
        if is_ascii_digits(text)
        else None
    )


def _seats(values: Any) -> list[BodySeat]:
    ids = [int(v) for v in values or [] if is_ascii_digits(str(v))]
    found = BodySeat.objects.select_related("person", "body").in_bulk(ids)
    return [found[i] for i in ids if i in found]


def _run_studio_action(request: HttpRequest, studio: Studio, action: str) -> tuple[Any, str, Any]:
    """(the bound form or None, the done message, the result); raises RefusedStep."""
    user = acting(request)
    post = request.POST
    seats = queries.seat_choices(studio)
    if action == "details":
        form: Any = f.DetailsForm(post)
        if not form.is_valid():
            return form, "", None
        actions.do_save_studio(acting_user=user, studio=studio, **form.cleaned_data)
        return None, _("已保存。"), None
    if action == "staff":
        pid = str(post.get("person", ""))
        people = [(pid, "")] if is_ascii_digits(pid) else []
        form = f.StaffForm(post, people=people)
        if not form.is_valid():
            return form, "", None
        person = Person.objects.filter(pk=int(form.cleaned_data["person"])).first()
        if person is None:
            form.add_error("person", _("请先查找并选择人员。"))
            return form, "", None
        actions.do_set_staff(studio=studio, person=person, post=form.cleaned_data["post"], acting_user=user)
        return None, _("已设置工作室人员。"), None
    if action == "unstaff":
        row = Staff.objects.filter(
            studio=studio, pk=int(post["staff"]) if is_ascii_digits(str(post.get("staff", ""))) else 0
        ).first()
        if row is None:
            raise refuse(_("此人已不在工作室。"), "no_staff", 404)
        actions.do_remove_staff(staff=row, acting_user=user)
        return None, _("已移出。"), None
    if action == "attach":
        sid = str(post.get("seat", ""))
        form = f.SeatForm(post, seats=[(sid, "")] if is_ascii_digits(sid) else [])
        if not form.is_valid():
            return form, "", None
        seat = _seat(form.cleaned_data["seat"])
        if seat is None:
            form.add_error("seat", _("请先查找并选择代表。"))
            return form, "", None
        actions.do_attach_representative(studio=studio, seat=seat, acting_user=user)
        return None, _("代表已进驻。"), None
    if action == "detach":
        mid = str(post.get("member", ""))
        member = Member.objects.filter(studio=studio, pk=int(mid) if is_ascii_digits(mid) else 0).first()
        if member is None:
            raise refuse(_("这位代表已不在本工作室。"), "no_member", 404)
        actions.do_detach_representative(member=member, acting_user=user)
        return None, _("代表已退出本工作室。"), None
    if action == "rule":
        form = f.RuleForm(post, seats=seats)
        if not form.is_valid():
            return form, "", None
        rule = actions.do_save_rule(studio=studio, acting_user=user, **_rule_args(form.cleaned_data))
        return None, _("已保存接待日安排，并生成了今后八周的接待活动。"), rule
    if action == "generate":
        made = actions.do_generate_sessions(studio=studio, acting_user=user)
        return (
            None,
            _("已生成 %(n)s 次接待活动。") % {"n": made} if made else _("今后八周的接待活动都已生成，没有新增。"),
            None,
        )
    if action == "close":
        actions.do_close_studio(studio=studio, reason=str(post.get("reason", "")), acting_user=user)
        return None, _("工作室已撤销。今后的接待活动已取消。"), None
    if action == "session":
        form = f.SessionForm(post, seats=seats)
        if not form.is_valid():
            return form, "", None
        d = form.cleaned_data
        session = actions.do_add_session(
            studio=studio,
            acting_user=user,
            kind=d["kind"],
            day=d["day"],
            starts=d["starts"],
            ends=d["ends"],
            place=d["place"],
            seats=_seats(d["seats"]),
        )
        return None, _("已增加接待活动。"), session
    raise Http404


def _rule_args(d: dict[str, Any]) -> dict[str, Any]:
    return {
        "kind": d["kind"],
        "week": d["week"],
        "weekday": d["weekday"],
        "starts": d["starts"],
        "ends": d["ends"],
        "valid_from": d["valid_from"],
        "valid_until": d.get("valid_until"),
        "place": d.get("place", ""),
        "seat": _seat(d.get("seat")),
        "roster": _seats(d.get("roster")),
        "per_session": d.get("per_session") or 0,
    }


STUDIO_ACTIONS = frozenset({"details", "staff", "unstaff", "attach", "detach", "rule", "generate", "session", "close"})


@require_POST
@login_required
def studio_act(request: HttpRequest, studio_id: int, action: str) -> HttpResponse:
    studio = _studio(request, studio_id)
    if action not in STUDIO_ACTIONS:
        raise Http404
    try:
        form, done, result = _run_studio_action(request, studio, action)
    except RefusedStep as exc:
        return _studio_page(request, studio, error=str(exc.message), at=action, status=exc.status)
    if form is not None:
        return _studio_page(request, studio, bound={action: form}, at=action, status=400)
    messages.success(request, done)
    if isinstance(result, Session):
        return redirect("studios:session", session_id=result.pk)
    return redirect(reverse("studios:studio", kwargs={"studio_id": studio.pk}) + f"#{action}")


# ---- a rule ---------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def rule(request: HttpRequest, rule_id: int) -> HttpResponse:
    found = Rule.objects.select_related("studio__unit").filter(pk=rule_id).first()
    if found is None or not access.may_read(request.user, found.studio):
        raise Http404
    studio = found.studio
    if request.method == "POST" and not access.manages(request.user, studio):
        raise PermissionDenied(_("只有工作室的主任、秘书或党代表联络工作人员可以这样做。"))
    seats = queries.seat_choices(studio)
    initial = {
        "kind": found.kind,
        "week": found.week,
        "weekday": found.weekday,
        "starts": found.starts,
        "ends": found.ends,
        "place": found.place,
        "seat": str(found.seat_id or ""),
        "roster": [str(e.seat_id) for e in found.roster.all()],
        "per_session": found.per_session,
        "valid_from": found.valid_from,
        "valid_until": found.valid_until,
    }
    form = f.RuleForm(request.POST or None, seats=seats, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                actions.do_save_rule(
                    studio=studio, rule=found, acting_user=acting(request), **_rule_args(form.cleaned_data)
                )
            except RefusedStep as exc:
                form.add_error(None, str(exc.message))
                status = exc.status
            else:
                messages.success(request, _("已保存接待日安排；今后还没人签到的接待活动已按新安排重新生成。"))
                return redirect(reverse("studios:studio", kwargs={"studio_id": studio.pk}) + "#calendar")
    context = {
        "studio": studio,
        "rule": found,
        "words": calendar.in_words(found.week, found.weekday, found.starts, found.ends),
        "form": form,
        "manages": access.manages(request.user, studio),
        "crumbs": _crumbs((studio.get_absolute_url(), studio.name)),
    }
    return render(request, "studios/rule.html", context, status=status)


# ---- the sessions ---------------------------------------------------------------------------


def _when(rows: Any, value: str) -> Any:
    now = clock.now()
    if value == "coming":
        return rows.filter(ends_at__gte=now).order_by("starts_at", "pk")
    return rows.filter(ends_at__lt=now)


def _search_day(rows: Any, q: str) -> Any:
    """A day (2026-03-10), a month (2026-03) or words of the place."""
    parts = q.strip().split("-")
    if all(is_ascii_digits(p) for p in parts) and 1 <= len(parts) <= 3:
        numbers = [int(p) for p in parts]
        try:
            if len(numbers) == 3:
                return rows.filter(day=dt.date(*numbers))
            if len(numbers) == 2:
                return rows.filter(day__year=numbers[0], day__month=numbers[1])
        except ValueError:
            return rows.none()
        return rows.filter(day__year=numbers[0])
    return rows.filter(place__contains=q)


@require_GET
@login_required
def sessions(request: HttpRequest, studio_id: int) -> HttpResponse:
    studio = _studio(request, studio_id)
    rows = Session.objects.filter(studio=studio).order_by("-starts_at", "-pk")
    shown = listing(
        request,
        rows,
        search=_search_day,
        filters=[
            Filter(
                "when",
                gettext_lazy("时间"),
                _when,
                choices=[("coming", gettext_lazy("今后")), ("past", gettext_lazy("已过"))],
            ),
            Filter("kind", gettext_lazy("类型"), _kind, choices=Rule.Kind.choices),
        ],
        placeholder=gettext_lazy("日期如 2026-03，或地点"),
    )
    context = {
        "studio": studio,
        "sessions": shown,
        "rows": queries.session_rows(shown.page.object_list),
        "crumbs": _crumbs((studio.get_absolute_url(), studio.name)),
    }
    return render(request, "studios/sessions.html", context)


def _session(request: HttpRequest, session_id: int) -> Session:
    found = Session.objects.select_related("studio__unit", "rule").filter(pk=session_id).first()
    if found is None:
        raise Http404
    if access.may_read(request.user, found.studio):
        return found
    if found.duties.filter(seat_id__in=queries.seat_ids_of(request.user)).exists():
        return found
    raise Http404


def _session_page(
    request: HttpRequest, session: Session, *, error: str = "", at: str = "", status: int = 200
) -> HttpResponse:
    from web.cases.access import may_take_at

    user = request.user
    studio = session.studio
    now = clock.now()
    row = queries.session_rows([session])[0]
    on_duty = {d.seat_id for d in row.duties}
    mine = set(queries.seat_ids_of(user))
    works = access.works(user, studio)
    manages = access.manages(user, studio)
    open_for_check_in = session.cancelled_at is None and session.starts_at - actions.EARLY <= now
    context = {
        "studio": studio,
        "session": session,
        "row": row,
        "taken": queries.taken_at(session),
        "mine": mine,
        "works": works,
        "manages": manages,
        "may_check_in": open_for_check_in and now <= session.ends_at + actions.STAFF_GRACE,
        "self_until": session.ends_at + actions.SELF_GRACE,
        "now": now,
        "over": session.ends_at < now,
        "may_take": (works or bool(mine & {d.seat_id for d in row.duties}))
        and may_take_at(user, studio.unit)
        and open_for_check_in
        and now <= session.ends_at + actions.STAFF_GRACE,
        "duty_form": f.SeatForm(seats=[c for c in queries.seat_choices(studio) if int(c[0]) not in on_duty]),
        "cancel_form": f.ReasonForm(),
        "error": error,
        "error_at": at,
        "crumbs": _crumbs((studio.get_absolute_url(), studio.name)) if access.may_read(user, studio) else [],
    }
    return render(request, "studios/session.html", context, status=status)


@require_GET
@login_required
def session(request: HttpRequest, session_id: int) -> HttpResponse:
    return _session_page(request, _session(request, session_id))


SESSION_ACTIONS = frozenset({"check_in", "cancel", "duty_on", "duty_off"})


@require_POST
@login_required
def session_act(request: HttpRequest, session_id: int, action: str) -> HttpResponse:
    found = _session(request, session_id)
    if action not in SESSION_ACTIONS:
        raise Http404
    user = acting(request)
    post = request.POST
    try:
        if action == "check_in":
            did = str(post.get("duty", ""))
            duty = Duty.objects.filter(session=found, pk=int(did) if is_ascii_digits(did) else 0).first()
            if duty is None:
                raise refuse(_("这位代表已不在值班名单上。"), "no_duty", 404)
            done = actions.do_check_in(duty=duty, acting_user=user)
            messages.success(request, _("%(name)s 已签到。") % {"name": done.seat.person.name})
        elif action == "cancel":
            form = f.ReasonForm(post)
            actions.do_cancel_session(
                session=found, reason=form.cleaned_data["reason"] if form.is_valid() else "", acting_user=user
            )
            messages.success(request, _("接待活动已取消。"))
        else:
            seat = _seat(post.get("seat"))
            if seat is None:
                raise refuse(_("请先查找并选择代表。"), "seat_required", 400)
            actions.do_set_duty(session=found, seat=seat, on=action == "duty_on", acting_user=user)
            messages.success(request, _("已调整值班代表。"))
    except RefusedStep as exc:
        return _session_page(request, found, error=str(exc.message), at=action, status=exc.status)
    return redirect("studios:session", session_id=found.pk)


# ---- a request taken at a session -------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def take(request: HttpRequest, session_id: int) -> HttpResponse:
    """The intake's staff form at a session: channel 代表代录, the representative one of those on
    duty (a representative: themself), the places of the studio's unit; taken and linked to the
    session by ``do_take_at_session``."""
    from web.cases.errors import CaseError
    from web.cases.intake.forms import StaffRequestForm
    from web.cases.intake.views import common
    from web.cases.models import Case

    found = _session(request, session_id)
    user = request.user
    studio = found.studio
    duties = list(found.duties.select_related("seat__person__user"))
    mine = set(queries.seat_ids_of(user))
    if not access.works(user, studio):
        duties = [d for d in duties if d.seat_id in mine]
        if not duties:
            raise PermissionDenied(_("代表只能登记本人接待的诉求；工作室工作人员可以代为登记。"))
    choices = [(str(d.seat_id), d.seat.person.name) for d in duties]
    form = common.build(
        request,
        StaffRequestForm,
        [studio.unit_path],
        channels=[(Case.Channel.REPRESENTATIVE, Case.Channel.REPRESENTATIVE.label)],
        representatives=choices,
        people=[],
    )
    assert isinstance(form, StaffRequestForm)
    form.fields["representative"].label = _("接待的值班代表")
    form.fields["representative"].required = True
    if not form.is_bound:
        form.initial.setdefault("channel", Case.Channel.REPRESENTATIVE)
        own = [c for c, _n in choices if int(c) in mine]
        if own or len(choices) == 1:
            form.initial.setdefault("representative", (own or [choices[0][0]])[0])
        return _take_page(request, found, form)
    if not form.is_valid():
        return _take_page(request, found, form, status=400)
    entry, place = common.chosen_entry(form), form.picked.place
    if entry is None or place is None:
        form.add_error("service_code", form.fields["service_code"].error_messages["required"])
        return _take_page(request, found, form, status=400)
    d = form.cleaned_data
    try:
        case, code = actions.do_take_at_session(
            session=found,
            seat=_seat(d.get("representative")),
            acting_user=acting(request),
            entry=entry,
            unit=place,
            description=d["description"],
            address=d.get("address", ""),
            lat=d.get("lat"),
            long=d.get("long"),
            requester_phone=d.get("requester_phone", ""),
            requester_name=d.get("requester_name", ""),
            consent=bool(d.get("consent")),
            photos=form.prepared,
        )
    except (RefusedStep, CaseError) as exc:
        form.add_error(None, str(exc.message))
        return _take_page(request, found, form, status=exc.status if exc.status in (403, 409, 422) else 400)
    messages.success(request, _("诉求已登记，并记入这次接待活动。"))
    return common.taken_page(request, case, code, staff=True)


def _take_page(request: HttpRequest, found: Session, form: Any, *, status: int = 200) -> HttpResponse:
    from web.cases.intake.views import common

    context = {
        "session": found,
        "studio": found.studio,
        "form": form,
        "refresh": common.REFRESH,
        "crumbs": _crumbs((found.studio.get_absolute_url(), found.studio.name), (found.get_absolute_url(), str(found))),
    }
    return render(request, "studios/take.html", context, status=status)


# ---- the director's desk and a representative's duty -------------------------------------------


def _search_taken(rows: Any, q: str) -> Any:
    if is_ascii_digits(q) and len(q) <= 12:
        return rows.filter(case_id=int(q))
    return rows.filter(case__entry__name__contains=q)


def _open_only(rows: Any, value: str) -> Any:
    from web.cases.models import Case

    return rows.filter(case__state__in=sorted(Case.OPEN))


@require_GET
@login_required
def desk(request: HttpRequest) -> HttpResponse:
    user = request.user
    run = queries.studios_run_by(user)
    if not run:
        raise Http404
    now = clock.now()
    today = timezone.localdate(now)
    monday, sunday = queries.week_of(today)
    week = queries.session_rows(
        queries.sessions_between(
            run, queries.local_midnight(monday), queries.local_midnight(sunday + dt.timedelta(days=1))
        )
    )
    taken = listing(
        request,
        queries.cases_taken(run),
        search=_search_taken,
        filters=[Filter("open", gettext_lazy("状态"), _open_only, choices=[("open", gettext_lazy("办理中"))])],
        prefix="c",
        per_page=20,
        placeholder=gettext_lazy("诉求编号或类别"),
    )
    context = {
        "studios": run,
        "week": week,
        "monday": monday,
        "sunday": sunday,
        "missing": list(queries.missing_check_ins(run, now)[:50]),
        "taken": taken,
        "idle": queries.idle_members(run, today),
        "crumbs": [],
    }
    return render(request, "studios/desk.html", context)


@require_GET
@login_required
def my_duty(request: HttpRequest) -> HttpResponse:
    seats = queries.seat_ids_of(request.user)
    if not seats:
        raise Http404
    from web.studios.models import Duty as DutyModel

    rows = (
        DutyModel.objects.filter(seat_id__in=seats)
        .select_related("session__studio")
        .order_by("-session__starts_at", "-pk")
    )

    def when(rows: Any, value: str) -> Any:
        now = clock.now()
        return (
            rows.filter(session__ends_at__gte=now).order_by("session__starts_at", "pk")
            if value == "coming"
            else rows.filter(session__ends_at__lt=now)
        )

    shown = listing(
        request,
        rows,
        search=lambda rows, q: rows.filter(session__studio__name__contains=q),
        filters=[
            Filter(
                "when",
                gettext_lazy("时间"),
                when,
                choices=[("coming", gettext_lazy("今后")), ("past", gettext_lazy("已过"))],
            )
        ],
        placeholder=gettext_lazy("工作室名称"),
    )
    return render(request, "studios/my_duty.html", {"duties": shown, "now": clock.now(), "crumbs": []})
