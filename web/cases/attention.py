"""What of residents' requests needs a person on their home page (``web.common.attention``):

- a handler: the cases at their offices waiting to be signed for or answered, the overdue first;
- a dispatcher: new cases to dispatch, returns to decide, escalated cases not yet signed for,
  replies waiting for the return visit, visited cases waiting to be closed;
- a representative: the replies to the cases they raised that they have not rated yet;
- a grid worker: the open cases located in their grid;
- and, only shown, the ways to the lists and the catalogue the person may open.

Each source reads an exact count and one page of items in two queries, on the indexes the lists
use (``web.cases.queries``); the person's desks and roles are read once for all of them."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from web.cases import access, queries
from web.cases.catalogue import CATALOGUE_KINDS
from web.cases.models import Case, Entry, Rating
from web.common.attention import Asking, Found, Item, Source, register
from web.org.models import Role, Unit
from web.org.queries import viewable_paths

S = Case.State


def _item(case: Case, what: str, *, late: bool = False, action: str = "") -> Item:
    return Item(
        text=gettext("诉求 %(n)s · %(category)s：%(what)s") % {"n": case.pk, "category": case.entry.name, "what": what},
        url=reverse("cases:case", args=[case.pk]),
        where=case.unit.name,
        when=case.received_at,
        late=late,
        action=action,
    )


def _found(asking: Asking, rows: Any, say: Any, more: str) -> Found:
    # the categories and places are read apart: joined, SQLite walks the catalogue or the units
    # and looks up each one's cases (seconds at a million cases) instead of using the filter's index
    page = list(rows[: asking.limit])
    places = Unit.objects.in_bulk({case.unit_id for case in page})
    categories = Entry.objects.in_bulk({case.entry_id for case in page})
    for case in page:
        case.unit, case.entry = places[case.unit_id], categories[case.entry_id]
    items = [say(case) for case in page]
    total = rows.count() if len(items) == asking.limit else len(items)
    return Found(items=items, total=total, more=more if total > len(items) else "")


def _queue(asking: Asking) -> Found | None:
    offices = access.office_ids(asking.user)
    if not offices:
        return None
    now = asking.now
    rows = Case.objects.filter(office_id__in=offices, state__in=Case.HANDLING).order_by(
        queries.after_filtering("reply_by"), "id"
    )

    def say(case: Case) -> Item:
        late = case.reply_by is not None and case.reply_by < now
        if case.state == S.DISPATCHED:
            late = late or (case.sign_by is not None and case.sign_by < now)
            return _item(case, gettext("待签收"), late=late, action=gettext("签收"))
        return _item(case, gettext("办理中，待答复"), late=late, action=gettext("答复"))

    return _found(asking, rows, say, reverse("cases:queue"))


DESK_WORDS = {
    S.RECEIVED: _("新受理，待派单"),
    S.RETURNED: _("已退单，待审核"),
    S.DISPATCHED: _("已提级，待上一级签收"),
    S.REPLIED: _("已答复，待回访"),
    S.VISITED: _("已回访，待办结"),
}


def _desk(asking: Asking) -> Found | None:
    if not access.dispatch_paths(asking.user):
        return None
    waiting = Q(state__in=(S.RECEIVED, S.RETURNED, S.REPLIED, S.VISITED)) | Q(state=S.DISPATCHED, escalated__gt=0)
    rows = Case.objects.filter(queries.dispatch_scope(asking.user) & waiting)
    rows = rows.order_by(queries.after_filtering("received_at"), "id")
    return _found(asking, rows, lambda case: _item(case, str(DESK_WORDS[case.state])), reverse("cases:desk"))


def _represented(asking: Asking) -> Found | None:
    if not asking.roles_of(Role.Kind.REPRESENTATIVE):
        return None
    rated = Rating.objects.filter(case=OuterRef("pk"), representative=asking.user)
    rows = (
        Case.objects.filter(representative=asking.user, replied_at__isnull=False)
        .filter(~Exists(rated))
        .order_by("-received_at", "-id")
    )
    return _found(
        asking,
        rows,
        lambda case: _item(case, gettext("已答复，请评价承办单位"), action=gettext("评价")),
        reverse("cases:represented"),
    )


def _grid(asking: Asking) -> Found | None:
    paths = sorted({r.unit.path for r in asking.roles_of(Role.Kind.GRID_WORKER)})
    if not paths:
        return None
    rows = Case.objects.filter(unit_id__in=queries.grid_units(paths), state__in=Case.OPEN).order_by(
        queries.after_filtering("received_at").desc(), "-id"
    )
    return _found(asking, rows, lambda case: _item(case, case.get_state_display()), reverse("cases:grid"))


def _pages(asking: Asking) -> Found | None:
    """The lists and forms the person may open (shown, not counted); everyone has their own requests."""
    user = asking.user
    links = []
    if access.office_ids(user):
        links.append((gettext("我的办理队列"), reverse("cases:queue")))
    if access.dispatch_paths(user):
        links.append((gettext("派单台"), reverse("cases:desk")))
    if asking.roles_of(Role.Kind.REPRESENTATIVE):
        links.append((gettext("我联系的诉求"), reverse("cases:represented")))
    if asking.roles_of(Role.Kind.GRID_WORKER):
        links.append((gettext("网格里的诉求"), reverse("cases:grid")))
    if viewable_paths(user) or access.dispatch_paths(user):
        links.append((gettext("辖区诉求"), reverse("cases:area")))
    if any(r.kind in Role.VIEWING and r.unit.kind in CATALOGUE_KINDS for r in asking.roles):
        links.append((gettext("派单目录和提级规则"), reverse("cases:catalogue")))
    representative = asking.roles_of(Role.Kind.REPRESENTATIVE)
    if links or representative:  # a desk, a representative, a grid worker or staff: entering for someone
        links.append((gettext("代为登记诉求"), reverse("case_intake:staff_new")))
    if representative:
        links.append((gettext("我的服务卡（打印）"), reverse("case_intake:service_card")))
    # everyone signed in raises and follows their own requests
    links.append((gettext("我提出的诉求"), reverse("case_intake:mine")))
    return Found.of([Item(text=text, url=url) for text, url in links], limit=len(links))


QUEUE = register(
    Source(
        "case_queue",
        _("等您签收和答复的诉求"),
        12,
        _queue,
        help=_("派到您所在单位的诉求，快到期的在前。"),
    )
)
DESK = register(
    Source(
        "case_desk",
        _("派单台：等您处理的诉求"),
        13,
        _desk,
        help=_("新受理待派单、退单待审核、提级待签收、答复待回访和回访待办结的诉求。"),
    )
)
REPRESENTED = register(
    Source(
        "case_represented",
        _("您联系的诉求有了答复"),
        26,
        _represented,
        help=_("您代为登记或转交给您的诉求已经答复，请评价承办单位的态度、速度和作风。"),
    )
)
GRID = register(Source("case_grid", _("网格里未办结的诉求"), 27, _grid, help=_("位于您负责网格、还在办理的诉求。")))
PAGES = register(Source("case_pages", _("群众诉求"), 55, _pages, task=False))
