"""What of a congress's inquiries needs a person on their home page (``web.common.attention``):

- a representative: their inquiries still waiting for the written answer (the overdue first);
- the liaison office: the written answers due in the congresses whose unit they manage, the
  earliest deadline first, overdue marked late;
- and, only shown, the way to the representative's own inquiries and to the congress meetings'
  agendas they may open.

Each source reads an exact count and one page of items in two queries."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from web.common.attention import Asking, Found, Item, Source, register
from web.congress import queries
from web.congress.models import Inquiry
from web.org.models import Role
from web.reps.queries import seats_held


def _item(inquiry: Inquiry, what: str, *, action: str = "") -> Item:
    return Item(
        text=gettext("询问 %(n)s · %(to)s：%(what)s") % {"n": inquiry.pk, "to": inquiry.addressee, "what": what},
        url=reverse("congress:inquiry", args=[inquiry.pk]),
        where=inquiry.meeting.title,
        when=inquiry.answer_by,
        late=inquiry.state == Inquiry.State.OVERDUE,
        action=action,
    )


def _found(asking: Asking, rows: object, say: object, more: str) -> Found:
    page = list(rows[: asking.limit])  # type: ignore[index]
    items = [say(i) for i in page]  # type: ignore[operator]
    total = rows.count() if len(items) == asking.limit else len(items)  # type: ignore[attr-defined]
    return Found(items=items, total=total, more=more if total > len(items) else "")


def _mine(asking: Asking) -> Found | None:
    if getattr(asking.user, "person_id", None) is None:
        return None
    rows = queries.own_inquiries(asking.user).filter(state__in=sorted(Inquiry.WAITING))
    return _found(
        asking,
        rows,
        lambda i: _item(i, str(i.get_state_display())),
        reverse("congress:mine"),
    )


def _owed(asking: Asking) -> Found | None:
    if not asking.roles_of(*Role.MANAGING):
        return None
    rows = queries.owed_by(asking.user)
    return _found(
        asking,
        rows,
        lambda i: _item(i, str(i.get_state_display()), action=gettext("记录书面答复")),
        reverse("congress:owed"),
    )


def _pages(asking: Asking) -> Found | None:
    """The representative's own inquiries, shown once they sit on a congress."""
    if not seats_held(asking.user):
        return None
    items = [Item(text=gettext("我提出的询问"), url=reverse("congress:mine"))]
    return Found.of(items, limit=len(items))


MINE = register(
    Source(
        "inquiries_mine",
        _("您的询问等待书面答复"),
        28,
        _mine,
        help=_("您在党代会上提出的询问，书面答复还没有到。逾期的标为红色。"),
    )
)
OWED = register(
    Source(
        "inquiries_owed",
        _("待记录的询问书面答复"),
        14,
        _owed,
        help=_("党代表在党代会上提出的询问，书面答复期限最近的在前。"),
    )
)
PAGES = register(Source("congress_pages", _("党代会询问"), 56, _pages, task=False))
