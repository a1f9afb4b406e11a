"""Refused steps of the points ledger, each with a stable code."""

from __future__ import annotations

from web.common.errors import RefusedStep


class PointsError(RefusedStep):
    code = "points_error"
