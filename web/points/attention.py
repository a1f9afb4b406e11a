"""The points ledger's sections of the home page (工作台): a representative's points this quarter
with the required "三个一" still to do; liaison staff's claims to confirm, self-created projects
to approve and objections to answer, in their area."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from web.common.attention import Asking, Found, Item, Source, register
from web.points import access, queries


def _mine(asking: Asking) -> Found | None:
    seats = access.seats_of(asking.user)
    if not seats:
        return None
    items = []
    for seat in seats:
        q = queries.quarter_of(seat, asking.today)
        text = _("%(year)s 年第 %(quarter)s 季度 %(points)s 分，全年 %(year_points)s 分") % {
            "year": q.year, "quarter": q.quarter, "points": q.total, "year_points": q.year_total,
        }  # fmt: skip
        if q.outstanding:
            text += _("；“三个一”还差：%(items)s") % {"items": _("、").join(name for _code, name in q.outstanding)}
        items.append(Item(text=text, url=reverse("points:seat", args=[seat.pk]), where=seat.body.name,
                          action=_("记入积分")))  # fmt: skip
    return Found.of(items, limit=asking.limit)


def _waiting(asking: Asking) -> Found | None:
    if not access.is_liaison(asking.user):
        return None
    desk = reverse("points:desk")
    n = asking.limit
    items = [
        Item(text=_("%(name)s 申报“%(project)s”，待确认") % {"name": c.seat.person.name, "project": _(c.project.name)},
             url=f"{desk}#claims", action=_("确认"))
        for c in queries.pending_claims(asking.user)[:n]
    ] + [
        Item(text=_("%(name)s 提出自创项目“%(project)s”，待审核") % {"name": s.seat.person.name, "project": s.name},
             url=f"{desk}#proposals", action=_("审核"))
        for s in queries.pending_self_projects(asking.user)[:n]
    ] + [
        Item(text=_("%(name)s 对“%(project)s”提出异议，待答复")
             % {"name": o.entry.seat.person.name, "project": _(o.entry.project.name)},
             url=f"{desk}#objections", action=_("答复"))
        for o in queries.pending_objections(asking.user)[:n]
    ]  # fmt: skip
    return Found.of(items, limit=n, more=desk)


register(
    Source(
        key="points-mine",
        title=gettext_lazy("我的履职积分"),
        order=62,
        find=_mine,
        help=gettext_lazy("本季度的积分和还没完成的“三个一”"),
    )
)
register(
    Source(
        key="points-desk",
        title=gettext_lazy("履职积分待办"),
        order=63,
        find=_waiting,
        help=gettext_lazy("代表的申报、自创项目和异议"),
    )
)
