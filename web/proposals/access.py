"""Who may see and act on a proposal.

- A representative is a ``BodySeat`` (post 代表) on a party congress (REPS.md): they act on their
  own seat only: file, edit their own proposal while it collects seconds, second (附议) or
  decline, rate the answer to their own proposal. Every representative of the congress reads its
  proposals (to second one, or to join instead of filing a near-duplicate).
- The liaison staff (党代表联络工作) are the managers (``Role.MANAGING``) of the congress's unit and
  of the streets under it: a season is the congress unit's; a proposal lives in its delegation's
  street (else the congress's unit) and is managed by whoever manages that place from a street
  or district.
- The units handling it: the desks (``web.cases``) of its main unit answer it; the assisting
  units read it.

Every check reads the proposal as it is now (the actions lock it first)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from web.cases import access as case_access
from web.org.models import BodySeat, Role
from web.org.queries import STREET_LEVEL_KINDS, held_roles, viewable_paths
from web.proposals.errors import ProposalError
from web.proposals.models import Proposal, Season
from web.reps.queries import seats_held


def refuse(message: object, code: str = "refused", status: int = 409) -> ProposalError:
    return ProposalError(message, code=code, status=status)


def seats_of(user: Any) -> list[BodySeat]:
    """The user's seats as a representative of a party congress (their roster person's), read once."""
    return seats_held(user)


def seat_in(user: Any, body_id: int) -> BodySeat | None:
    return next((s for s in seats_of(user) if s.body_id == body_id), None)


def liaison_paths(user: Any) -> list[str]:
    """The paths of the streets and districts the user manages: where they do liaison work."""
    return sorted(
        {r.unit.path for r in held_roles(user) if r.kind in Role.MANAGING and r.unit.kind in STREET_LEVEL_KINDS}
    )


def manages(user: Any, path: str) -> bool:
    return any(path.startswith(p) for p in liaison_paths(user))


def manages_season(user: Any, season: Season) -> bool:
    return manages(user, season.unit_path)


def manages_proposal(user: Any, proposal: Proposal) -> bool:
    return manages(user, proposal.unit_path)


def is_proposer(user: Any, proposal: Proposal) -> bool:
    return any(s.pk == proposal.proposer_id for s in seats_of(user))


def handles(user: Any, proposal: Proposal) -> bool:
    return proposal.office_id is not None and proposal.office_id in case_access.office_ids(user)


def assists(user: Any, proposal: Proposal) -> bool:
    mine = case_access.office_ids(user)
    return bool(mine) and proposal.assists.filter(office_id__in=mine).exists()


def may_read_season(user: Any, season: Season) -> bool:
    return (
        seat_in(user, season.body_id) is not None
        or manages_season(user, season)
        or any(season.unit_path.startswith(p) or p.startswith(season.unit_path) for p in liaison_paths(user))
    )


def may_read(user: Any, proposal: Proposal) -> bool:
    return (
        seat_in(user, proposal.season.body_id) is not None
        or manages_proposal(user, proposal)
        or any(proposal.unit_path.startswith(p) for p in viewable_paths(user))
        or handles(user, proposal)
        or assists(user, proposal)
    )


def readable(user: Any) -> QuerySet[Proposal]:
    """The proposals the user may read, as one query."""
    if not getattr(user, "is_authenticated", False):
        return Proposal.objects.none()
    q = Q(season__body_id__in=[s.body_id for s in seats_of(user)])
    paths = liaison_paths(user) + viewable_paths(user)
    for p in paths:
        q |= Q(unit_path__startswith=p)
    mine = case_access.office_ids(user)
    if mine:
        q |= Q(office_id__in=mine) | Q(assists__office_id__in=mine)
    rows = Proposal.objects.filter(q)
    return rows.distinct() if mine else rows


# ---- refusals ------------------------------------------------------------------------------

NOT_LIAISON = _("只有负责党代表联络工作的街道或区里的工作人员可以这样做。")
NOT_PROPOSER = _("只有提案人本人可以这样做。")
NOT_HANDLER = _("这件提案不在您的单位办理。")


def check_manages_season(user: Any, season: Season) -> None:
    if not manages_season(user, season):
        raise refuse(NOT_LIAISON, "not_liaison", 403)


def check_manages(user: Any, proposal: Proposal) -> None:
    if not manages_proposal(user, proposal):
        raise refuse(NOT_LIAISON, "not_liaison", 403)


def check_proposer(user: Any, proposal: Proposal) -> BodySeat:
    seat = next((s for s in seats_of(user) if s.pk == proposal.proposer_id), None)
    if seat is None:
        raise refuse(NOT_PROPOSER, "not_proposer", 403)
    return seat


def check_handles(user: Any, proposal: Proposal) -> None:
    if not handles(user, proposal):
        raise refuse(NOT_HANDLER, "not_your_office", 403)
