"""The random inspection's section of the home page (工作台): for the staff who manage a plan's
unit, this month's draw to hold (not opened, pool to freeze, seed to fix) and the drawn cadres
whose findings are not recorded yet."""

from __future__ import annotations

from django.db.models import Count, OuterRef, Subquery
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from web.common.attention import Asking, Found, Item, Source, register
from web.inspections import queries
from web.inspections.models import Draw, Pick
from web.org.queries import is_street_staff

S = Draw.State
NEXT: dict[str, object] = {
    S.OPEN: gettext_lazy("核对并冻结名单"),
    S.FROZEN: gettext_lazy("确定种子"),
    S.ENTERED: gettext_lazy("等第二人录入种子"),
    S.COMMITTED: gettext_lazy("揭示种子"),
}


def _to_hold(asking: Asking) -> Found | None:
    """One query: the managed plans, each with this month's standing draw read by subqueries."""
    if not is_street_staff(asking.user):  # plans belong to districts, streets and townships
        return None
    month = asking.today.replace(day=1)
    live = Draw.objects.filter(plan=OuterRef("pk"), month=month).exclude(state=S.SUPERSEDED)
    waiting = Pick.objects.filter(draw=OuterRef("live_id"), finding="").values("draw").annotate(n=Count("pk"))
    plans = list(
        queries.managed_plans(asking.user)
        .only("pk", "title", "unit__name", "unit__path")
        .annotate(live_id=Subquery(live.values("pk")[:1]), live_state=Subquery(live.values("state")[:1]))
        .annotate(open_findings=Subquery(waiting.values("n")[:1]))
    )
    if not plans:
        return None
    items = []
    said = f"{month:%Y-%m}"
    for plan in plans:
        draw_id, state, n = plan.live_id, plan.live_state, plan.open_findings
        where = plan.unit.name
        if draw_id is None:
            text = _("%(month)s 的随机考察还没有抽取") % {"month": said}
            url, action = reverse("inspections:plan", args=[plan.pk]), _("开始抽取")
        elif state in NEXT:
            text = _("%(month)s 的随机考察：%(state)s") % {"month": said, "state": S(state).label}
            url, action = reverse("inspections:draw", args=[draw_id]), str(NEXT[state])
        elif n:
            text = _("%(month)s 抽中的 %(n)s 人还没有记录考察情况") % {"month": said, "n": n}
            url, action = reverse("inspections:draw", args=[draw_id]) + "#picks", _("记录考察情况")
        else:
            continue
        items.append(Item(text=text, url=url, where=where, action=action))
    return Found.of(items, limit=asking.limit, more=reverse("inspections:home"))


register(
    Source(
        key="inspections",
        title=gettext_lazy("本月随机考察"),
        order=64,
        find=_to_hold,
        help=gettext_lazy("每月随机抽取考察对象和考察人员，公开种子和结果"),
    )
)


def _pages(asking: Asking) -> Found | None:
    """The plans and the board for the street's and district's staff, also in a month with
    nothing to hold; no query beyond the roles read once for the page."""
    if not is_street_staff(asking.user):
        return None
    links = [
        (_("随机考察方案"), reverse("inspections:home")),
        (_("随机考察公开栏"), reverse("inspections_board:index")),
    ]
    return Found.of([Item(text=text, url=url) for text, url in links], limit=len(links))


register(Source("inspection_pages", gettext_lazy("随机考察"), 65, _pages, task=False))
