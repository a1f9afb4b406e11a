"""Refused steps of the year's commitments, each with a stable code."""

from __future__ import annotations

from web.common.errors import RefusedStep


class CommitmentError(RefusedStep):
    code = "commitment_error"
