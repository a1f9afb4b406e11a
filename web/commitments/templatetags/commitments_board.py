"""The unit's public board shows each adopted year's commitments with their progress and history,
and the year-end survey with the download of its open record."""

from __future__ import annotations

from typing import Any

from django import template

from web.commitments import queries

register = template.Library()


@register.simple_tag
def public_commitments(unit: Any) -> list[dict[str, Any]]:
    today = queries.today()
    items = []
    for year in queries.public_years(unit):
        survey = getattr(year, "survey", None)
        items.append(
            {
                "year": year,
                "rows": queries.commitment_rows(year, today),
                "survey": survey,
                "survey_rows": queries.survey_rows(survey) if survey else [],
                "barred": queries.barred_people(survey) if survey else [],
            }
        )
    return items
