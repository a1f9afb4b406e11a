"""What of meetings needs a person on their home page (``web.common.attention``): the meetings and
polls open or about to open in the units they manage, a teller's paper ballots to enter, and the
meetings of the bodies they sit on (a representative's, a member's)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from web.common.attention import Asking, Found, Item, Source, register
from web.meetings.models import Meeting, Officer, PaperEntry, Poll
from web.org.queries import managed_paths, under_paths

#: a meeting still in preparation shows from this long before it is to start (and after, until it opens)
SOON = dt.timedelta(days=14)


def _local(moment: dt.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def _open_meetings(asking: Asking) -> Found | None:
    paths = managed_paths(asking.user)
    if not paths:
        return None
    meetings = (
        Meeting.objects.filter(under_paths("body__unit__path", paths))
        .filter(Q(state=Meeting.State.OPEN) | Q(state=Meeting.State.DRAFT, starts_at__lte=asking.now + SOON))
        .select_related("body__unit")
        .annotate(open_polls=Count("polls", filter=Q(polls__state=Poll.State.OPEN)))
        .order_by("starts_at", "id")
    )
    items = []
    for m in meetings:
        if m.state == Meeting.State.OPEN:
            text = (
                gettext("%(meeting)s 进行中，%(n)s 项投票正在进行") % {"meeting": m.title, "n": m.open_polls}
                if m.open_polls
                else gettext("%(meeting)s 进行中") % {"meeting": m.title}
            )
        else:
            text = gettext("%(meeting)s 筹备中，%(day)s 召开") % {
                "meeting": m.title,
                "day": _local(m.starts_at),
            }
        items.append(
            Item(
                text=text,
                url=reverse("meetings:meeting", args=[m.pk]),
                where=f"{m.body.unit.name} · {m.body.name}",
                when=m.starts_at,
                late=m.state == Meeting.State.DRAFT and m.starts_at < asking.now,
            )
        )
    return Found.of(items, limit=asking.limit)


def _counting(asking: Asking) -> Found | None:
    person_id = getattr(asking.user, "person_id", None)
    if person_id is None:
        return None
    duties = Officer.objects.filter(person_id=person_id, role=Officer.Role.TELLER).values("meeting_id", "pk")
    officer_of = {d["meeting_id"]: d["pk"] for d in duties}
    if not officer_of:
        return None
    polls = list(
        Poll.objects.filter(meeting_id__in=officer_of, state=Poll.State.OPEN, paper_accepted=False)
        .select_related("meeting__body__unit")
        .order_by("meeting__starts_at", "id")
    )
    entered = set(
        PaperEntry.objects.filter(poll__in=polls, teller_id__in=officer_of.values()).values_list("poll_id", flat=True)
    )
    items = [
        Item(
            text=(
                gettext("%(poll)s：您的录入已提交，等待另一位计票人")
                if p.pk in entered
                else gettext("%(poll)s：录入纸质选票")
            )
            % {"poll": p.title},
            url=reverse("meetings:paper", args=[p.pk]),
            where=p.meeting.title,
            when=p.meeting.starts_at,
            action="" if p.pk in entered else gettext("录入"),
        )
        for p in polls
    ]
    return Found.of(items, limit=asking.limit)


def _my_meetings(asking: Asking) -> Found | None:
    person_id = getattr(asking.user, "person_id", None)
    if person_id is None:
        return None
    meetings = (
        Meeting.objects.filter(Q(body__seats__person_id=person_id) | Q(joint_body__seats__person_id=person_id))
        .exclude(state=Meeting.State.CLOSED)
        .exclude(under_paths("body__unit__path", managed_paths(asking.user)))  # on the managers' list already
        .filter(Q(state=Meeting.State.OPEN) | Q(starts_at__gte=asking.now - dt.timedelta(days=1)))
        .select_related("body__unit")
        .distinct()
        .order_by("starts_at", "id")
    )
    items = [
        Item(
            text=gettext("%(meeting)s，%(day)s") % {"meeting": m.title, "day": _local(m.starts_at)}
            + (gettext("（进行中）") if m.state == Meeting.State.OPEN else ""),
            url=reverse("meetings:meeting", args=[m.pk]),
            where=f"{m.body.unit.name} · {m.body.name}",
            when=m.starts_at,
        )
        for m in meetings
    ]
    return Found.of(items, limit=asking.limit)


OPEN_MEETINGS = register(
    Source(
        "meetings",
        _("进行中和即将召开的会议"),
        10,
        _open_meetings,
        help=_("您管理的单位里正在进行或两周内召开的会议。"),
    )
)
COUNTING = register(
    Source("counting", _("计票任务"), 5, _counting, help=_("您被推选为计票人的投票，纸质选票等您录入。"))
)
MY_MEETINGS = register(Source("my_meetings", _("我参加的会议"), 30, _my_meetings, help=_("您所在机构即将召开的会议。")))
