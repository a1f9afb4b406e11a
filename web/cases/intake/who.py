"""Who may enter a request for someone else, through which channels, for which places.

- a representative (a representative's role): channel ``representative``, linked to themselves,
  for the places of their units;
- a studio desk (a desk at a community's or street's office): ``representative`` too, naming one
  of the representatives of its area;
- a grid worker: ``grid``, for their grid;
- anyone at a desk or with a viewing role (staff taking a call, entering a paper form):
  ``phone`` and ``paper``."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from web.cases.models import Case, Desk, Office
from web.org.models import Person, Role
from web.org.queries import matching_people, under_paths, viewable_paths

CHANNEL_HELP: dict[str, Any] = {
    Case.Channel.REPRESENTATIVE: _("代表或代表工作站接待时代为登记"),
    Case.Channel.GRID: _("网格员走访时登记"),
    Case.Channel.PHONE: _("接听电话时登记"),
    Case.Channel.PAPER: _("录入纸质社情民意登记表"),
}


@dataclass
class Taker:
    """What the signed-in user may take: channels, places (unit paths), representatives."""

    channels: list[str] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)
    #: the user is a representative (the entry is linked to them unless they name another)
    is_representative: bool = False
    #: the user may search the roster of these paths for the requester
    roster_paths: list[str] = field(default_factory=list)

    def channel_choices(self) -> list[tuple[str, Any]]:
        labels = dict(Case.Channel.choices)
        words = gettext("%(channel)s：%(help)s")
        return [(c, words % {"channel": labels[c], "help": CHANNEL_HELP[c]}) for c in self.channels]


def taker(user: Any) -> Taker:
    roles = list(Role.objects.filter(user=user).values_list("kind", "unit__path"))
    desks = list(Desk.objects.filter(user=user).values_list("office__unit_path", "office__level"))
    viewing = viewable_paths(user)
    rep_paths = [path for kind, path in roles if kind == Role.Kind.REPRESENTATIVE]
    grid_paths = [path for kind, path in roles if kind == Role.Kind.GRID_WORKER]
    studio = any(level in (Office.Level.COMMUNITY, Office.Level.STREET) for _p, level in desks)
    channels: list[str] = []
    if rep_paths or studio:
        channels.append(Case.Channel.REPRESENTATIVE)
    if grid_paths:
        channels.append(Case.Channel.GRID)
    if desks or viewing:
        channels += [Case.Channel.PHONE, Case.Channel.PAPER]
    paths = sorted(set(viewing + rep_paths + [path for path, _level in desks]))
    return Taker(channels=channels, paths=paths, is_representative=bool(rep_paths), roster_paths=viewing)


def representatives(user: Any, found: Taker) -> list[tuple[str, str]]:
    """The representatives an entry may be linked to: the user (a representative), and those
    holding a representative's role in the user's places."""
    rows = (
        get_user_model()
        .objects.filter(roles__kind=Role.Kind.REPRESENTATIVE)
        .filter(under_paths("roles__unit__path", found.paths) | _self(user, found))
        .distinct()
        .order_by("display_name", "username")[:200]
    )
    return [(str(u.pk), str(u)) for u in rows]


def _self(user: Any, found: Taker) -> Any:
    from django.db.models import Q

    return Q(pk=user.pk) if found.is_representative else Q(pk__in=[])


def people(user: Any, found: Taker, q: str, *, within: str | None = None, limit: int = 10) -> list[Person]:
    """The people of the place (of the user's roster) matching ``q``; none without a search."""
    if not q.strip() or not found.roster_paths:
        return []
    rows = Person.objects.filter(under_paths("unit_path", found.roster_paths))
    if within:
        rows = rows.filter(unit_path__startswith=within)
    return list(matching_people(rows, user=user, q=q).order_by("name", "pk")[:limit])
