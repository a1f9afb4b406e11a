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
from web.meetings.models import Attendee, Meeting, Officer, PaperEntry, Poll
from web.org.queries import managed_paths, under_paths

#: a meeting still in preparation shows from this long before it is to start (and after, until it opens)
SOON = dt.timedelta(days=14)

#: the columns the items say of a meeting and of a poll: the rows are read with only these (a
#: poll's record and result are large and never shown here)
_MEETING_SAYS = ("title", "starts_at", "state", "body__name", "body__unit__name")
_POLL_SAYS = ("title", "meeting__title", "meeting__body__unit__name")


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
        .only(*_MEETING_SAYS)
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
        .select_related("meeting")
        .only("title", "meeting__title", "meeting__starts_at")
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
        .only(*_MEETING_SAYS)
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


def _approvals(asking: Asking) -> Found | None:
    """Results waiting for the upper level: those of bodies whose unit's parent the person manages
    (who may approve, as ``views.staff.approval`` checks it)."""
    paths = managed_paths(asking.user)
    if not paths:
        return None
    polls = (
        Poll.objects.filter(approval=Poll.Approval.PENDING)
        .filter(under_paths("meeting__body__unit__parent__path", paths))
        .select_related("meeting__body__unit")
        .only(*_POLL_SAYS, "closed_at")
        .order_by("closed_at", "id")
    )
    items = [
        Item(
            text=gettext("%(poll)s：计票结果待您批准") % {"poll": p.title},
            url=reverse("meetings:poll", args=[p.pk]) + "#approval",
            where=f"{p.meeting.body.unit.name} · {p.meeting.title}",
            when=p.closed_at,
            action=gettext("批准"),
        )
        for p in polls
    ]
    return Found.of(items, limit=asking.limit)


def _open_votes(asking: Asking) -> Found | None:
    """The open polls of the meetings where the person is on the roster with the vote: they vote
    on their phone with the code they are handed. Whether they have voted is never read here."""
    person_id = getattr(asking.user, "person_id", None)
    if person_id is None:
        return None
    voter = Attendee.objects.filter(person_id=person_id, kind=Attendee.Kind.VOTER, excluded=False)
    polls = (
        Poll.objects.filter(state=Poll.State.OPEN, meeting__in=voter.values("meeting_id"))
        .select_related("meeting__body__unit")
        .only(*_POLL_SAYS, "meeting__starts_at")
        .order_by("meeting__starts_at", "id")
    )
    items = [
        Item(
            text=gettext("%(poll)s：投票进行中，凭会场发放的投票码在手机上投票") % {"poll": p.title},
            url=reverse("vote:enter"),
            where=f"{p.meeting.body.unit.name} · {p.meeting.title}",
            when=p.meeting.starts_at,
            action=gettext("投票"),
        )
        for p in polls
    ]
    return Found.of(items, limit=asking.limit)


APPROVALS = register(
    Source(
        "approvals",
        _("待批准的结果"),
        8,
        _approvals,
        help=_("下级单位需要上级批准的选举结果：批准或写明理由不予批准。"),
    )
)
OPEN_VOTES = register(Source("open_votes", _("正在进行的投票"), 3, _open_votes, help=_("您有表决权的会议正在投票。")))
