"""Refused steps of a representative's proposal, each with a stable code."""

from __future__ import annotations

from web.common.errors import RefusedStep


class ProposalError(RefusedStep):
    code = "proposal_error"
