"""Who may see and act on a case, and where the catalogue sends it.

Every check reads the case as it is now (the actions lock it first): an office acts on the cases
it holds, a dispatcher on the cases located under its office's unit, a representative on the
cases linked to them, the requester on their own. Staff who may read a unit's roster may read
the cases located in it."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from web.cases.errors import CaseError
from web.cases.models import Case, CaseEvent, Catalogue, Desk, Entry, Office
from web.org.models import Unit
from web.org.queries import under_paths, viewable_paths


def _desks(user: Any) -> list[tuple[int, str, str, int]]:
    """(office id, office unit path, post, level) of each desk the user holds, read once per user."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_jiceng_desks", None)
    if cached is None:
        cached = list(
            Desk.objects.filter(user=user).values_list("office_id", "office__unit_path", "post", "office__level")
        )
        user._jiceng_desks = cached
    return cached


def office_ids(user: Any) -> list[int]:
    """The offices the user works at (as handler or dispatcher)."""
    return [office for office, _path, _post, _level in _desks(user)]


def dispatch_paths(user: Any) -> list[str]:
    """The unit paths under which the user dispatches cases."""
    return [path for _office, path, post, _level in _desks(user) if post == Desk.Post.DISPATCHER]


def handles(user: Any, case: Case) -> bool:
    """The user works at the case's main office."""
    return case.office_id is not None and case.office_id in office_ids(user)


def assists(user: Any, case: Case) -> bool:
    mine = office_ids(user)
    return bool(mine) and case.assists.filter(office_id__in=mine).exists()


def dispatches(user: Any, case: Case) -> bool:
    """The user dispatches for the case's place: a dispatcher of its lead office or of an office
    whose unit contains the case's location."""
    return any(case.unit_path.startswith(path) for path in dispatch_paths(user)) or any(
        office == case.lead_id and post == Desk.Post.DISPATCHER for office, _p, post, _l in _desks(user)
    )


def is_requester(user: Any, case: Case) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return case.requester_user_id == user.pk or (
        case.requester_id is not None and getattr(user, "person_id", None) == case.requester_id
    )


def may_read(user: Any, case: Case) -> bool:
    return (
        is_requester(user, case)
        or (case.representative_id is not None and case.representative_id == getattr(user, "pk", None))
        or handles(user, case)
        or dispatches(user, case)
        or case.lead_id in office_ids(user)
        or assists(user, case)
        or any(case.unit_path.startswith(p) for p in viewable_paths(user))
        or referred_on(user).filter(case=case).exists()
    )


def referred_on(user: Any) -> QuerySet[CaseEvent]:
    """The referrals ``user`` made: a representative who passed a request on keeps following it
    (read only; the request's actions are its present representative's)."""
    if not getattr(user, "is_authenticated", False):
        return CaseEvent.objects.none()
    return CaseEvent.objects.filter(by=user, kind=CaseEvent.Kind.REFERRED)


def readable(user: Any) -> QuerySet[Case]:
    """The cases the user may read, as one query."""
    if not getattr(user, "is_authenticated", False):
        return Case.objects.none()
    mine = office_ids(user)
    q = Q(requester_user=user) | Q(representative=user) | Q(pk__in=referred_on(user).values("case_id"))
    if getattr(user, "person_id", None):
        q |= Q(requester_id=user.person_id)
    if mine:
        q |= Q(office_id__in=mine) | Q(lead_id__in=mine) | Q(assists__office_id__in=mine)
    paths = dispatch_paths(user) + viewable_paths(user)
    if paths:
        q |= under_paths("unit_path", paths)
    rows = Case.objects.filter(q)
    return rows.distinct() if mine else rows


def may_take_at(user: Any, unit: Unit) -> bool:
    """Whether ``user`` may enter a request for someone else located at ``unit``: a place under one
    of their offices, a unit whose roster they may read, or a unit they represent or serve as grid
    worker (read as the user's roles are now)."""
    from web.org.models import Role

    paths = [path for _office, path, _post, _level in _desks(user)] + viewable_paths(user)
    paths += list(
        Role.objects.filter(user=user, kind__in=(Role.Kind.REPRESENTATIVE, Role.Kind.GRID_WORKER)).values_list(
            "unit__path", flat=True
        )
    )
    return any(unit.path.startswith(path) for path in paths)


# ---- refusals ------------------------------------------------------------------------------


def refuse(message: object, code: str = "refused", status: int = 409) -> CaseError:
    return CaseError(message, code=code, status=status)


def check_handles(user: Any, case: Case) -> None:
    if not handles(user, case):
        raise refuse(_("这件诉求不在您的单位办理。"), "not_your_office", 403)


def check_dispatches(user: Any, case: Case) -> None:
    if not dispatches(user, case):
        raise refuse(_("只有负责这个地方的派单员可以这样做。"), "not_dispatcher", 403)


# ---- the catalogue and routing --------------------------------------------------------------


def catalogue_for(unit: Unit) -> Catalogue | None:
    """The current catalogue of the nearest street or district above (or at) ``unit``."""
    return Catalogue.objects.filter(unit_id__in=unit.ancestor_ids()).order_by("-unit__depth", "-version").first()


def current_entries(unit: Unit) -> QuerySet[Entry]:
    catalogue = catalogue_for(unit)
    if catalogue is None:
        return Entry.objects.none()
    return catalogue.entries.all()


def office_at(unit: Unit, level: int, duty: str = "") -> Office | None:
    """The office in charge at ``level`` (or the nearest level above that has one) for a case
    located at ``unit``: the department of ``duty`` sitting at a street or district above it, else
    that unit's own office (a grid's, a community's, a street's, the district's). A case located at
    a community with no grid office goes to the community."""
    offices = list(Office.objects.filter(unit_id__in=unit.ancestor_ids(), duty__in={duty, ""}))
    above = [o for o in offices if o.level >= level]
    # the lowest level first, and at one level the department of the duty before the unit's office
    above.sort(key=lambda o: (o.level, o.duty != duty))
    return above[0] if above else None


def route(case: Case) -> Office | None:
    """Where the catalogue sends the case at its current escalation level."""
    entry = case.entry
    level = max(entry.level, case.level)
    return office_at(case.unit, level, entry.duty if level >= Office.Level.STREET else "")


def next_office(case: Case) -> Office | None:
    """The office a level above the case's current one (its department at the district level)."""
    current = case.office.level if case.office is not None else case.level
    if current >= Office.Level.DISTRICT:
        return None
    duty = case.entry.duty if current + 1 >= Office.Level.STREET else ""
    return office_at(case.unit, current + 1, duty)


def lead_for(unit: Unit, taken_by: Any) -> Office:
    """首接负责: the office that receives the case leads it: the taker's own office covering the
    place (a grid worker's grid, a studio's community), else the community or village of the
    place, else the street."""
    for office_id, path, _post, _level in sorted(_desks(taken_by), key=lambda d: -len(d[1])):
        if unit.path.startswith(path):
            return Office.objects.get(pk=office_id)
    office = office_at(unit, Office.Level.COMMUNITY)
    if office is None:
        raise refuse(_("这个地方还没有受理诉求的单位，请联系街道。"), "no_office", 422)
    return office
