"""What of the studios needs a person on their home page (``web.common.attention``):

- a studio's director or secretary (the director's desk): representatives on duty at a session
  that ended without checking in (the staff may record them for a week), this week's sessions
  with who is on duty, and the representatives with no session this month;
- a representative: their reception duty this week, with the check-in when it is open;
- and, only shown, the ways to the studio pages the person may open.

Each source reads a few queries whatever the number of sessions."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from web.common.attention import Asking, Found, Item, Source, register
from web.org.queries import managed_paths, under_paths, viewable_paths
from web.reps.queries import seats_held
from web.studios import actions, queries
from web.studios.models import Duty, Studio


def _when(session: object) -> str:
    s = session
    start = timezone.localtime(s.starts_at)  # type: ignore[attr-defined]
    end = timezone.localtime(s.ends_at)  # type: ignore[attr-defined]
    return f"{start:%m-%d %H:%M}–{end:%H:%M}"


def _run(asking: Asking) -> list[Studio]:
    """The studios the person directs or is secretary of, read once for the desk and the links."""
    if "studios_run" not in asking.cache:
        asking.cache["studios_run"] = queries.studios_run_by(asking.user)
    return list(asking.cache["studios_run"])


def _desk(asking: Asking) -> Found | None:
    run = _run(asking)
    if not run:
        return None
    now = asking.now
    monday, sunday = queries.week_of(asking.today)
    items: list[Item] = []
    for duty in queries.missing_check_ins(run, now, days=7)[: asking.limit]:
        items.append(
            Item(
                text=gettext("%(name)s 在 %(when)s 的%(kind)s没有签到")
                % {"name": duty.seat.person.name, "when": _when(duty.session), "kind": duty.session.get_kind_display()},
                url=reverse("studios:session", args=[duty.session_id]),
                where=duty.session.studio.name,
                when=duty.session.starts_at,
                late=True,
                action=gettext("补记签到"),
            )
        )
    week = queries.session_rows(
        queries.sessions_between(
            run, queries.local_midnight(monday), queries.local_midnight(sunday + dt.timedelta(days=1))
        ).filter(cancelled_at__isnull=True)
    )
    for row in week:
        names = gettext("、").join(
            (gettext("%(name)s（已签到）") % {"name": d.seat.person.name}) if d.checked_in_at else d.seat.person.name
            for d in row.duties
        )
        items.append(
            Item(
                text=gettext("%(when)s %(kind)s · 值班：%(names)s")
                % {
                    "when": _when(row.session),
                    "kind": row.session.get_kind_display(),
                    "names": names or gettext("未排班"),
                },
                url=reverse("studios:session", args=[row.session.pk]),
                where=row.session.studio.name,
                when=row.session.starts_at,
            )
        )
    idle = queries.idle_members(run, asking.today)
    if idle:
        items.append(
            Item(
                text=gettext("本月还有 %(n)s 位代表没有安排接待：%(names)s")
                % {"n": len(idle), "names": gettext("、").join(m.seat.person.name for m in idle[:5])},
                url=reverse("studios:desk") + "#idle",
            )
        )
    return Found.of(items, limit=asking.limit, more=reverse("studios:desk"))


def _duty(asking: Asking) -> Found | None:
    seats = [seat.pk for seat in seats_held(asking.user)]
    if not seats:
        return None
    now = asking.now
    monday, sunday = queries.week_of(asking.today)
    rows = queries.duties_of(
        seats, queries.local_midnight(monday), queries.local_midnight(sunday + dt.timedelta(days=1))
    ).filter(session__cancelled_at__isnull=True)
    items = []
    for duty in rows:
        session = duty.session
        open_now = session.starts_at - actions.EARLY <= now <= session.ends_at + actions.SELF_GRACE
        if duty.checked_in_at:
            state = gettext("已签到")
        elif session.ends_at + actions.SELF_GRACE < now:
            state = gettext("未签到")
        else:
            state = gettext("待签到")
        items.append(
            Item(
                text=gettext("%(when)s %(kind)s · %(state)s")
                % {"when": _when(session), "kind": session.get_kind_display(), "state": state},
                url=reverse("studios:session", args=[session.pk]),
                where=f"{session.studio.name} · {session.place}" if session.place else session.studio.name,
                when=session.starts_at,
                late=not duty.checked_in_at and session.ends_at + actions.SELF_GRACE < now,
                action=gettext("签到") if open_now and not duty.checked_in_at else "",
            )
        )
    return Found.of(items, limit=asking.limit, more=reverse("studios:my_duty"))


def _pages(asking: Asking) -> Found | None:
    user = asking.user
    links = []
    paths = viewable_paths(user) + managed_paths(user)
    run = _run(asking)
    seats = [seat.pk for seat in seats_held(user)]
    if run or seats or Studio.objects.filter(under_paths("unit_path", paths)).exists():
        links.append((gettext("党代表工作室"), reverse("studios:list")))
    if run:
        links.append((gettext("工作室主任工作台"), reverse("studios:desk")))
    if seats and Duty.objects.filter(seat_id__in=seats).exists():
        links.append((gettext("我的接待值班"), reverse("studios:my_duty")))
    if not links:
        return None
    return Found.of([Item(text=text, url=url) for text, url in links], limit=len(links))


DESK = register(
    Source(
        "studio_desk",
        _("工作室主任工作台"),
        14,
        _desk,
        help=_("近一周未签到的值班、本周的接待活动和值班代表、本月还没有接待安排的代表。"),
    )
)
DUTY = register(
    Source(
        "studio_duty",
        _("我本周的接待值班"),
        25,
        _duty,
        help=_("您在党代表工作室的接访日、走访日；到岗后在这里签到。"),
    )
)
PAGES = register(Source("studio_pages", _("党代表工作室"), 56, _pages, task=False))
