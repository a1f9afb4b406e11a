"""What of a representative's work needs them on their home page (``web.common.attention``):

- requests referred to them that they have not answered yet (交叉挂点);
- their training: never trained, or the last one more than two years ago, and the trainings
  coming up;
- the villages and communities they are linked to (挂点), or that they are linked to none;
- and, only shown, the ways to the congress's pages: for a representative, their own page and the
  list; for the liaison staff (district, street and township staff), the list, coverage and
  trainings.

Each reads a few queries whatever the number of items; a person with neither a seat nor a
liaison role is asked nothing."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from web.cases.models import Case, Entry
from web.common.attention import Asking, Found, Item, Source, register
from web.org.models import Role, Unit
from web.reps import access, queries
from web.reps.models import Training


def _seats(asking: Asking) -> list[Any]:
    """The person's congress seats (read once per page for every source here)."""
    return queries.seats_held(asking.user)


def _referrals(asking: Asking) -> Found | None:
    if not asking.roles_of(Role.Kind.REPRESENTATIVE):
        return None
    rows = queries.waiting_referrals(asking.user)
    page = list(rows.only("pk", "unit_id", "entry_id", "received_at")[: asking.limit])
    places = Unit.objects.in_bulk({c.unit_id for c in page})
    categories = Entry.objects.in_bulk({c.entry_id for c in page})

    def item(case: Case) -> Item:
        text = gettext("诉求 %(n)s · %(category)s：转交给您，等您回复") % {
            "n": case.pk,
            "category": categories[case.entry_id].name,
        }
        return Item(
            text=text,
            url=reverse("reps:referral", args=[case.last_referral]),  # type: ignore[attr-defined]
            where=places[case.unit_id].name,
            when=case.received_at,
            action=gettext("回复"),
        )

    items = [item(c) for c in page]
    total = rows.count() if len(items) == asking.limit else len(items)
    return Found(items=items, total=total, more=reverse("cases:represented") if total > len(items) else "")


def _training(asking: Asking) -> Found | None:
    seats = _seats(asking)
    if not seats:
        return None
    today = asking.today
    items: list[Item] = []
    for seat in queries.with_last_training(queries.representatives_everywhere().filter(pk__in=[s.pk for s in seats])):
        state = queries.trained(seat.last_trained, seat.since, today)  # type: ignore[attr-defined]
        if not state.flagged:
            continue
        if state.never:
            text = gettext("您还没有参加过代表培训（每两年至少一次）")
        else:
            text = gettext("您上次参加代表培训是 %(day)s，已超过两年") % {"day": state.last.isoformat()}  # type: ignore[union-attr]
        items.append(Item(text=text, url=reverse("reps:seat", args=[seat.pk]), where=seat.body.name, late=True))
    coming = Training.objects.filter(body_id__in={s.body_id for s in seats}, held_on__gte=today).order_by("held_on")
    for training in coming[: asking.limit]:
        items.append(
            Item(
                text=gettext("即将举行的培训：%(title)s") % {"title": training.title},
                url=reverse("reps:training", args=[training.pk]),
                where=training.place,
                when=training.held_on,
            )
        )
    return Found.of(items, limit=asking.limit)


def _links(asking: Asking) -> Found | None:
    seats = _seats(asking)
    if not seats:
        return None
    links = queries.open_links().filter(seat__in=seats).select_related("unit").order_by("since", "id")
    items = [
        Item(
            text=gettext("挂点：%(place)s（自 %(day)s 起）") % {"place": link.unit.name, "day": link.since.isoformat()},
            url=reverse("reps:seat", args=[link.seat_id]) + "#links",
            where=link.unit.name,
        )
        for link in links
    ]
    linked = {link.seat_id for link in links}
    for seat in seats:
        if seat.pk not in linked:
            items.append(
                Item(
                    text=gettext("您还没有挂点村（社区），请联系党代表联络工作人员安排"),
                    url=reverse("reps:seat", args=[seat.pk]) + "#links",
                    where=seat.body.name,
                    late=True,
                )
            )
    return Found.of(items, limit=asking.limit)


def _pages(asking: Asking) -> Found | None:
    """The congress's pages the person may open (shown, not counted): a representative's own page
    and the list; for the liaison staff the list, coverage and trainings, through ``reps:index``,
    which finds their congress (so the home page reads nothing for them)."""
    items = [
        Item(text=gettext("我的代表页"), url=reverse("reps:seat", args=[seat.pk]), where=seat.body.name)
        for seat in _seats(asking)
    ]
    liaison = any(r.kind in Role.MANAGING and r.unit.kind in access.LIAISON_KINDS for r in asking.roles)
    if items or liaison:
        items.append(Item(text=gettext("党代会代表名单"), url=reverse("reps:index")))
    if liaison:
        items.append(Item(text=gettext("代表挂点情况"), url=reverse("reps:index") + "?to=coverage"))
        items.append(Item(text=gettext("代表培训"), url=reverse("reps:index") + "?to=trainings"))
    return Found.of(items, limit=len(items))


REFERRALS = register(
    Source(
        "rep_referrals",
        _("转交给您、等您回复的诉求"),
        14,
        _referrals,
        help=_("其他代表按履职领域转交给您的诉求：请写下您怎么跟进。"),
    )
)
TRAINING = register(Source("rep_training", _("代表培训"), 40, _training, help=_("每位代表两年内至少参加一次培训。")))
LINKS = register(
    Source(
        "rep_links",
        _("我的挂点村（社区）"),
        41,
        _links,
        help=_("每个村（社区）都有代表挂点，每位代表都挂点一个村（社区）。"),
        task=False,
    )
)
PAGES = register(Source("rep_pages", _("党代表工作"), 56, _pages, task=False))
