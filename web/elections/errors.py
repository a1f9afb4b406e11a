"""Refused steps of an election, each with a stable code."""

from __future__ import annotations

from web.common.errors import RefusedStep


class ElectionError(RefusedStep):
    code = "election_error"
