"""The commitments part of a unit's public board: each adopted year's commitments with their
progress and history, and the year-end survey with its open record. Read in a fixed number of
queries whatever the number of years and commitments."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch

from web.commitments import queries
from web.commitments.models import Commitment, Survey
from web.org.models import Person, Unit


def commitments(unit: Unit) -> list[dict[str, Any]]:
    """Per adopted year, newest first: its rows (``queries.rows_of``), its survey with the
    survey's rows, and the people the survey's 60% flag names."""
    today = queries.today()
    years = list(
        queries.public_years(unit)
        .select_related("survey")
        .prefetch_related(
            Prefetch(
                "commitments",
                queryset=Commitment.objects.select_related("owner").prefetch_related("progress"),
                to_attr="board_commitments",
            )
        )
    )
    surveys = [year.survey for year in years if getattr(year, "survey", None)]
    barred = _barred_people(surveys)
    items = []
    for year in years:
        survey = getattr(year, "survey", None)
        items.append(
            {
                "year": year,
                "rows": queries.rows_of(year.board_commitments, today),
                "survey": survey,
                "survey_rows": queries.survey_rows(survey) if survey else [],
                "barred": barred.get(survey.pk, []) if survey else [],
            }
        )
    return items


def _barred_people(surveys: list[Survey]) -> dict[int, list[Person]]:
    """``queries.barred_people`` for several surveys in one query, by survey id."""
    wanted = {survey.pk: set(queries.barred_ids(survey)) for survey in surveys}
    ids = set().union(*wanted.values())
    people = list(Person.objects.filter(pk__in=ids).order_by("name")) if ids else []
    return {pk: [p for p in people if p.pk in pks] for pk, pks in wanted.items()}
