"""Refused steps of an appraisal session, each with a stable code."""

from __future__ import annotations

from web.common.errors import RefusedStep


class AppraisalError(RefusedStep):
    code = "appraisal_error"
