"""Refused steps of a resident's request, each with a stable code."""

from __future__ import annotations

from web.common.errors import RefusedStep


class CaseError(RefusedStep):
    code = "case_error"
