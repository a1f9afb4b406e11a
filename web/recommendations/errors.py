"""Refused steps of a democratic recommendation, each with a stable code."""

from __future__ import annotations

from web.common.errors import RefusedStep


class RecommendationError(RefusedStep):
    code = "recommendation_error"
