"""Refused steps of a democratic recommendation, each with a stable code."""

from __future__ import annotations

from web.common.errors import RefusedStep


class RecommendationError(RefusedStep):
    code = "recommendation_error"
    #: a refusal of the classes' lists: each class's sentences, for the fields of the form
    by_class: dict[str, list[str]] | None = None
