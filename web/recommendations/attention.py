"""What of democratic recommendation needs a person on their home page (``web.common.attention``):
the organising unit's managers see each recommendation not yet published — forms still being
filled, forms counted and waiting to be put together, a result waiting to be published — and a
counted one whose votes scattered with no second round yet. One query, whatever their number."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from web.common.attention import Asking, Found, Item, Source, register
from web.meetings.models import Poll
from web.org import queries as org_queries
from web.org.models import Role
from web.recommendations.models import Recommendation, RecommenderClass

S = Recommendation.State


def _what(rec: Recommendation) -> tuple[str, str]:
    if rec.state == S.FORMS:
        if rec.waiting:  # type: ignore[attr-defined]
            return gettext("推荐表填写中，各类推荐表在会议中计票后汇总"), gettext("查看")
        return gettext("各类推荐表都已计票，待汇总计票"), gettext("汇总")
    if rec.state == S.COUNTED:
        return gettext("已汇总计票，待公布结果"), gettext("公布")
    return gettext("推荐票分散，建议在原范围内进行第二次推荐"), gettext("第二次推荐")


def _organiser(asking: Asking) -> Found | None:
    paths = org_queries.managed_paths(asking.user)
    if not paths:
        return None
    waiting = RecommenderClass.objects.filter(recommendation=OuterRef("pk")).exclude(poll__state=Poll.State.CLOSED)
    seconded = Recommendation.objects.filter(follows=OuterRef("pk"))
    rows = (
        Recommendation.objects.filter(org_queries.under_paths("unit_path", paths))
        .annotate(waiting=Exists(waiting), seconded=Exists(seconded))
        .filter(Q(state__in=(S.FORMS, S.COUNTED)) | Q(state=S.PUBLISHED, result__status="scattered", seconded=False))
        .select_related("unit")
        .only("pk", "title", "state", "created_at", "unit__name")
        .order_by("created_at", "pk")
    )
    found = list(rows[:200])
    if not found:
        return None
    items = []
    for rec in found[: asking.limit]:
        what, action = _what(rec)
        items.append(
            Item(
                text=gettext("%(title)s：%(what)s") % {"title": rec.title, "what": what},
                url=reverse("recommendations:recommendation", args=[rec.pk]),
                where=rec.unit.name,
                action=action,
            )
        )
    more = reverse("recommendations:index") if len(found) > len(items) else ""
    total = len(found) if len(found) < 200 else rows.count()
    return Found(items=items, total=total, more=more)


register(
    Source(
        key="recommendations",
        title=_("民主推荐：待汇总、公布和第二次推荐"),
        order=49,
        find=_organiser,
        help=_("本单位发起的民主推荐：推荐表填写和计票的进度，待汇总和待公布的结果，推荐票分散时的第二次推荐。"),
    )
)


def _pages(asking: Asking) -> Found | None:
    """The way in for the staff who may hold one (the list, a new recommendation, the board),
    also when none is under way; no query (the roles are read once for the page)."""
    if not asking.roles_of(*Role.MANAGING):
        return None
    links = [
        (gettext("民主推荐列表"), reverse("recommendations:index")),
        (gettext("发起民主推荐"), reverse("recommendations:new")),
        (gettext("民主推荐公开栏"), reverse("recommendations_board:index")),
    ]
    return Found.of([Item(text=text, url=url) for text, url in links], limit=len(links))


register(Source("recommendation_pages", _("民主推荐"), 57, _pages, task=False))
