"""Where a request is: a community or village, then optionally one of its grids, then one of the
grid's buildings, chosen in three selects that work without JavaScript (the page is shown again
with the next level's choices).

The communities offered are those under a published dispatch catalogue (a case elsewhere could
not be routed), narrowed to a scope: a representative's units for a service card, the places a
staff member may take requests for."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from web.cases.models import Catalogue, Entry
from web.org.models import Unit
from web.org.queries import under_paths

COMMUNITY_KINDS = (Unit.Kind.COMMUNITY, Unit.Kind.VILLAGE)


def communities(scope: list[str] | None = None) -> list[Unit]:
    """The communities and villages under a published catalogue, within the ``scope`` paths (None:
    anywhere), in the tree's order."""
    catalogue_paths = sorted(set(Catalogue.objects.values_list("unit__path", flat=True)))
    if not catalogue_paths:
        return []
    rows = Unit.objects.filter(under_paths("path", catalogue_paths), kind__in=COMMUNITY_KINDS)
    if scope is not None:
        rows = rows.filter(_within_or_above(scope))
    return list(rows.order_by("path"))


def _within_or_above(scope: list[str]) -> Q:
    """Communities inside the scope, or the community a scope inside it (a grid worker's grid)
    belongs to."""
    q = under_paths("path", scope)
    for path in scope:
        q |= Q(path__in=[prefix for prefix in _prefixes(path)])
    return q


def _prefixes(path: str) -> list[str]:
    ids = [part for part in path.split("/") if part]
    return ["/" + "/".join(ids[: n + 1]) + "/" for n in range(len(ids))]


def children(unit: Unit, kind: str, scope: list[str] | None = None) -> list[Unit]:
    rows = unit.children.filter(kind=kind)
    if scope is not None:
        rows = rows.filter(_within_or_above(scope))
    return list(rows.order_by("name", "pk"))


@dataclass
class Picked:
    """The choices a place form offers and what was chosen so far."""

    communities: list[Unit]
    grids: list[Unit]
    buildings: list[Unit]
    community: Unit | None = None
    grid: Unit | None = None
    building: Unit | None = None

    @property
    def place(self) -> Unit | None:
        """The most precise place chosen."""
        return self.building or self.grid or self.community


def _one(rows: list[Unit], raw: object) -> Unit | None:
    text = str(raw or "")
    return next((u for u in rows if str(u.pk) == text), None)


def pick(data: dict[str, object], scope: list[str] | None = None) -> Picked:
    """What ``data`` (``community``, ``grid``, ``building`` ids) chooses among what may be chosen:
    an id that is not one of the offered choices (another street's, a grid of another community)
    counts as not chosen."""
    offered = communities(scope)
    picked = Picked(communities=offered, grids=[], buildings=[])
    if len(offered) == 1 and not data.get("community"):
        picked.community = offered[0]
    else:
        picked.community = _one(offered, data.get("community"))
    if picked.community is None:
        return picked
    picked.grids = children(picked.community, Unit.Kind.GRID, scope)
    picked.grid = _one(picked.grids, data.get("grid"))
    if picked.grid is None:
        return picked
    picked.buildings = children(picked.grid, Unit.Kind.BUILDING)
    picked.building = _one(picked.buildings, data.get("building"))
    return picked


def catalogue_of(picked: Picked) -> Catalogue | None:
    """The catalogue the categories come from: the chosen community's, else the one every
    offered community shares (one street: the form shows its categories at once)."""
    from web.cases.access import catalogue_for

    if picked.community is not None:
        return catalogue_for(picked.community)
    latest: dict[str, Catalogue] = {}
    for catalogue in Catalogue.objects.select_related("unit").order_by("unit_id", "-version"):
        latest.setdefault(catalogue.unit.path, catalogue)
    found = set()
    for community in picked.communities:
        above = [path for path in latest if community.path.startswith(path)]
        if above:
            found.add(latest[max(above, key=len)].pk)
    if len(found) != 1:
        return None
    return next(c for c in latest.values() if c.pk in found)


def entries(catalogue: Catalogue | None, q: str = "") -> list[Entry]:
    """The catalogue's categories, narrowed by words in their name, keywords or description."""
    if catalogue is None:
        return []
    rows = catalogue.entries.all()
    for word in q.split()[:5]:
        rows = rows.filter(Q(name__contains=word) | Q(keywords__contains=word) | Q(description__contains=word))
    return list(rows.order_by("group", "name"))
