"""What of appraisals needs a person on their home page (``web.common.attention``):

- the organising unit's managers: sessions to open, to count (a survey past its window is late)
  and to publish, and the flags raised that wait for the organisation's review (提请组织研究);
- a villager or resident where a survey by codes is open: that it is open and until when. Survey
  codes are not personal (unnamed slips handed out by household), so the page cannot and does not
  say whether this person holds one or has answered; it says where to answer. A rater in a
  meeting sees the open form through the meetings' own source (``open_votes``).

Each source reads in one or two queries, whatever the number of sessions."""

from __future__ import annotations

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from web.appraisals.models import Review, Session
from web.appraisals.words import review_words
from web.common.attention import Asking, Found, Item, Source, register
from web.org.models import Person, Role
from web.org.queries import is_street_staff, managed_paths, under_paths

S = Session.State


def _session_item(s: Session, asking: Asking) -> Item:
    late = False
    when = None
    if s.state == S.DRAFT:
        what, act = gettext("待开始"), gettext("开始测评")
    elif s.state == S.OPEN:
        what, act = gettext("测评中，结束后计票"), gettext("计票")
        if s.closes_at is not None:
            when, late = s.closes_at, s.closes_at <= asking.now
            if late:
                what = gettext("填写期已过，待计票")
    else:
        what, act = gettext("已计票，待在公开栏公布"), gettext("公布")
    return Item(
        text=gettext("%(title)s：%(what)s") % {"title": s.title, "what": what},
        url=reverse("appraisals:session", args=[s.pk]),
        where=s.unit.name,
        when=when,
        late=late,
        action=act,
    )


def _organiser(asking: Asking) -> Found | None:
    paths = managed_paths(asking.user)
    if not paths:
        return None
    sessions = list(
        Session.objects.filter(under_paths("unit_path", paths))
        .filter(
            state__in=(S.DRAFT, S.OPEN, S.COUNTED),
        )
        .exclude(state=S.COUNTED, visibility=Session.Visibility.RESTRICTED)
        .select_related("unit")
        .only("pk", "title", "state", "closes_at", "unit__name", "visibility")
        .order_by("closes_at", "pk")
    )
    reviews = list(
        Review.objects.filter(under_paths("unit_path", paths), state=Review.State.OPEN)
        .select_related("session", "subject")
        .only("pk", "flag", "second_year", "session__id", "session__title", "subject__name")
        .order_by("second_year", "pk")
    )
    items = [
        Item(
            text=gettext("%(title)s · %(name)s：提请组织研究（%(review)s）")
            % {"title": r.session.title, "name": r.subject.name, "review": review_words(r.flag)},
            url=reverse("appraisals:session", args=[r.session.pk]) + f"#review-{r.pk}",
            late=r.second_year,
            action=gettext("记录研究意见"),
        )
        for r in reviews
    ] + [_session_item(s, asking) for s in sessions]
    if not items:
        return None
    return Found.of(items, limit=asking.limit, more=reverse("appraisals:index"))


def _villager(asking: Asking) -> Found | None:
    person_id = getattr(asking.user, "person_id", None)
    if person_id is None:
        return None
    # one query: the open surveys of a unit the person lives in (its path a prefix of theirs)
    lives_there = Person.objects.filter(pk=person_id, unit_path__startswith=OuterRef("unit_path"))
    open_surveys = list(
        Session.objects.filter(mode=Session.Mode.SURVEY, state=S.OPEN, closes_at__gt=asking.now)
        .filter(Exists(lives_there))
        .select_related("unit")
        .only("pk", "title", "closes_at", "unit__name")
        .order_by("closes_at", "pk")
    )
    if not open_surveys:
        return None
    items = [
        Item(
            text=gettext("%(title)s 正在填写：领到测评码的，请在截止前用手机填写（无记名）。") % {"title": s.title},
            url=reverse("vote:enter"),
            where=s.unit.name,
            when=s.closes_at,
            action=gettext("填写"),
        )
        for s in open_surveys
    ]
    return Found.of(items, limit=asking.limit)


register(
    Source(
        key="appraisal_work",
        title=_("民主测评：待办和提请研究的提示"),
        order=49,
        find=_organiser,
        help=_("待开始、待计票、待公布的测评，以及测评触发、等待组织研究的提示（提示不是处分）。"),
    )
)
register(
    Source(
        key="appraisal_surveys",
        title=_("正在填写的满意度测评"),
        order=12,
        find=_villager,
        help=_("本村（社区）正在进行的测评码问卷。测评码无记名，系统不知道哪张码发给了谁。"),
    )
)


def _pages(asking: Asking) -> Found | None:
    """The list of sessions for staff who read a unit, and the form for those who manage one
    (shown, not counted; no query: the person's roles are read once for the page)."""
    if not asking.roles_of(*Role.VIEWING):
        return None
    links = [(gettext("测评列表"), reverse("appraisals:index"))]
    if asking.roles_of(*Role.MANAGING):
        links.append((gettext("设立测评"), reverse("appraisals:new")))
        if is_street_staff(asking.user):  # a district, street or township evaluates its departments
            links.append((gettext("新建部门评议"), reverse("appraisals:new_departments")))
            links.append((gettext("新建双向评议"), reverse("appraisals:two_way_new")))  # with its villages
    links.append((gettext("民主测评公开栏"), reverse("appraisals_board:index")))
    return Found.of([Item(text=text, url=url) for text, url in links], limit=len(links))


register(Source("appraisal_pages", _("民主测评"), 56, _pages, task=False))
