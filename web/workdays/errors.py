"""Refused changes of the working-day calendar, each with a stable code."""

from __future__ import annotations

from web.common.errors import RefusedStep


class WorkdayError(RefusedStep):
    code = "workday_error"
