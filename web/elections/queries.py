"""Reads and access checks for elections: the electing body's unit decides who sees them."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from web.common.numbers import is_ascii_digits
from web.elections.models import Election, Nomination, Stage
from web.org.models import Body, Person, Unit
from web.org.queries import check_path


def access_election(user: Any, election_id: int, *, manage: bool = False) -> Election:
    election = Election.objects.filter(pk=election_id).select_related("body__unit__parent").first()
    if election is None:
        raise Http404
    check_path(user, election.body.unit.path, manage=manage)
    return election


def stage_of(election: Election, stage_id: int) -> Stage:
    stage = election.stages.filter(pk=stage_id).first()
    if stage is None:
        raise Http404
    return stage


def nomination_of(election: Election, nomination_id: Any) -> Nomination:
    text = str(nomination_id or "")
    nom = election.nominations.filter(pk=int(text)).select_related("person").first() if is_ascii_digits(text) else None
    if nom is None:
        raise Http404
    return nom


def person_by_id_number(election: Election, id_number: str) -> Person | None:
    """A person of the election's unit tree by ID number (what a card reader types)."""
    text = id_number.strip().upper()[:18]
    if not text:
        return None
    return Person.objects.filter(id_number=text, unit_path__startswith=election.body.unit.path).first()


def public_elections(unit: Unit) -> QuerySet[Election]:
    """Elections of the unit whose notice or formal list is public (a notice stage has started)."""
    from django.db.models import Q

    noticed = Q(stages__kind="notice", stages__started_at__isnull=False)
    return (
        Election.objects.filter(body__unit=unit)
        .filter(noticed | Q(nominations__formal=True))
        .distinct()
        .order_by("-created_at")
    )


def bodies_around(election: Election) -> QuerySet[Body]:
    """The bodies a stage of ``election`` may meet in: those of its unit, the units below it and
    the units above it (the three-ballot method's full committee sits in the township)."""
    here = election.body.unit.path
    above = [here[:i] for i in range(2, len(here) + 1) if here[i - 1] == "/"]
    return (
        Body.objects.filter(Q(unit__path__startswith=here) | Q(unit__path__in=above))
        .select_related("unit")
        .order_by("unit__path", "name")
    )
